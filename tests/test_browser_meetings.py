"""At a phone viewport in Chromium: plan a 支委会, open it, mark attendance, mark it held, see the due list update."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from branches.models import CommitteeMember
from tests.factories import MemberFactory
from tests.test_browser_scope import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_plans_holds_and_sees_the_due_list_update(live_server, phone_page, tree):
    for role in ("secretary", "organization", "propaganda"):
        CommitteeMember.objects.create(organization=tree.a, role=role, name=f"委员{role}")
    for name in ("张一", "李二"):
        MemberFactory(organization=tree.a, name=name)
    page = phone_page
    log_in(page, live_server, "secretary_a")
    expect(page.get_by_text("本月支部委员会会议未召开")).to_be_visible()

    page.get_by_role("button", name="组织生活").first.click()
    page.get_by_role("button", name="计划会议").click()
    page.get_by_label("支部委员会会议").check()
    now = timezone.localtime().replace(second=0, microsecond=0)
    page.get_by_label("计划时间").fill(now.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("textbox", name="主题").fill("研究本月工作")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("会议已计划")).to_be_visible()

    page.get_by_label("张一出席情况").select_option("present")
    page.get_by_label("李二出席情况").select_option("leave")
    page.get_by_label("李二请假事由").fill("出差")
    page.get_by_role("button", name="保存出席情况").click()
    expect(page.get_by_text("出席 1，请假 1，缺席 0")).to_be_visible()

    page.get_by_role("button", name="标记为已召开").click()
    expect(page.get_by_text("已标记为已召开")).to_be_visible()

    page.get_by_role("link", name="工作台").first.click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.get_by_text("本月支部委员会会议未召开")).to_have_count(0)


def test_quick_log_on_a_phone(live_server, phone_page, tree):
    MemberFactory(organization=tree.a, name="张一")
    page = phone_page
    log_in(page, live_server, "secretary_a")
    page.get_by_role("button", name="登记已开会议").first.click()
    page.get_by_role("textbox", name="主题").fill("学习党章")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("会议已登记")).to_be_visible()
    expect(page.get_by_text("出席 1，请假 0，缺席 0")).to_be_visible()
