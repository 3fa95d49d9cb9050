from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "提醒"

    def ready(self):
        from reminders.elections import election_candidates
        from reminders.registry import register_collector

        register_collector(election_candidates)
