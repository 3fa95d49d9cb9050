"""At a phone viewport in Chromium, a secretary keeps their branch's page: edits its term (a term
that ends before it starts is refused on the field), sees a committee member leave office, and adds
a party group (the same name twice is refused with a message)."""

import pytest
from playwright.sync_api import expect

from branches.models import CommitteeMember, Organization, PartyGroup
from tests.test_browser_scope import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_edits_the_term_ends_a_seat_and_adds_a_party_group(live_server, phone_page, tree):
    CommitteeMember.objects.create(organization=tree.a, role="secretary", name="赵书记")
    page = phone_page
    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}{tree.a.get_absolute_url()}")

    page.get_by_role("button", name="编辑信息").click()
    page.get_by_label("本届任期开始").fill("2026-01-01")
    page.get_by_label("本届任期届满").fill("2025-01-01")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("任期届满日期应晚于任期开始日期。")).to_be_visible()
    page.get_by_label("本届任期届满").fill("2029-01-01")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("党组织信息已保存。")).to_be_visible()
    assert str(Organization.objects.get(pk=tree.a.pk).term_ends_on) == "2029-01-01"

    page.get_by_role("button", name="离任").click()
    expect(page.get_by_text("赵书记 已离任。")).to_be_visible()
    expect(page.get_by_text("尚未登记委员会成员。")).to_be_visible()
    assert CommitteeMember.objects.get().ended_on is not None

    for _ in range(2):
        page.get_by_text("添加党小组", exact=True).click()
        page.get_by_placeholder("党小组名称").fill("第一党小组")
        page.get_by_role("button", name="添加", exact=True).last.click()
    expect(page.get_by_text("该支部已有名为“第一党小组”的党小组。")).to_be_visible()
    assert PartyGroup.objects.filter(branch=tree.a).count() == 1
