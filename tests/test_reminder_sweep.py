"""What the sweep reminds, to whom, once per key; thresholds are ranges so a missed day catches up."""

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from activities.models import Attendance, Meeting
from branches.models import CommitteeMember
from members.models import Applicant
from reminders import delivery, sweep
from reminders.models import Reminder
from tests.factories import MemberFactory, make_id_number

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 25)


def at(day: date, hour=15, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SH)


def inbox(user, kind_prefix=""):
    return Reminder.objects.filter(recipient=user, channel="inbox", kind__startswith=kind_prefix)


@pytest.fixture
def people(tree):
    for user in (tree.secretary_a, tree.staff_w, tree.secretary_b):
        user.email = f"{user.username}@example.org"
        user.save()
    member = MemberFactory(organization=tree.a, name="张一")
    tree.secretary_a.member = member  # the secretary is also a member of the branch
    tree.secretary_a.save()
    attendee_user = type(tree.staff_w).objects.create(username="zhang", email="zhang@example.org",
                                                      member=MemberFactory(organization=tree.a, name="李二"))
    return attendee_user


def plan(org, when):
    meeting = Meeting.objects.create(organization=org, kinds=["committee_meeting"], planned_at=when, topic="支委会")
    for member in org.members.all():
        Attendance.objects.create(meeting=meeting, member=member)
    return meeting


def test_upcoming_meeting_reminds_attendees_with_accounts_and_the_secretary(tree, people):
    meeting = plan(tree.a, at(TODAY + timedelta(days=3)))
    created = sweep.run(TODAY)
    assert created["meeting_3d"] == 4  # inbox and email, for the secretary and the attendee with an account
    assert inbox(people, "meeting").get().url == meeting.get_absolute_url()
    assert not inbox(tree.secretary_b, "meeting").exists()
    sweep.run(TODAY + timedelta(days=2))
    assert inbox(people, "meeting_1d").count() == 1


def test_a_missed_sweep_day_catches_up_with_the_nearer_lead(tree, people):
    plan(tree.a, at(TODAY + timedelta(days=2)))  # the 3-day sweep never ran
    sweep.run(TODAY)
    assert inbox(people).get().kind == "meeting_3d"


def test_midnight_in_shanghai_decides_the_day(tree, people):
    plan(tree.a, at(TODAY + timedelta(days=4), hour=0, minute=30))  # UTC: still TODAY + 3 at 16:30
    sweep.run(TODAY)
    assert not inbox(people).exists()
    sweep.run(TODAY + timedelta(days=1))
    assert inbox(people).get().kind == "meeting_3d"


def test_running_the_sweep_twice_sends_nothing_twice(tree, people):
    plan(tree.a, at(TODAY + timedelta(days=1)))
    first = sweep.run(TODAY)
    assert sum(first.values()) > 0
    assert sweep.run(TODAY) == Counter()
    delivery.deliver()
    sent = len(mail.outbox)
    assert sent == Reminder.objects.filter(channel="email").count()
    delivery.deliver()
    assert len(mail.outbox) == sent
    meeting_mails = Counter(m.to[0] for m in mail.outbox if "支委会" in m.subject)
    assert meeting_mails == {"secretary_a@example.org": 1, "zhang@example.org": 1}


def test_email_opt_out_keeps_the_inbox_only(tree, people):
    people.email_reminders = False
    people.save()
    plan(tree.a, at(TODAY + timedelta(days=1)))
    sweep.run(TODAY)
    assert set(Reminder.objects.filter(recipient=people).values_list("channel", flat=True)) == {"inbox"}


def test_requirement_due_goes_to_the_secretary_and_a_missed_one_to_the_parent_staff(tree, people):
    for role in ("secretary", "organization", "propaganda"):
        CommitteeMember.objects.create(organization=tree.a, role=role, name="委员")
    sweep.run(TODAY)  # 6 days before the month ends: within the default 7
    due = inbox(tree.secretary_a, "requirement_due")
    assert due.filter(title__contains="本月支部委员会会议尚未召开").exists()
    missed = inbox(tree.staff_w, "requirement_missed")
    assert missed.filter(title__contains="2026年10月支部委员会会议未召开").exists()
    assert not inbox(tree.staff_w, "requirement_due").exists()


def test_a_planned_meeting_silences_the_due_reminder(tree, people):
    for role in ("secretary", "organization", "propaganda"):
        CommitteeMember.objects.create(organization=tree.a, role=role, name="委员")
    plan(tree.a, at(date(2026, 11, 29)))
    sweep.run(TODAY)
    assert not inbox(tree.secretary_a, "requirement_due").filter(title__contains="支部委员会会议").exists()


def test_requirements_are_not_reminded_early_in_the_period(tree, people):
    sweep.run(date(2026, 11, 10))
    assert not Reminder.objects.filter(kind="requirement_due", due_date=date(2026, 11, 30)).exists()


@pytest.mark.parametrize("days_left, kind", [(170, "election_180d"), (90, "election_90d"), (29, "election_30d"),
                                             (7, "election_7d"), (-3, "election_overdue")])
def test_election_reminders_to_the_secretary_and_the_parent_staff(tree, people, days_left, kind):
    tree.a.term_ends_on = TODAY + timedelta(days=days_left)
    tree.a.save()
    sweep.run(TODAY)
    assert inbox(tree.secretary_a, "election").get().kind == kind
    assert inbox(tree.staff_w).filter(kind=kind).exists()
    assert not inbox(tree.secretary_b, "election").exists()


def test_overdue_election_is_reminded_once_a_month(tree, people):
    tree.a.term_ends_on = TODAY - timedelta(days=40)
    tree.a.save()
    sweep.run(TODAY)
    sweep.run(TODAY + timedelta(days=1))
    sweep.run(TODAY + timedelta(days=7))  # December
    assert inbox(tree.secretary_a, "election").count() == 2


def test_pipeline_dates_remind_the_secretary(tree, people):
    common = {"gender": "male", "birth_date": date(1995, 1, 1), "organization": tree.a, "applied_on": date(2024, 1, 1)}
    Applicant.objects.create(name="积极分子甲", id_number=make_id_number(301, date(1995, 1, 1)), stage="activist",
                             activist_on=date(2025, 12, 10), **common)
    Applicant.objects.create(name="预备党员乙", id_number=make_id_number(302, date(1995, 1, 1)), stage="probationary",
                             branch_vote_on=date(2025, 12, 1), approved_on=date(2025, 12, 20), **common)
    Applicant.objects.create(name="积极分子丙", id_number=make_id_number(303, date(1995, 1, 1)), stage="activist",
                             activist_on=date(2026, 6, 1), **common)
    sweep.run(TODAY)
    titles = set(inbox(tree.secretary_a, "pipeline").values_list("title", flat=True))
    assert any("积极分子甲" in t for t in titles) and any("预备党员乙" in t for t in titles)
    assert not any("积极分子丙" in t for t in titles)


def test_command_dry_run_counts_without_writing(tree, people, capsys):
    plan(tree.a, at(TODAY + timedelta(days=1)))
    call_command("send_reminders", "--date", "2026-11-25", "--dry-run")
    out = capsys.readouterr().out
    assert "将生成" in out and "会议提醒" in out
    assert not Reminder.objects.exists()
    call_command("send_reminders", "--date", "2026-11-25")
    out = capsys.readouterr().out
    assert "新生成" in out
    assert f"邮件发送：成功 {Reminder.objects.filter(channel='email').count()}，失败 0" in out


def test_failed_email_is_retried_with_backoff_and_the_inbox_has_it(tree, people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens
    plan(tree.a, at(TODAY + timedelta(days=1)))
    sweep.run(TODAY)
    result = delivery.deliver()
    assert result == {"sent": 0, "failed": Reminder.objects.filter(channel="email").count()}
    failed = Reminder.objects.filter(channel="email").first()
    assert failed.status == "failed" and failed.attempts == 1 and failed.next_attempt_at and failed.last_error
    assert delivery.deliver() == {"sent": 0, "failed": 0}  # not due again yet
    assert inbox(people).exists()
