"""At a phone viewport in Chromium: what the roster and dues services refuse comes back as a Chinese
message on the page — an archive dated tomorrow, dues too large to record — and nothing is written."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.models import DuesRecord, Member
from tests.factories import MemberFactory
from tests.test_browser_scope import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_archive_dated_tomorrow_is_refused_and_today_goes_through(live_server, phone_page, tree):
    member = MemberFactory(organization=tree.a, name="青年甲")
    page = phone_page
    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/members/{member.pk}/")
    page.get_by_text("移出名册（死亡、出党等）").click()
    page.get_by_label("移出原因").select_option("其他")
    page.get_by_label("日期").fill((timezone.localdate() + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="移出名册").click()
    expect(page.get_by_text("移出日期不能晚于今天。")).to_be_visible()
    assert Member.objects.current().filter(pk=member.pk).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_text("移出名册（死亡、出党等）").click()
    page.get_by_label("移出原因").select_option("其他")
    page.get_by_label("日期").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="移出名册").click()
    expect(page.get_by_text("青年甲 已移出名册（档案保留）。")).to_be_visible()
    assert not Member.objects.current().filter(pk=member.pk).exists()


def test_dues_too_large_to_record_are_a_message_naming_the_member(live_server, phone_page, tree):
    MemberFactory(organization=tree.a, name="普通", declared_income=Decimal("4000"))
    MemberFactory(organization=tree.a, name="高收入", declared_income=Decimal("99999999.99"))
    page = phone_page
    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/members/dues/org/{tree.a.pk}/")
    page.get_by_role("button", name="生成本月党费记录").click()
    expect(page.get_by_text("超出可登记的范围，请核对其月收入")).to_be_visible()
    expect(page.get_by_text("高收入的应缴党费")).to_be_visible()
    assert not DuesRecord.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
