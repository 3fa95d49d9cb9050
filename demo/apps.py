from django.apps import AppConfig


class DemoConfig(AppConfig):
    """seed_demo and demo_logins: a deterministic demo world at every scale, over every app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "演示数据"
