from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "示范创建"

    def ready(self):
        from assessments.reminders import rectification_candidates
        from reminders.registry import register_collector

        register_collector(rectification_candidates)
