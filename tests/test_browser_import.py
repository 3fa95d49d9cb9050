"""In real Chromium at a phone viewport, with a real Celery worker parsing the uploads: a branch
secretary uploads a roster with a mistake, sees the progress bar, reads the error in the preview,
uploads the corrected file, confirms, and finds the members listed."""

import pytest
from playwright.sync_api import expect

from tests.celery_support import celery_worker, unheard_queue  # noqa: F401  (fixtures)
from tests.test_browser_scope import log_in
from tests.test_roster_import import person, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKER = 30_000  # ms: the worker's step plus the page's next poll, on a loaded machine


def choose_file(page, name, data):
    page.get_by_label("名册文件（.xlsx）").set_input_files(files=[{"name": name, "mimeType": XLSX, "buffer": data}])


@pytest.mark.slow
def test_upload_fix_confirm_and_see_the_members(live_server, phone_page, tree, celery_worker):  # noqa: F811
    page = phone_page
    rows = [person(1, 姓名="赵一"), person(2, 姓名="钱二", 入党日期="2010年2月30日")]
    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/members/import/")
    expect(page.get_by_role("heading", name="导入党员名册")).to_be_visible()

    choose_file(page, "名册.xlsx", xlsx(rows, titles=["甲公司党员名册"]))
    page.get_by_role("button", name="上传并校验").click()

    expect(page.get_by_role("progressbar", name="导入进度")).to_be_visible()
    errors = page.locator(".import-errors")
    expect(errors).to_contain_text("第 4 行", timeout=WORKER)
    expect(errors).to_contain_text("入党日期")
    expect(errors).to_contain_text("日期「2010年2月30日」不存在")
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)

    rows[1] = person(2, 姓名="钱二", 入党日期="2010年2月28日")
    choose_file(page, "名册（修改后）.xlsx", xlsx(rows, titles=["甲公司党员名册"]))
    page.get_by_role("button", name="上传并校验").click()

    preview = page.locator("table.import-preview")
    expect(preview).to_contain_text("赵一", timeout=WORKER)
    expect(preview).to_contain_text("新增")
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("status")).to_contain_text("导入完成", timeout=WORKER)

    page.get_by_role("button", name="查看党员名册").click()  # a link styled role="button"
    expect(page.get_by_role("link", name="赵一")).to_be_visible()
    expect(page.get_by_role("link", name="钱二")).to_be_visible()


def test_a_second_upload_while_the_first_waits_names_the_running_one(
        live_server, phone_page, tree, unheard_queue):  # noqa: F811
    """No worker consumes the queue here: the first upload stays queued."""
    page = phone_page
    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/members/import/")
    choose_file(page, "第一份.xlsx", xlsx([person(1)]))
    page.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_role("progressbar", name="导入进度")).to_be_visible()

    page.goto(f"{live_server.url}/members/import/")
    choose_file(page, "第二份.xlsx", xlsx([person(2)]))
    page.get_by_role("button", name="上传并校验").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("您已有一个导入正在进行")
    alert.get_by_role("link", name="第一份.xlsx").click()
    expect(page.get_by_role("heading", name="第一份.xlsx")).to_be_visible()
