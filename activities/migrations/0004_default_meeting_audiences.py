from django.db import migrations

# docs/domain.md §3: who each kind of meeting expects (activities.attendees reads these rows).
DEFAULTS = [
    ("general_meeting", "branch"),
    ("committee_meeting", "committee"),
    ("group_meeting", "group"),
    ("lecture", "branch"),
    ("theme_day", "branch"),
    ("life_meeting", "branch"),
    ("appraisal", "branch"),
    ("talk", "pair"),
]


def add_defaults(apps, schema_editor):
    MeetingAudience = apps.get_model("activities", "MeetingAudience")
    for kind, audience in DEFAULTS:
        MeetingAudience.objects.get_or_create(kind=kind, defaults={"audience": audience})


def remove_defaults(apps, schema_editor):
    apps.get_model("activities", "MeetingAudience").objects.filter(kind__in=[k for k, _ in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_meeting_audience_and_sitting_in")]
    operations = [migrations.RunPython(add_defaults, remove_defaults)]
