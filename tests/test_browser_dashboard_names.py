"""In Chromium: a branch secretary may name the branch anything, and the 工委 staff who hover it on the
dashboard's charts see that name as text. Markup in a name (a refresh to elsewhere, an image with a
handler) is never inserted into the page."""

import pytest
from playwright.sync_api import expect

from branches.models import Organization, Region
from tests.test_browser_scope import log_in
from tests.test_dashboard_world import world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFRESH = '甲<meta http-equiv="refresh" content="0;url=/healthz">'
IMAGE = '乙<img src=x onerror="document.body.dataset.pwned=1">'
REGION = "上城<img src=x onerror=alert(1)>"


def chart_spec(page, chart_id: str) -> dict:
    return page.evaluate("id => JSON.parse(document.getElementById('dashboard-charts').textContent)"
                         ".find(c => c.id === id)", chart_id)


def hover_data_point(page, chart_id: str, value: list) -> None:
    """Move the mouse over the pixel where ECharts drew `value` (category coordinates) of series 0."""
    x, y = page.evaluate(
        "([id, value]) => echarts.getInstanceByDom(document.getElementById(id)).convertToPixel({seriesIndex: 0}, value)",
        [chart_id, value])
    box = page.locator(f"#{chart_id}").bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)


def tooltip(page, chart_id: str):
    return page.locator(f"#{chart_id} > div").last  # ECharts puts its tooltip after the canvas's box


def assert_nothing_was_injected(page, url: str) -> None:
    page.wait_for_timeout(500)  # a meta refresh of 0 s would have left by now
    assert page.url == url
    assert page.locator("img[src='x'], #chart-heat meta, #chart-region meta, body meta").count() == 0
    assert page.evaluate("document.body.dataset.pwned") is None


def test_markup_in_organization_names_stays_text_in_every_chart(live_server, phone_page, world):
    Organization.objects.filter(pk=world.tree.a.pk).update(name=REFRESH)
    Organization.objects.filter(pk=world.tree.b.pk).update(name=IMAGE)
    Region.objects.filter(pk=world.upper.pk).update(name=REGION)
    page = phone_page
    log_in(page, live_server, "staff_w")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    url = f"{live_server.url}/dashboard/{world.tree.w.pk}/"
    page.goto(url)
    expect(page.locator("#chart-heat canvas")).to_have_count(1)

    rows = chart_spec(page, "chart-heat")["rows"]
    for name in (REFRESH, IMAGE):
        page.locator("#chart-heat").scroll_into_view_if_needed()
        hover_data_point(page, "chart-heat", [0, rows.index(name)])  # January, the branch's row
        expect(tooltip(page, "chart-heat")).to_contain_text(name)
        assert_nothing_was_injected(page, url)

    page.locator("#chart-region").scroll_into_view_if_needed()
    spec = chart_spec(page, "chart-region")
    bar = spec["categories"].index(REGION)
    hover_data_point(page, "chart-region", [10, bar] if spec["horizontal"] else [bar, 10])  # on the bars at 10 %
    expect(tooltip(page, "chart-region")).to_contain_text(REGION)
    assert_nothing_was_injected(page, url)
