"""The import pages: upload → preview (per row: created, updated or the errors) → confirm; the
template and the error report as xlsx; jobs belong to whoever ran them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from members.models import ImportJob, Member
from tests.test_roster_import import HEADER, person, xlsx

pytestmark = pytest.mark.django_db


def upload(client, data, name="名册.xlsx", **fields):
    return client.post(reverse("members:import"), {"file": SimpleUploadedFile(name, data), **fields}, follow=True)


@pytest.fixture
def admin_client_w(client, tree):
    client.force_login(tree.admin_w)
    return client


def test_upload_preview_then_confirm(admin_client_w, tree):
    response = upload(admin_client_w, xlsx([person(1), person(2)]))

    job = ImportJob.objects.get()
    assert (job.status, job.created_by, job.created_count) == ("previewed", tree.admin_w, 2)
    page = response.content.decode()
    assert "确认导入" in page and "党员1" in page and "新增" in page
    assert not Member.objects.exists()

    response = admin_client_w.post(reverse("members:import_confirm", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert job.status == "done" and job.finished_at
    assert "导入完成" in response.content.decode()
    assert Member.objects.count() == 2


def test_errors_are_listed_with_excel_row_and_column_and_nothing_can_be_confirmed(admin_client_w):
    response = upload(admin_client_w, xlsx([person(1), person(2, 入党日期="2019.02.30")], titles=["名册"]))

    job = ImportJob.objects.get()
    assert job.status == "invalid"
    page = response.content.decode()
    assert "第 4 行</strong> · I列 入党日期" in page and "日期「2019.02.30」不存在" in page
    assert "确认导入" not in page and "修改后重新上传" in page

    admin_client_w.post(reverse("members:import_confirm", args=[job.pk]))
    assert not Member.objects.exists()


def test_the_error_report_is_an_xlsx_with_excel_row_numbers(admin_client_w):
    upload(admin_client_w, xlsx([person(1, 性别="女")], titles=["名册", "二〇二四年"]))
    job = ImportJob.objects.get()

    response = admin_client_w.get(reverse("members:import_errors", args=[job.pk]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("行号", "列", "列名", "错误说明")
    assert rows[2][:3] == (4, "B", "性别")


def test_confirming_twice_imports_once(admin_client_w):
    upload(admin_client_w, xlsx([person(1)]))
    job = ImportJob.objects.get()
    url = reverse("members:import_confirm", args=[job.pk])
    admin_client_w.post(url)
    response = admin_client_w.post(url, follow=True)
    assert "不能确认" in response.content.decode()
    assert Member.objects.count() == 1


def test_a_file_error_is_shown_on_the_form(admin_client_w):
    response = upload(admin_client_w, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert "文件已加密或不是xlsx格式" in response.content.decode()
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
    upload(client, xlsx([person(1)], header=header), organization=tree.a.pk)
    assert ImportJob.objects.get().status == "previewed"


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
    upload(admin_client_w, filled.getvalue())
    assert ImportJob.objects.get().status == "previewed"


def test_progress_of_a_finished_job_tells_htmx_to_refresh(admin_client_w):
    upload(admin_client_w, xlsx([person(1)]))
    job = ImportJob.objects.get()
    response = admin_client_w.get(reverse("members:import_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
