from django.db import migrations

SWEEP = "每日提醒扫描"
DELIVER = "提醒补发（重试失败的发送）"


def add_schedule(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    Interval = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    daily, _ = Crontab.objects.get_or_create(minute="0", hour="7", day_of_week="*", day_of_month="*",
                                             month_of_year="*", timezone="Asia/Shanghai")
    every_ten, _ = Interval.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(name=SWEEP, defaults={"task": "reminders.sweep", "crontab": daily})
    PeriodicTask.objects.get_or_create(name=DELIVER, defaults={"task": "reminders.deliver", "interval": every_ten})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[SWEEP, DELIVER]).delete()


class Migration(migrations.Migration):
    dependencies = [("reminders", "0001_initial"), ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(add_schedule, remove_schedule)]
