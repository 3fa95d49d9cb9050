from django.db import migrations

# docs/domain.md §3 defaults (branch work regulations); organizations and organization kinds may override.
DEFAULTS = [
    ("general_meeting", "quarter", False),
    ("committee_meeting", "month", False),
    ("group_meeting", "month", True),
    ("lecture", "quarter", False),
    ("theme_day", "month", False),
    ("life_meeting", "year", False),
    ("appraisal", "year", False),
    ("talk", "year", False),
]


def add_defaults(apps, schema_editor):
    Requirement = apps.get_model("activities", "Requirement")
    for kind, period, per_group in DEFAULTS:
        Requirement.objects.get_or_create(
            kind=kind, org_kind="", organization=None, defaults={"period": period, "times": 1, "per_group": per_group}
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("activities", "Requirement").objects.filter(org_kind="", organization=None).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, remove_defaults)]
