"""The members app; on start it registers the pipeline's collector with the daily reminder sweep."""

from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "党员"

    def ready(self):
        from members.pipeline.reminders import pipeline_candidates
        from reminders.registry import register_collector

        register_collector(pipeline_candidates)
