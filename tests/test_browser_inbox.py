"""In Chromium at a phone viewport: the unread count, the inbox, and a reminder that leads to its meeting."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Meeting
from reminders import sweep
from tests.test_browser_scope import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_follows_a_reminder_to_the_meeting(live_server, phone_page, tree):
    day = timezone.localdate() + timedelta(days=1)
    meeting = Meeting.objects.create(organization=tree.a, kinds=["theme_day"], topic="参观红色教育基地",
                                     planned_at=datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
    sweep.run(timezone.localdate())
    unread = tree.secretary_a.reminders.filter(channel="inbox").count()
    assert unread >= 1

    page = phone_page
    log_in(page, live_server, "secretary_a")
    badge = page.get_by_role("link", name=f"消息（{unread} 条未读）")
    expect(badge).to_be_visible()
    badge.click()
    page.get_by_role("button", name="参观红色教育基地").click()
    expect(page).to_have_url(f"{live_server.url}{meeting.get_absolute_url()}")
    expect(page.get_by_role("heading", name="主题党日")).to_be_visible()
    expect(page.get_by_role("link", name=f"消息（{unread - 1} 条未读）" if unread > 1 else "消息")).to_be_visible()
