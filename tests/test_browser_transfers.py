"""At a phone viewport in Chromium: branch A's secretary transfers a member to branch B by code and
full name; B's secretary finds it on the workbench, accepts, and the member is on B's roster."""

import pytest
from playwright.sync_api import expect

from tests.factories import MemberFactory
from tests.test_browser_scope import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_transfer_is_proposed_by_one_branch_and_accepted_by_the_other(live_server, phone_page, tree):
    member = MemberFactory(organization=tree.a, name="张转接")
    page = phone_page
    log_in(page, live_server, "secretary_a")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    page.goto(f"{live_server.url}{member.get_absolute_url()}")
    page.get_by_role("button", name="办理组织关系转接").click()
    page.get_by_label("接收党组织代码").fill("B")
    page.get_by_label("接收党组织全称").fill("乙公司党支部")
    page.get_by_label("转接原因").fill("工作调动")
    page.get_by_role("button", name="提交转接").click()
    expect(page.get_by_text("待 乙公司党支部 接收。接收前该党员仍在本组织。")).to_be_visible()
    page.get_by_role("link", name="工作台").first.click()
    expect(page.get_by_text("待对方接收")).to_be_visible()
    page.context.clear_cookies()

    log_in(page, live_server, "secretary_b")
    expect(page.get_by_text("待我方接收")).to_be_visible()
    page.get_by_role("button", name="接收张转接").click()
    expect(page.get_by_text("已接收，张转接 已转入乙公司党支部。")).to_be_visible()
    expect(page.get_by_role("heading", name="张转接")).to_be_visible()

    page.goto(f"{live_server.url}/members/?organization={tree.b.pk}")
    expect(page.get_by_role("link", name="张转接")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
