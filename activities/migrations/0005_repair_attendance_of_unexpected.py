"""Repair what the old rule wrote: it expected every member of the branch at every meeting, so
members not expected were recorded absent — at a 支部委员会会议 those not on the committee, at a
谈心谈话 everybody, at a 党小组会 other groups' members. Those absent rows are dropped (present and
on-leave rows stay: the person did come, or excused themselves). Rows of people who are not on the
roster (guests) become 列席.

The rule is frozen here as it stands in this migration (a migration must not import app code that
changes later); `activities.attendees` is the living definition. The reverse keeps the repair: the
dropped rows were wrong, and reversing 0003 removes the 列席 flag anyway.
"""

from collections import defaultdict

from django.db import migrations
from django.utils import timezone


def repair(apps, schema_editor):
    Attendance = apps.get_model("activities", "Attendance")
    Meeting = apps.get_model("activities", "Meeting")
    MeetingAudience = apps.get_model("activities", "MeetingAudience")
    CommitteeMember = apps.get_model("branches", "CommitteeMember")
    Member = apps.get_model("members", "Member")

    Attendance.objects.filter(member__isnull=True).update(expected=False)
    audience_of = dict(MeetingAudience.objects.values_list("kind", "audience"))
    whole_branch = [kind for kind, audience in audience_of.items() if audience == "branch"]
    meetings = list(
        Meeting.objects.exclude(kinds__overlap=whole_branch)
        .filter(attendances__presence="absent", attendances__member__isnull=False)
        .distinct()
        .only("pk", "organization_id", "party_group_id", "kinds", "planned_at", "held_at")
    )
    if not meetings:
        return
    org_ids = {m.organization_id for m in meetings}
    seats = defaultdict(list)
    for seat in CommitteeMember.objects.filter(organization__in=org_ids):
        seats[seat.organization_id].append(seat)
    names = defaultdict(list)  # (organization, name) → current members, for seats not linked to the roster
    groups = defaultdict(set)
    for pk, org_id, name, group_id in Member.objects.filter(organization__in=org_ids, archived_on__isnull=True).values_list(
            "pk", "organization_id", "name", "party_group_id"):
        names[(org_id, name)].append(pk)
        if group_id:
            groups[group_id].add(pk)
    for meeting in meetings:
        found = {audience_of.get(kind, "branch") for kind in meeting.kinds}
        if "branch" in found:
            continue
        expected = set()
        if "committee" in found:
            day = timezone.localtime(meeting.held_at or meeting.planned_at).date()
            for seat in seats[meeting.organization_id]:
                if seat.ended_on is not None and seat.ended_on < day:
                    continue
                matches = [seat.member_id] if seat.member_id else names[(meeting.organization_id, seat.name)]
                expected.update(matches if len(matches) == 1 else [])
        if "group" in found and meeting.party_group_id:
            expected |= groups[meeting.party_group_id]
        Attendance.objects.filter(meeting=meeting, presence="absent", member__isnull=False).exclude(
            member__in=expected).delete()


def keep_repair(apps, schema_editor):
    """Nothing to undo: the dropped rows recorded absences that never were."""


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0004_default_meeting_audiences"),
        ("branches", "0002_initial"),
        ("members", "0003_default_dues_rates"),
    ]
    operations = [migrations.RunPython(repair, keep_repair)]
