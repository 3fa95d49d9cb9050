"""Register the project's models with django-auditlog: every create, update and delete through
the ORM is logged with the actor and the remote address (AuditlogMiddleware). Personal data is
masked in the log; views and exports of personal data are in members.PersonalDataLog."""

from django.apps import apps

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
