"""At a phone viewport in Chromium: a secretary edits a member without seeing the full ID number and
phone, replaces the phone, and reveals both on the form only through the logged button."""

from datetime import date

import pytest
from playwright.sync_api import expect

from members.models import PersonalDataLog
from tests.factories import MemberFactory, make_id_number
from tests.test_browser_scope import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_edits_a_member_with_the_personal_data_masked(live_server, phone_page, tree):
    number = make_id_number(601, date(1990, 5, 20))
    member = MemberFactory(organization=tree.a, name="青年甲", birth_date=date(1990, 5, 20), id_number=number,
                           phone="13800138000")
    page = phone_page
    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/members/{member.pk}/")
    page.get_by_role("button", name="编辑").click()

    id_box, phone_box = page.get_by_label("公民身份号码"), page.get_by_label("联系电话")
    expect(id_box).to_have_value("*" * 14 + number[-4:])
    expect(phone_box).to_have_value("*******8000")
    assert number not in page.content() and "13800138000" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    phone_box.fill("13900139000")
    page.get_by_label("工作岗位").fill("工程师")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("党员信息已保存")).to_be_visible()
    expect(page.get_by_role("cell", name="*******9000")).to_be_visible()
    member.refresh_from_db()
    assert (member.id_number, member.phone, member.job) == (number, "13900139000", "工程师")
    assert not PersonalDataLog.objects.exists()

    page.get_by_role("button", name="编辑").click()
    page.get_by_role("button", name="显示完整身份证号和电话（将记录查看日志）").click()
    expect(page.get_by_label("公民身份号码")).to_have_value(number)
    expect(page.get_by_label("联系电话")).to_have_value("13900139000")
    assert PersonalDataLog.objects.get().detail == "编辑时查看完整身份证号和电话"
