"""The import pages: upload (checked cheaply, stored, queued — never parsed in the request) →
preview (per row: created, updated or the errors) → confirm; one running import per user; the
template and the error report as xlsx; jobs belong to whoever ran them.

Here the worker's step runs in this process (`work`); tests/test_import_celery.py runs it in a
real Celery worker."""

import io
import threading
import tracemalloc
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from members.models import ImportJob, Member
from members.tasks import import_roster_job
from tests.celery_support import unheard_queue  # noqa: F401  (fixture)
from tests.test_bad_files import with_spaces
from tests.test_roster_import import HEADER, person, xlsx

pytestmark = pytest.mark.django_db
BUSY = "您已有一个导入正在进行"


def upload(client, data, name="名册.xlsx", **fields):
    return client.post(reverse("members:import"), {"file": SimpleUploadedFile(name, data), **fields}, follow=True)


def work(job, phase="preview") -> ImportJob:
    """The worker's step, run in this process (the Celery task's function called directly)."""
    import_roster_job(job.pk, phase)
    job.refresh_from_db()
    return job


def upload_and_parse(client, data, **fields):
    """Upload, then the worker's step for the preview, run in this process: (job, its page)."""
    upload(client, data, **fields)
    job = work(ImportJob.objects.latest("created_at"))
    return job, client.get(job.get_absolute_url())


def confirm_and_write(client, job):
    """Confirm, then the worker's step for the write, run in this process: (job, its page)."""
    client.post(reverse("members:import_confirm", args=[job.pk]))
    job = work(job, "confirm")
    return job, client.get(job.get_absolute_url())


@pytest.fixture
def admin_client_w(client, tree):
    client.force_login(tree.admin_w)
    return client


def test_the_upload_only_stores_and_queues_the_file_and_shows_progress(admin_client_w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as sent:
        response = upload(admin_client_w, xlsx([person(1), person(2)]))

    job = ImportJob.objects.get()
    assert (job.status, job.total_rows, job.preview, job.created_count) == ("queued", 0, [], 0)
    assert len(sent) == 1  # the worker's task, sent once the job is committed
    page = response.content.decode()
    assert "<progress" in page and 'hx-trigger="every 1s"' in page and "排队等待后台处理" in page


def test_upload_preview_then_confirm(admin_client_w, tree):
    job, response = upload_and_parse(admin_client_w, xlsx([person(1), person(2)]))

    assert (job.status, job.created_by, job.created_count) == ("previewed", tree.admin_w, 2)
    page = response.content.decode()
    assert "确认导入" in page and "党员1" in page and "新增" in page
    assert not Member.objects.exists()

    response = admin_client_w.post(reverse("members:import_confirm", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert job.status == "queued" and "<progress" in response.content.decode()
    assert not Member.objects.exists()
    job, response = work(job, "confirm"), admin_client_w.get(job.get_absolute_url())
    assert job.status == "done" and job.finished_at
    assert "导入完成" in response.content.decode()
    assert Member.objects.count() == 2


def test_errors_are_listed_with_excel_row_and_column_and_nothing_can_be_confirmed(admin_client_w):
    job, response = upload_and_parse(admin_client_w, xlsx([person(1), person(2, 入党日期="2019.02.30")], titles=["名册"]))

    assert job.status == "invalid"
    page = response.content.decode()
    assert "第 4 行</strong> · I列 入党日期" in page and "日期「2019.02.30」不存在" in page
    assert "确认导入" not in page and "修改后重新上传" in page

    admin_client_w.post(reverse("members:import_confirm", args=[job.pk]))
    assert work(job, "confirm").status == "invalid"
    assert not Member.objects.exists()


def test_a_file_the_worker_cannot_read_as_a_roster_is_explained_on_the_job_page(admin_client_w):
    job, response = upload_and_parse(admin_client_w, xlsx([["只是一张表"]], header=["甲", "乙"]))

    assert job.status == "invalid"
    page = response.content.decode()
    assert 'role="alert">没有找到表头' in page and "修改后重新上传" in page and "<progress" not in page


def test_the_error_report_is_an_xlsx_with_excel_row_numbers(admin_client_w):
    job, _ = upload_and_parse(admin_client_w, xlsx([person(1, 性别="女")], titles=["名册", "二〇二四年"]))

    response = admin_client_w.get(reverse("members:import_errors", args=[job.pk]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("行号", "列", "列名", "错误说明")
    assert rows[2][:3] == (4, "B", "性别")


def test_a_file_name_that_is_a_formula_stays_text_in_the_error_report(admin_client_w):
    name = '=HYPERLINK("mailto:x@example.com","点此查看").xlsx'  # no slash: Django keeps only a path's last part
    job, _ = upload_and_parse(admin_client_w, xlsx([person(1, 性别="女")]), name=name)

    sheet = load_workbook(io.BytesIO(admin_client_w.get(reverse("members:import_errors", args=[job.pk])).content)).active

    assert sheet["A1"].data_type == "s"
    assert sheet["A1"].value.startswith("'=HYPERLINK(")


def test_confirming_twice_imports_once(admin_client_w):
    job, _ = upload_and_parse(admin_client_w, xlsx([person(1)]))
    confirm_and_write(admin_client_w, job)

    response = admin_client_w.post(reverse("members:import_confirm", args=[job.pk]), follow=True)

    assert "不能确认" in response.content.decode()
    assert Member.objects.count() == 1


def test_a_second_upload_while_one_is_queued_is_refused_with_a_link_to_it(admin_client_w):
    upload(admin_client_w, xlsx([person(1)]), name="第一份.xlsx")
    first = ImportJob.objects.get()

    response = upload(admin_client_w, xlsx([person(2)]), name="第二份.xlsx")

    assert ImportJob.objects.get() == first
    page = response.content.decode()
    assert BUSY in page and f'<a href="{first.get_absolute_url()}">第一份.xlsx</a>' in page

    work(first)
    upload(admin_client_w, xlsx([person(2)]), name="第二份.xlsx")  # once it has been parsed, the next one may start
    assert ImportJob.objects.count() == 2


def test_confirming_while_another_import_is_queued_is_refused_with_a_link_to_it(admin_client_w):
    previewed, _ = upload_and_parse(admin_client_w, xlsx([person(1)]))
    upload(admin_client_w, xlsx([person(2)]), name="第二份.xlsx")
    queued = ImportJob.objects.get(status="queued")

    response = admin_client_w.post(reverse("members:import_confirm", args=[previewed.pk]), follow=True)

    previewed.refresh_from_db()
    assert previewed.status == "previewed"
    page = response.content.decode()
    assert BUSY in page and f'<a href="{queued.get_absolute_url()}">第二份.xlsx</a>' in page


def test_an_import_stuck_for_over_an_hour_ends_and_no_longer_blocks_the_next(admin_client_w):
    upload(admin_client_w, xlsx([person(1)]))  # its task was lost: no worker ever runs it
    stuck = ImportJob.objects.get()
    ImportJob.objects.filter(pk=stuck.pk).update(queued_at=timezone.now() - timedelta(minutes=61))

    upload(admin_client_w, xlsx([person(2)]))

    stuck.refresh_from_db()
    assert stuck.status == "failed" and "未写入任何数据" in stuck.message
    assert ImportJob.objects.filter(status="queued").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_uploads_at_the_same_moment_make_one_job(tree, unheard_queue):  # noqa: F811
    start, pages = threading.Barrier(2), []

    def post(name):
        try:
            client = Client()
            client.force_login(tree.admin_w)
            start.wait()
            pages.append(upload(client, xlsx([person(1)]), name=name).content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(f"名册{n}.xlsx",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert ImportJob.objects.count() == 1
    assert sorted(BUSY in page for page in pages) == [False, True]


def test_a_zip_bomb_is_refused_at_upload_without_being_inflated(admin_client_w):
    bomb = with_spaces(xlsx([person(1)]), "xl/worksheets/sheet1.xml", 380)  # like the 561 KB → 400 MB
    tracemalloc.start()
    try:
        response = upload(admin_client_w, bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert "解压后过大" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_a_file_error_is_shown_on_the_form(admin_client_w):
    response = upload(admin_client_w, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert "文件已加密或不是xlsx格式" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_truncated_file_is_refused_at_upload(admin_client_w):
    data = xlsx([person(1)])
    response = upload(admin_client_w, data[: len(data) // 2])
    assert "文件已损坏" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_only_xlsx_files_are_accepted(admin_client_w):
    response = upload(admin_client_w, b"a,b\n", name="roster.csv")
    assert ".xlsx" in response.content.decode() and not ImportJob.objects.exists()


@override_settings(ROSTER_IMPORT_MAX_BYTES=2048)
def test_an_oversize_upload_is_refused(admin_client_w):
    response = upload(admin_client_w, xlsx([person(n) for n in range(50)]))
    assert "文件过大" in response.content.decode()


def test_the_default_organization_choices_are_the_users_own(client, tree):
    client.force_login(tree.secretary_a)
    page = client.get(reverse("members:import")).content.decode()
    assert "甲公司党支部" in page and "乙公司党支部" not in page

    header = [h for h in HEADER if h != "所在党组织"]
    upload(client, xlsx([person(1)], header=header), organization=tree.b.pk)
    assert not ImportJob.objects.exists()  # not a valid choice for this secretary
    job, _ = upload_and_parse(client, xlsx([person(1)], header=header), organization=tree.a.pk)
    assert job.status == "previewed"


def test_staff_without_the_change_right_cannot_open_the_import(client, tree):
    client.force_login(tree.staff_w)
    assert client.get(reverse("members:import")).status_code == 403


def test_a_job_is_visible_only_to_whoever_ran_it(client, admin_client_w, tree):
    upload(admin_client_w, xlsx([person(1)]))
    job = ImportJob.objects.get()
    client.force_login(tree.secretary_a)
    for name in ("members:import_job", "members:import_errors", "members:import_progress"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("members:import_confirm", args=[job.pk])).status_code == 404


def test_the_template_has_the_canonical_headers_and_imports_once_filled(admin_client_w):
    response = admin_client_w.get(reverse("members:import_template"))
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book["党员名册"][1]] == HEADER
    assert "填写说明" in book.sheetnames

    book["党员名册"].append(list(person(1).values()))
    filled = io.BytesIO()
    book.save(filled)
    job, _ = upload_and_parse(admin_client_w, filled.getvalue())
    assert job.status == "previewed"


def test_progress_polls_while_queued_and_tells_htmx_to_refresh_once_parsed(admin_client_w):
    upload(admin_client_w, xlsx([person(1)]))
    job = ImportJob.objects.get()
    url = reverse("members:import_progress", args=[job.pk])
    assert 'hx-trigger="every 1s"' in admin_client_w.get(url, HTTP_HX_REQUEST="true").content.decode()

    work(job)

    assert admin_client_w.get(url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"
