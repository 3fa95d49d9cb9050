"""In Chromium at a phone viewport: 工委 staff open the dashboard, drill into a region, open the list
behind a number and export it to xlsx."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.test_browser_scope import log_in
from tests.test_dashboard_world import world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_drill_into_a_region_and_export_a_list(live_server, phone_page, world):
    page = phone_page
    log_in(page, live_server, "staff_w")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", name="东海市两新工委")).to_be_visible()
    expect(page.locator("#chart-region canvas")).to_have_count(1)  # drawn by the vendored ECharts
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("link", name="上城区", exact=True).click()
    expect(page.get_by_text("行政区划：上城区")).to_be_visible()
    assert f"region={world.upper.pk}" in page.url

    page.locator("#gaps .stats > div", has_text="有党员未建党组织").get_by_role("link").click()
    expect(page.get_by_role("heading", name="有党员未建党组织")).to_be_visible()
    expect(page.get_by_role("link", name="丁公司")).to_be_visible()
    expect(page.get_by_text("共 1 条")).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("button", name="导出 Excel").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as content:
        rows = list(load_workbook(content).active.iter_rows(values_only=True))
    assert rows[2][0] == "单位名称" and [r[0] for r in rows[3:]] == ["丁公司"]
