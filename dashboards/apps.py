from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "统计分析"

    def ready(self):
        from dashboards import signals

        signals.connect()
