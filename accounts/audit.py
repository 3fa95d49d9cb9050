"""Register the project's models with django-auditlog: every create, update and delete through
the ORM is logged with the actor and the client's address (AuditlogMiddleware below). Personal data
is masked in the log; views and exports of personal data are in members.PersonalDataLog."""

from auditlog import middleware as auditlog_middleware
from django.apps import apps
from django.conf import settings

from core.client_address import client_address, via_trusted_proxy

AUDITED_APPS = ("accounts", "branches", "members", "activities", "assessments", "reminders", "dashboards")
NOT_AUDITED = {
    "reminders.reminder",  # machine-generated in bulk by the daily sweep; its own rows are the record
    "members.personaldatalog",  # already an append-only log
}
MASKED_FIELDS = {
    "members.member": ["id_number", "phone"],
    "members.applicant": ["id_number", "phone"],
}
EXCLUDED_FIELDS = {
    "members.importjob": ["file_data", "preview", "errors"],
    "accounts.user": ["last_login", "password"],
}


def register_models() -> None:
    from auditlog.registry import auditlog

    for config in apps.get_app_configs():
        if config.label not in AUDITED_APPS:
            continue
        for model in config.get_models():
            label = model._meta.label_lower
            if model.__name__.startswith("Historical") or label in NOT_AUDITED or auditlog.contains(model):
                continue
            auditlog.register(model, mask_fields=MASKED_FIELDS.get(label, []),
                              exclude_fields=EXCLUDED_FIELDS.get(label, []))


class AuditlogMiddleware(auditlog_middleware.AuditlogMiddleware):
    """django-auditlog's own middleware logs the first X-Forwarded-For entry, which any client can
    write: the address comes from core.client_address, as for the personal-data log and logins."""

    @staticmethod
    def _get_remote_addr(request):
        return None if settings.AUDITLOG_DISABLE_REMOTE_ADDR else client_address(request)

    @staticmethod
    def _get_remote_port(request):
        return auditlog_middleware.AuditlogMiddleware._get_remote_port(request) if via_trusted_proxy(request) else None
