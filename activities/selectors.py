"""Reads over meetings and attendance: other apps' pages, and what the quick log offers."""

from datetime import timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from activities.choices import MeetingStatus, Period, Presence
from activities.compliance import requirements_for
from activities.models import ActivityRules, Attendance, Meeting
from activities.periods import Window, window


def long_absent_member_ids(members, today=None, months: int | None = None) -> set[int]:
    """Members who missed organizational life without leave for `months` months (default 6):
    expected at a meeting in the first month of the window, present or excused at none since."""
    today = today or timezone.localdate()
    months = months or ActivityRules.current().absence_flag_months
    first_day = _months_before(today, months)
    start, _ = Window("month", first_day, first_day).aware_bounds()
    rows = (
        Attendance.objects.filter(member__in=members, meeting__status=MeetingStatus.HELD, meeting__held_at__gte=start)
        .values("member")
        .annotate(
            attended=Count("pk", filter=Q(presence__in=[Presence.PRESENT, Presence.LEAVE])),
            first_absence=Min("meeting__held_at", filter=Q(presence=Presence.ABSENT)),
        )
        .filter(attended=0, first_absence__lt=start + timedelta(days=31))
    )
    return {row["member"] for row in rows}


def _months_before(day, months: int):
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, 28))


def attendance_history(member, limit: int = 50):
    return (
        Attendance.objects.filter(member=member)
        .select_related("meeting")
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .order_by("-meeting__planned_at")[:limit]
    )


def planned_this_period(org, kinds, today=None) -> list[Meeting]:
    """The organization's planned meetings of any of `kinds` in the current period of that kind's
    requirement (a kind without one: this year), soonest first. The quick log offers to mark one held."""
    today = today or timezone.localdate()
    periods = {r.kind: r.period for r in requirements_for(org)}
    found = Q(pk__in=[])
    for kind in kinds:
        start, end = window(periods.get(kind, Period.YEAR), today).aware_bounds()
        found |= Q(kinds__contains=[kind], planned_at__gte=start, planned_at__lt=end)
    return list(Meeting.objects.filter(found, organization=org, status=MeetingStatus.PLANNED).order_by("planned_at"))
