"""What organizational life shows on other apps' pages (core.panels; registered in apps.py): the
due list on the organization page, attendance on the member page, the long-absence flag on the roster."""

from django.template.loader import render_to_string
from django.utils import timezone

from activities.compliance import due_items
from activities.models import ActivityRules
from activities.selectors import attendance_history, long_absent_member_ids


def organization_due(request, org) -> str:
    if not (org.is_branch and org.is_active):
        return ""
    return render_to_string("activities/_organization_due.html",
                            {"due": due_items(org, timezone.localdate())}, request)


def member_attendance(request, member) -> str:
    return render_to_string("activities/_member_attendance.html", {
        "attendances": attendance_history(member),
        "long_absent": member.pk in long_absent_member_ids([member.pk]),
        "months": ActivityRules.current().absence_flag_months,
    }, request)


def long_absence(members) -> dict[int, str]:
    months = ActivityRules.current().absence_flag_months
    return {pk: f"连续{months}个月未参加组织生活" for pk in long_absent_member_ids([m.pk for m in members])}
