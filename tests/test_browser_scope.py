"""In real Chromium at a phone viewport: a secretary logs in, opens the own branch, fails to open another."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username, password="pass-word-123"):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_secretary_opens_own_branch_and_not_another(live_server, phone_page, tree):
    page = phone_page
    log_in(page, live_server, "secretary_a")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    page.get_by_role("link", name="甲公司党支部").click()
    expect(page.get_by_role("heading", name="甲公司党支部")).to_be_visible()
    expect(page.get_by_text("在册党员")).to_be_visible()

    response = page.goto(f"{live_server.url}/orgs/{tree.b.pk}/")
    assert response.status == 404
    expect(page.get_by_text("乙公司党支部")).to_have_count(0)


def test_staff_expand_the_tree_and_search(live_server, phone_page, tree):
    page = phone_page
    log_in(page, live_server, "staff_w")
    page.get_by_role("link", name="党组织", exact=True).first.click()
    page.locator("summary", has_text="东海市两新工委").click()
    expect(page.get_by_role("link", name="乙公司党支部")).to_be_visible()
    page.get_by_placeholder("按名称或组织代码搜索").fill("甲公司")
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_role("link", name="甲公司党支部")).to_be_visible()


def test_wrong_password_shows_a_chinese_error(live_server, phone_page, tree):
    log_in(phone_page, live_server, "secretary_a", "wrong-password")
    expect(phone_page.get_by_text("用户名或密码不正确")).to_be_visible()
