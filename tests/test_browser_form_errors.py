"""In Chromium at a phone viewport: a form with a bad row shows the error and saves nothing."""

import pytest
from playwright.sync_api import expect

from tests.test_assess_workflow import build_campaign
from tests.test_browser_scope import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_rename_a_phase_with_another_ending_before_it_starts_and_nothing_is_saved(live_server, phone_page, tree):
    campaign = build_campaign(tree)
    page = phone_page
    log_in(page, live_server, "staff_w")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    page.goto(f"{live_server.url}/assessments/campaigns/{campaign.pk}/phases/")
    page.locator("#id_form-0-name").fill("动员部署")
    page.locator("#id_form-1-ends_on").fill("2025-01-01")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("阶段结束日期不能早于开始日期")).to_be_visible()

    page.goto(f"{live_server.url}/assessments/campaigns/{campaign.pk}/phases/")
    expect(page.locator("#id_form-0-name")).to_have_value("安排部署")
