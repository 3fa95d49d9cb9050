"""Import jobs are queued at upload (the 'uploaded' status goes) and record when they were last
queued, so that a stuck one can expire; at most one per user may be queued or running (0005)."""

from django.db import migrations, models

UNFINISHED = "上传或导入未完成（已被系统结束），未写入任何数据。请重新上传。"


def settle_unfinished_jobs(apps, schema_editor):
    """Before the constraint: 'uploaded' is no longer a status, and a user keeps only the newest of
    several queued or running jobs; the others are marked failed (none of them has written anything).
    The one kept counts as queued when it was uploaded (so that it can expire if it is stuck)."""
    ImportJob = apps.get_model("members", "ImportJob")
    ImportJob.objects.filter(status__in=["queued", "running"]).update(queued_at=models.F("created_at"))
    ImportJob.objects.filter(status="uploaded").update(status="failed", message=UNFINISHED)
    newest = {}
    for pk, user_id in ImportJob.objects.filter(status__in=["queued", "running"]).order_by("-created_at", "-pk") \
            .values_list("pk", "created_by_id"):
        if user_id is not None:
            newest.setdefault(user_id, pk)
    (ImportJob.objects.filter(status__in=["queued", "running"], created_by__isnull=False)
     .exclude(pk__in=newest.values()).update(status="failed", message=UNFINISHED))


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0006_personaldatalog_id_lookup'),
    ]

    operations = [
        migrations.AddField(
            model_name='importjob',
            name='queued_at',
            field=models.DateTimeField(blank=True, help_text='最近一次交给后台处理的时间', null=True, verbose_name='排队时间'),
        ),
        migrations.RunPython(settle_unfinished_jobs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='importjob',
            name='status',
            field=models.CharField(choices=[('previewed', '待确认'), ('invalid', '有错误'), ('queued', '排队中'), ('running', '处理中'), ('done', '已完成'), ('failed', '失败')], default='queued', max_length=12, verbose_name='状态'),
        ),
    ]
