"""In real Chromium at a phone viewport: a secretary registers an application and advances it a stage."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.models import Applicant
from members.pipeline.models import Stage
from tests.factories import make_id_number
from tests.test_browser_scope import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_adds_an_applicant_and_advances_them(live_server, phone_page, tree):
    page = phone_page
    today = timezone.localdate()
    log_in(page, live_server, "secretary_a")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()

    page.goto(f"{live_server.url}/members/applicants/org/{tree.a.pk}/")
    page.get_by_role("button", name="登记入党申请").click()
    page.get_by_label("姓名").fill("林小雨")
    page.get_by_label("公民身份号码").fill(make_id_number(77))
    page.get_by_label("递交入党申请书日期").fill((today - timedelta(days=20)).isoformat())
    page.get_by_role("button", name="登记").click()

    expect(page.get_by_role("heading", name="林小雨")).to_be_visible()
    expect(page.get_by_text("当前阶段：入党申请人")).to_be_visible()

    page.get_by_label("谈话日期").fill((today - timedelta(days=10)).isoformat())
    page.get_by_label("确定为入党积极分子日期").fill(today.isoformat())
    page.get_by_role("button", name="转为入党积极分子").click()

    expect(page.get_by_text("林小雨已转为入党积极分子")).to_be_visible()
    expect(page.get_by_text("当前阶段：入党积极分子")).to_be_visible()
    step_row = page.locator("tr", has_text=today.strftime("%Y-%m-%d")).filter(has_text="入党积极分子")
    expect(step_row).to_contain_text("甲公司党支部委员会")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert Applicant.objects.get(name="林小雨").stage == Stage.ACTIVIST
