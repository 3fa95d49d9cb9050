"""In Chromium at a phone viewport: a secretary self-assesses with evidence and submits; staff score,
finish the review and approve; the campaign ranking shows the branch first."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments import campaigns
from tests.test_assess_workflow import build_scheme, fill_plan
from tests.test_browser_scope import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def campaign(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    year = timezone.localdate().year
    campaign = campaigns.create_campaign(user=tree.staff_w, scheme=build_scheme(tree.w), organizer=tree.w,
                                         name=f"{year}年度示范党支部创建", year=year)
    campaigns.add_participants(campaign=campaign, user=tree.staff_w, branches=[tree.a, tree.b])
    fill_plan(campaign.participations.get(branch=tree.a))
    return campaign


def test_secretary_submits_with_evidence_staff_approve_and_the_ranking_shows_it(live_server, phone_page, tree, campaign):
    page = phone_page
    log_in(page, live_server, "secretary_a")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    page.goto(f"{live_server.url}/assessments/")
    page.get_by_role("link", name=f"{campaign.name} · {tree.a.name}").click()
    expect(page.get_by_role("heading", name=tree.a.name, exact=True)).to_be_visible()
    expect(page.get_by_text("自动指标：主题党日按期完成率")).to_be_visible()
    expect(page.get_by_label("主题党日按月开展自评分")).to_have_count(0)  # computed, never typed

    page.get_by_label("为群众办实事自评分").fill("9")
    page.get_by_label("为群众办实事自评说明").fill("走访困难职工 12 户")
    page.get_by_label("制度执行自评分").fill("4.5")
    page.get_by_role("button", name="保存自评").click()
    expect(page.get_by_text("自评已保存")).to_be_visible()

    page.locator("#item-" + str(_item(campaign, tree.a, "为群众办实事").pk)).get_by_text("添加佐证材料").click()
    page.get_by_label("为群众办实事佐证文件").set_input_files({"name": "走访.png", "mimeType": "image/png", "buffer": PNG})
    page.get_by_role("button", name="上传佐证").first.click()
    expect(page.get_by_text("佐证材料已添加")).to_be_visible()
    expect(page.get_by_role("link", name="走访.png")).to_be_visible()

    page.get_by_role("button", name="提交自评").click()
    expect(page.get_by_text("自评已提交")).to_be_visible()
    expect(page.get_by_label("为群众办实事评审分")).to_have_count(0)  # the reviewer column is not the branch's

    page.context.clear_cookies()
    log_in(page, live_server, "staff_w")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    page.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    page.get_by_role("link", name=tree.a.name).click()
    page.get_by_label("为群众办实事评审分").fill("8")
    page.get_by_label("为群众办实事评审意见").fill("成效明显，佐证完整")
    page.get_by_label("制度执行评审分").fill("4")
    page.get_by_role("button", name="保存评分").click()
    expect(page.get_by_text("评分已保存")).to_be_visible()
    page.get_by_label("评审意见", exact=True).fill("同意命名")
    page.get_by_role("button", name="完成评审").click()
    expect(page.get_by_text("评审已完成")).to_be_visible()
    page.get_by_role("button", name="通过，命名示范党支部").click()
    expect(page.get_by_text(f"已通过：{tree.a.name}命名为示范党支部")).to_be_visible()

    page.get_by_role("link", name=campaign.name).first.click()
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text("1")
    expect(first_row).to_contain_text(tree.a.name)
    expect(first_row).to_contain_text("16")  # 8 + 4 × area weight 2 + theme days computed from (no) records


def _item(campaign, branch, title):
    return campaign.participations.get(branch=branch).items.get(criterion__title=title)
