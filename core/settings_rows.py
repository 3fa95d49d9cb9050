"""Shared pieces for the one-row settings models (RuleSet, PipelineRules, ActivityRules,
ReminderSettings): thresholds the domain marks configurable live in the database, not in code."""

from django.db import models


class SettingsRow(models.Model):
    """A model with a single row (pk 1), created with its field defaults on first use."""

    class Meta:
        abstract = True

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls):
        row, _ = cls.objects.get_or_create(pk=1)
        return row
