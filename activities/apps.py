from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "组织生活"

    def ready(self):
        from activities import panels, reminders
        from core.panels import register_flag, register_section
        from reminders.registry import register_collector

        register_section("organization", panels.organization_due, order=10)
        register_section("member", panels.member_attendance, order=10)
        register_flag("member", panels.long_absence)
        register_collector(reminders.meeting_candidates)
        register_collector(reminders.requirement_candidates)
