from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    """The home page of every role: what is due, gathered from the apps below (docs/architecture.md)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "workbench"
    verbose_name = "工作台"
