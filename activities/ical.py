"""An iCalendar feed of an organization's meetings for phone calendars (secret tokenised URL)."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from activities.choices import MeetingStatus
from activities.models import Meeting

FEED_DAYS_BACK = 180


def organization_calendar(org, base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Zhibu//组织生活//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{org.name} 组织生活")
    cal.add("x-wr-timezone", "Asia/Shanghai")
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    for m in Meeting.objects.filter(organization=org, planned_at__gte=since).order_by("planned_at"):
        event = Event()
        event.add("uid", f"meeting-{m.pk}@zhibu")
        event.add("summary", f"{m.kinds_display}：{m.topic}")
        start = m.held_at or m.planned_at
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(hours=2))
        event.add("dtstamp", m.created_at)
        if m.place:
            event.add("location", m.place)
        event.add("url", base_url + m.get_absolute_url())
        event.add("status", "CANCELLED" if m.status == MeetingStatus.CANCELLED else "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
