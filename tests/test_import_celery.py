"""Every upload is parsed in a real Celery worker process, never in the web request: the page
shows progress at once, then the preview; confirming queues the write, which lands all at once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import ImportJob, Member
from tests.celery_support import celery_worker, wait_for  # noqa: F401  (fixture)
from tests.test_roster_import import person, xlsx

pytestmark = [pytest.mark.slow]

ROWS = 2_500


def status(job):
    job.refresh_from_db()
    return job.status


def upload(client, data, name="名册.xlsx"):
    return client.post(reverse("members:import"), {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_a_small_upload_is_parsed_by_the_worker_and_the_preview_appears(client, tree, celery_worker):  # noqa: F811
    client.force_login(tree.admin_w)

    response = upload(client, xlsx([person(1, 姓名="赵一"), person(2, 姓名="钱二")]))

    assert "<progress" in response.content.decode()
    job = ImportJob.objects.get()
    wait_for(lambda: status(job) == "previewed", worker=celery_worker)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "赵一" in page and "确认导入" in page and "<progress" not in page
    assert "members.import_roster_job" in celery_worker.output()
    assert not Member.objects.exists()


def test_a_large_import_runs_in_the_worker_with_progress(client, tree, celery_worker):  # noqa: F811
    client.force_login(tree.admin_w)
    data = xlsx([person(n, 所在党组织="A" if n % 2 else "B") for n in range(1, ROWS + 1)], titles=["大名册"])

    response = upload(client, data, "大名册.xlsx")

    job = ImportJob.objects.get()
    page = response.content.decode()
    assert "<progress" in page and 'hx-trigger="every 1s"' in page  # queued for the worker, not run here
    wait_for(lambda: status(job) == "previewed", worker=celery_worker)
    assert (job.total_rows, job.created_count, job.error_count, job.processed_rows) == (ROWS, ROWS, 0, ROWS)
    assert not Member.objects.exists()

    client.post(reverse("members:import_confirm", args=[job.pk]))
    assert status(job) in ("queued", "running", "done")
    wait_for(lambda: status(job) == "done", worker=celery_worker)

    assert Member.objects.count() == ROWS
    assert job.created_count == ROWS and job.processed_rows == ROWS
    progress = client.get(reverse("members:import_progress", args=[job.pk]))
    assert "2500 / 约 2500 行（100%）" in progress.content.decode()


def test_a_large_file_with_an_error_is_invalid_and_writes_nothing(client, tree, celery_worker):  # noqa: F811
    client.force_login(tree.admin_w)
    rows = [person(n) for n in range(1, ROWS + 1)]
    rows[-1] = person(ROWS, 所在党组织="丙公司党支部")
    upload(client, xlsx(rows))

    job = ImportJob.objects.get()
    wait_for(lambda: status(job) == "invalid", worker=celery_worker)

    assert job.error_count == 1 and job.errors[0]["row"] == ROWS + 1
    assert "不在您可以导入的范围内" in job.errors[0]["message"]
    assert not Member.objects.exists()
