"""The constraint in a migration of its own: PostgreSQL cannot build an index in the transaction
that has just updated the table's rows (0004)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0007_import_jobs_one_at_a_time"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="importjob",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["queued", "running"])), fields=("created_by",),
                name="one_running_import_per_user", violation_error_message="您已有一个导入正在进行。",
            ),
        ),
    ]
