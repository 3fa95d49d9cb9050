"""In Chromium at a phone viewport: 保存 tapped again while the first tap is still being saved (a
slow server, held here by a table lock) saves once, and the page shows what was saved."""

import pytest
from django.db import connection, transaction
from playwright.sync_api import expect

from activities.models import Meeting
from members.models import Member
from tests.factories import make_id_number
from tests.test_browser_scope import log_in
from tests.test_double_submit import wait_until_a_query_waits_for_a_lock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tap_save_twice_while_the_first_is_held(page, table):
    """The first tap's insert waits on a lock of the table; the second tap is sent meanwhile."""
    page.get_by_role("button", name="保存").scroll_into_view_if_needed()
    save = page.get_by_role("button", name="保存").bounding_box()
    middle = (save["x"] + save["width"] / 2, save["y"] + save["height"] / 2)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        page.mouse.click(*middle)
        wait_until_a_query_waits_for_a_lock()
        with page.expect_request(lambda request: request.method == "POST"):
            page.mouse.click(*middle)  # a plain tap: Playwright's locators would wait for the first to load
        page.wait_for_timeout(500)  # the second request reaches the server


def test_save_tapped_twice_plans_one_meeting(live_server, phone_page, tree):
    page = phone_page
    log_in(page, live_server, "secretary_a")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    page.goto(f"{live_server.url}/orgs/{tree.a.pk}/meetings/plan/")
    page.get_by_label("主题党日").check()
    page.get_by_label("计划时间").fill("2026-03-02T09:00")
    page.get_by_role("textbox", name="主题").fill("学习党章")
    tap_save_twice_while_the_first_is_held(page, Meeting._meta.db_table)
    expect(page.get_by_text("会议已计划")).to_be_visible()
    assert Meeting.objects.filter(organization=tree.a).count() == 1


def test_save_tapped_twice_adds_one_member(live_server, phone_page, tree):
    page = phone_page
    log_in(page, live_server, "secretary_a")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    page.goto(f"{live_server.url}/orgs/{tree.a.pk}/members/new/")
    page.get_by_label("姓名").fill("王五")
    page.get_by_label("公民身份号码").fill(make_id_number(77))
    page.get_by_label("入党日期").fill("2010-07-01")
    tap_save_twice_while_the_first_is_held(page, Member._meta.db_table)
    expect(page.get_by_text("已添加党员 王五")).to_be_visible()
    assert Member.objects.filter(name="王五").count() == 1
