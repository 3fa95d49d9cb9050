"""The object a page is about, fetched through the user's VIEW scope: outside it, a 404."""

from django.shortcuts import get_object_or_404

from accounts.scope import VIEW
from assessments.models import Campaign, Participation, Scheme
from branches.models import Organization


def scheme_or_404(user, pk) -> Scheme:
    return get_object_or_404(Scheme.objects.restrict(user, VIEW).select_related("owner"), pk=pk)


def campaign_or_404(user, pk) -> Campaign:
    return get_object_or_404(Campaign.objects.restrict(user, VIEW).select_related("scheme", "organizer"), pk=pk)


def participation_or_404(user, pk) -> Participation:
    visible = Participation.objects.restrict(user, VIEW)
    return get_object_or_404(visible.select_related("campaign__scheme", "campaign__organizer", "branch"), pk=pk)


def organization_or_404(user, pk) -> Organization:
    return get_object_or_404(Organization.objects.restrict(user, VIEW), pk=pk)
