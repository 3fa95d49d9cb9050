"""Every transfer written before transfers became two-sided recorded a move already made:
internal moves and transfers in become "accepted", transfers out of the system "completed"."""

from django.db import migrations, models


def mark_existing_as_done(apps, schema_editor):
    MemberTransfer = apps.get_model("members", "MemberTransfer")
    MemberTransfer.objects.filter(direction="out").update(status="completed")
    MemberTransfer.objects.exclude(direction="out").update(status="accepted")
    MemberTransfer.objects.filter(effective_on__isnull=True).update(effective_on=models.F("transferred_on"))


def drop_unmade_moves(apps, schema_editor):
    """Without a status every row reads as a move made: drop those that never moved anyone."""
    MemberTransfer = apps.get_model("members", "MemberTransfer")
    MemberTransfer.objects.exclude(status__in=["accepted", "completed"]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0004_two_sided_transfers"),
    ]

    operations = [
        migrations.RunPython(mark_existing_as_done, drop_unmade_moves),
    ]
