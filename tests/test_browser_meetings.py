"""At a phone viewport in Chromium: plan a 支委会, open it, mark attendance, mark it held, see the due list
update; the quick log's one-tap attendance, its 列席 and its offer to mark a planned meeting held."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Attendance, Meeting
from branches.models import CommitteeMember
from tests.factories import MemberFactory
from tests.test_browser_scope import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def committee(org, names):
    for role, name in zip(("secretary", "organization", "propaganda"), names):
        CommitteeMember.objects.create(organization=org, role=role, name=name,
                                       member=MemberFactory(organization=org, name=name))


def choose(page, name, state):
    """Tap one segment of a person's 出席 / 请假 / 缺席 (or 列席 / 未参加) control."""
    page.get_by_role("radiogroup", name=name).get_by_text(state, exact=True).click()


def test_secretary_plans_holds_and_sees_the_due_list_update(live_server, phone_page, tree):
    committee(tree.a, ["张一", "李二", "王三"])
    MemberFactory(organization=tree.a, name="党员甲")
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
    expect(page.get_by_text("应到 3 人")).to_be_visible()  # the committee, not 党员甲
    expect(page.get_by_role("radiogroup", name="党员甲出席情况")).to_have_count(0)

    choose(page, "张一出席情况", "出席")
    expect(page.get_by_label("李二请假事由")).to_be_hidden()
    choose(page, "李二出席情况", "请假")
    page.get_by_label("李二请假事由").fill("出差")
    page.get_by_role("button", name="保存出席情况").click()
    expect(page.get_by_text("出席 1，请假 1，缺席 1")).to_be_visible()

    page.get_by_role("button", name="标记为已召开").click()
    expect(page.get_by_text("已标记为已召开")).to_be_visible()

    page.get_by_role("link", name="工作台").first.click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.get_by_text("本月支部委员会会议未召开")).to_have_count(0)


def test_quick_log_on_a_phone_one_tap_per_person(live_server, phone_page, tree):
    for name in ("张一", "李二"):
        MemberFactory(organization=tree.a, name=name)
    page = phone_page
    log_in(page, live_server, "secretary_a")
    page.get_by_role("button", name="登记已开会议").first.click()
    page.get_by_label("支部委员会会议").uncheck()
    page.get_by_label("主题党日").check()
    expect(page.get_by_role("radiogroup", name="张一出席情况")).to_be_visible()  # the sheet re-drawn for the kind
    box = page.get_by_role("radiogroup", name="张一出席情况").get_by_text("请假").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44

    expect(page.get_by_label("张一请假事由")).to_be_hidden()
    choose(page, "张一出席情况", "请假")
    page.get_by_label("张一请假事由").fill("出差")
    choose(page, "张一出席情况", "出席")  # changed their mind: the typed reason must not turn it into leave
    expect(page.get_by_label("张一请假事由")).to_be_hidden()
    choose(page, "李二出席情况", "请假")
    page.get_by_label("李二请假事由").fill("病假")
    page.get_by_role("textbox", name="主题").fill("学习党章")
    page.get_by_label("会议记录").fill("逐条学习党章。")
    page.get_by_label("决议事项").fill("每人写心得。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("会议已登记")).to_be_visible()
    expect(page.get_by_text("出席 1，请假 1，缺席 0")).to_be_visible()
    expect(page.get_by_text("每人写心得。")).to_be_visible()


def test_quick_log_of_a_committee_meeting_on_a_phone(live_server, phone_page, tree):
    committee(tree.a, ["张一", "李二", "王三"])
    MemberFactory(organization=tree.a, name="党员甲")
    page = phone_page
    log_in(page, live_server, "secretary_a")
    page.get_by_role("button", name="登记已开会议").first.click()
    expect(page.get_by_text("应到人员（3 人")).to_be_visible()
    choose(page, "王三出席情况", "缺席")
    page.get_by_text("其他党员列席").click()
    choose(page, "党员甲是否列席", "列席")
    page.get_by_role("textbox", name="主题").fill("研究发展党员")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("出席 2，请假 0，缺席 1（出席率 67%）；列席 1 人")).to_be_visible()


def test_quick_log_marks_the_planned_meeting_held(live_server, phone_page, tree):
    MemberFactory(organization=tree.a, name="张一")
    early_today = timezone.localtime().replace(hour=0, minute=5, second=0, microsecond=0)
    planned = Meeting.objects.create(organization=tree.a, kinds=["theme_day"], planned_at=early_today,
                                     topic="参观红色教育基地")
    Attendance.objects.create(meeting=planned, member=tree.a.members.get(), presence="absent")
    page = phone_page
    log_in(page, live_server, "secretary_a")
    page.get_by_role("button", name="登记已开会议").first.click()
    page.get_by_label("支部委员会会议").uncheck()
    page.get_by_label("主题党日").check()
    offer = page.get_by_label(f"标记 {early_today.month}月{early_today.day}日 计划的主题党日为已召开")
    offer.check()
    expect(page.get_by_role("textbox", name="主题")).to_have_attribute("placeholder", "留空沿用：参观红色教育基地")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("计划的会议已标记为已召开")).to_be_visible()
    expect(page.get_by_text("出席 1，请假 0，缺席 0")).to_be_visible()
    assert list(Meeting.objects.values_list("status", "topic")) == [("held", "参观红色教育基地")]


def test_a_committee_member_is_picked_from_the_roster(live_server, phone_page, tree):
    MemberFactory(organization=tree.a, name="张一")
    page = phone_page
    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}{tree.a.get_absolute_url()}")
    page.get_by_text("添加委员").click()
    page.get_by_label("职务").select_option(label="书记")
    page.get_by_label("从名册选择党员").select_option(label="张一")
    page.get_by_role("button", name="添加", exact=True).first.click()
    expect(page.get_by_text("已添加书记张一")).to_be_visible()
    assert CommitteeMember.objects.get().member.name == "张一"
