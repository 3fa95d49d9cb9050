"""Signals of the members app."""

from django.dispatch import Signal

# Sent after rows were written in bulk (no per-row save signals), with the organization ids they
# touched; receivers such as the dashboards mark their cached figures out of date.
members_written = Signal()  # kwargs: organization_ids (set[int])
