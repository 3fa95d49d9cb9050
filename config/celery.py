"""The project's Celery app. Apps send tasks through core.tasks.enqueue_on_commit."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("zhibu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
