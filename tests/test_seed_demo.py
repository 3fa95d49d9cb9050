import pytest
from django.core.management import call_command

from demo.logins import ensure_demo_logins
from branches.models import CommitteeMember, HostUnit, Organization, Region, UnitCoverage
from activities.models import Attendance, Meeting
from members.models import Member

pytestmark = pytest.mark.django_db


def fingerprint():
    return (
        list(Organization.objects.order_by("path").values_list("path", "code", "name", "kind", "term_ends_on")),
        list(HostUnit.objects.order_by("credit_code").values_list("credit_code", "name", "employees")),
        list(Member.objects.order_by("id_number").values_list("id_number", "name", "organization__code")),
        sorted(UnitCoverage.objects.values_list("unit__credit_code", "organization__code")),
        sorted(Meeting.objects.values_list("organization__code", "planned_at", "topic", "status")),
        Attendance.objects.filter(presence="present").count(),
    )


def wipe():
    from django.db import connection

    tables = [m._meta.db_table for m in (Organization, Region)]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")


def test_small_demo_has_the_promised_shape_and_is_deterministic():
    call_command("seed_demo", "--scale", "small", "--seed", "7", "--today", "2026-11-25")
    root = Organization.objects.get(code="S0001")
    assert 40 <= Organization.objects.subtree_of(root).count() <= 90
    assert HostUnit.objects.count() == 300
    assert 500 <= Member.objects.count() <= 1500
    for member in Member.objects.all()[:50]:
        member.full_clean()
    for unit in HostUnit.objects.all()[:50]:
        unit.full_clean()
    assert Meeting.objects.filter(status="held").count() > 1000
    for meeting in Meeting.objects.all()[:50]:
        meeting.full_clean()
    seats = CommitteeMember.objects.select_related("organization", "member__organization")
    assert seats.count() > 20
    for seat in seats:  # committee members are roster members, linked, in the organization's subtree
        assert seat.member and seat.name == seat.member.name
        assert seat.member.organization.path.startswith(seat.organization.path)
    at_committee_meetings = Attendance.objects.filter(meeting__kinds=["committee_meeting"])
    assert at_committee_meetings.count() > 100
    assert set(at_committee_meetings.values_list("member", flat=True)) <= set(seats.values_list("member", flat=True))
    assert not Attendance.objects.filter(meeting__kinds=["talk"]).exclude(presence="present").filter(
        meeting__status="held").exists()
    first = fingerprint()
    call_command("seed_demo", "--scale", "small", "--seed", "7", "--today", "2026-11-25")  # harmless again
    assert fingerprint() == first
    wipe()
    call_command("seed_demo", "--scale", "small", "--seed", "7", "--today", "2026-11-25")
    assert fingerprint() == first


def test_demo_logins_are_idempotent_and_scoped():
    call_command("seed_demo", "--scale", "small")
    ensure_demo_logins()
    logins = ensure_demo_logins()
    assert [u for u, _, _ in logins] == ["admin", "gwadmin", "gongwei", "shuji1", "shuji2"]
    from accounts.models import User

    shuji1 = User.objects.get(username="shuji1")
    assert Organization.objects.restrict(shuji1).count() == 1
