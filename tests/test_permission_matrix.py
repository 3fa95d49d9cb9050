"""Every URL the project defines, for every role, answers as the matrix says (200, 302 to login or
after a POST, 403 for an action the role lacks, 404 outside the user's subtree). A URL added
without a row here fails `test_every_url_is_in_the_matrix`."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import Role, RoleAssignment
from activities.models import Attachment, CalendarFeed, Meeting
from branches.models import CommitteeMember
from members.models import Applicant, DuesRecord, ImportJob
from reminders.models import Reminder
from tests.factories import MemberFactory, make_id_number

pytestmark = pytest.mark.django_db
ROLES = ["anon", "secretary_a", "secretary_b", "staff_w", "staff_x", "admin_w", "root"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class World:
    def __init__(self, tree, media):
        self.tree = tree
        self.member = MemberFactory(organization=tree.a, name="张一")
        self.meeting = Meeting.objects.create(organization=tree.a, kinds=["theme_day"], planned_at=timezone.now(),
                                              topic="主题党日")
        self.attachment = Attachment.objects.create(
            meeting=self.meeting, file=SimpleUploadedFile("a.png", PNG), original_name="a.png",
            content_type="image/png", size=len(PNG))
        self.feed = CalendarFeed.objects.create(organization=tree.a)
        self.applicant = Applicant.objects.create(
            name="申请人", gender="male", birth_date=date(1995, 1, 1), id_number=make_id_number(900, date(1995, 1, 1)),
            organization=tree.a, applied_on=date(2026, 1, 5))
        self.dues = DuesRecord.objects.create(member=self.member, organization=tree.a, month=date(2026, 11, 1),
                                              amount_due=10)
        self.job = ImportJob.objects.create(created_by=tree.secretary_a, file_name="x.xlsx", file_data=b"x")
        self.reminder = Reminder.objects.create(kind="k", subject="s", due_date=date(2026, 11, 30),
                                                recipient=tree.secretary_a, channel="inbox", title="提醒", status="sent")

    def assessments(self):
        """A campaign of 工委 W with branches A and B, and A's plan, items, evidence and problems."""
        if hasattr(self, "campaign"):
            return self
        from assessments.models import Evidence, PlanTask, Problem, Rectification
        from tests.test_assess_workflow import build_campaign

        self.campaign = build_campaign(self.tree)
        self.participation = self.campaign.participations.get(branch=self.tree.a)
        self.item = self.participation.items.select_related("criterion").filter(criterion__indicator="").first()
        self.criterion = self.item.criterion
        self.scheme = self.campaign.scheme
        self.evidence = Evidence.objects.create(item=self.item, file=SimpleUploadedFile("e.png", PNG),
                                                original_name="e.png", content_type="image/png", size=len(PNG))
        self.task = PlanTask.objects.create(plan=self.participation.plan, title="任务", owner="李", deadline=date(2026, 6, 1))
        self.problem = Problem.objects.create(participation=self.participation, description="问题", found_on=date(2026, 1, 1))
        self.rectification = Rectification.objects.create(problem=self.problem, measure="整改", owner="李",
                                                          deadline=date(2026, 3, 1))
        return self

    def transfers(self):
        """A pending transfer of A's member to B, and a pending letter out of the system for another of A's."""
        if not hasattr(self, "to_b"):
            from members.transfers.services import propose_transfer

            today = timezone.localdate()
            self.to_b = propose_transfer(member=self.member, user=self.tree.secretary_a, on=today,
                                                   to_organization=self.tree.b)
            self.letter = propose_transfer(member=MemberFactory(organization=self.tree.a),
                                           user=self.tree.secretary_a, on=today, external_name="外省某支部")
        return self

    def committee_member(self):
        return CommitteeMember.objects.create(organization=self.tree.a, role="member", name="委员").pk

    def role_of_secretary_b(self):
        return RoleAssignment.objects.get_or_create(user=self.tree.secretary_b, organization=self.tree.b, role=Role.STAFF)[0].pk


A = lambda w: {"pk": w.tree.a.pk}  # noqa: E731
A_ORG = lambda w: {"org_pk": w.tree.a.pk}  # noqa: E731
NONE = lambda w: {}  # noqa: E731
ALL_IN = [302, 200, 200, 200, 200, 200, 200]
BRANCH_A_READ = [302, 200, 404, 200, 404, 200, 200]
BRANCH_A_WRITE = [302, 200, 404, 403, 404, 200, 200]
BRANCH_A_POST = [302, 302, 404, 403, 404, 302, 302]
ADMIN_ONLY = [302, 403, 403, 403, 403, 200, 200]
REVIEW_A_POST = [302, 403, 404, 302, 404, 302, 302]

# name: (method, kwargs builder, expected status per role in ROLES order)
MATRIX = {
    "home": ("GET", NONE, ALL_IN),
    "healthz": ("GET", NONE, [200] * 7),
    "login": ("GET", NONE, [200] * 7),
    "logout": ("POST", NONE, [302] * 7),
    "password_change": ("GET", NONE, ALL_IN),
    "password_change_done": ("GET", NONE, ALL_IN),
    "accounts:users": ("GET", NONE, ADMIN_ONLY),
    "accounts:user_create": ("GET", NONE, ADMIN_ONLY),
    "accounts:user": ("GET", lambda w: {"pk": w.tree.secretary_a.pk}, ADMIN_ONLY),
    "accounts:revoke": ("POST", lambda w: {"pk": w.role_of_secretary_b()}, [302, 403, 403, 403, 403, 302, 302]),
    "branches:tree": ("GET", NONE, ALL_IN),
    "branches:organization": ("GET", A, BRANCH_A_READ),
    "branches:children": ("GET", A, BRANCH_A_READ),
    "branches:edit": ("GET", A, BRANCH_A_WRITE),
    "branches:committee_add": ("POST", A, BRANCH_A_POST),
    "branches:committee_end": ("POST", lambda w: {"pk": w.tree.a.pk, "member_pk": w.committee_member()}, BRANCH_A_POST),
    "branches:party_group_add": ("POST", A, BRANCH_A_POST),
    "branches:units": ("GET", NONE, ALL_IN),
    "branches:unit": ("GET", lambda w: {"pk": w.tree.unit_a.pk}, BRANCH_A_READ),
    "members:list": ("GET", NONE, ALL_IN),
    "members:member": ("GET", lambda w: {"pk": w.member.pk}, BRANCH_A_READ),
    "members:edit": ("GET", lambda w: {"pk": w.member.pk}, BRANCH_A_WRITE),
    "members:transfer": ("GET", lambda w: {"pk": w.member.pk}, BRANCH_A_WRITE),
    "members:transfers": ("GET", A_ORG, BRANCH_A_READ),
    # a pending transfer from A to B: both sides see it, the receiver (or a common parent) decides,
    # the sender withdraws; the letter out of the system is the sender's alone
    "members:transfer_detail": ("GET", lambda w: {"pk": w.transfers().to_b.pk}, [302, 200, 200, 200, 404, 200, 200]),
    "members:transfer_accept": ("POST", lambda w: {"pk": w.transfers().to_b.pk}, [302, 403, 302, 302, 404, 302, 302]),
    "members:transfer_return": ("POST", lambda w: {"pk": w.transfers().to_b.pk}, [302, 403, 302, 302, 404, 302, 302]),
    "members:transfer_withdraw": ("POST", lambda w: {"pk": w.transfers().to_b.pk}, [302, 302, 403, 403, 404, 302, 302]),
    "members:transfer_receipt": ("POST", lambda w: {"pk": w.transfers().letter.pk}, BRANCH_A_POST),
    "members:transfer_letter": ("GET", lambda w: {"pk": w.transfers().letter.pk}, BRANCH_A_WRITE),
    "members:archive": ("POST", lambda w: {"pk": w.member.pk}, BRANCH_A_POST),
    "members:create": ("GET", A_ORG, BRANCH_A_WRITE),
    "members:import": ("GET", NONE, [302, 200, 200, 403, 403, 200, 200]),
    "members:import_template": ("GET", NONE, ALL_IN),
    # an import job is its uploader's (and the superuser's) only
    "members:import_job": ("GET", lambda w: {"pk": w.job.pk}, [302, 200, 404, 404, 404, 404, 200]),
    "members:import_confirm": ("POST", lambda w: {"pk": w.job.pk}, [302, 302, 404, 404, 404, 404, 302]),
    "members:import_progress": ("GET", lambda w: {"pk": w.job.pk}, [302, 200, 404, 404, 404, 404, 200]),
    "members:import_errors": ("GET", lambda w: {"pk": w.job.pk}, [302, 200, 404, 404, 404, 404, 200]),
    "members:export": ("GET", NONE, ALL_IN),
    "members:applicants": ("GET", NONE, ALL_IN),
    "members:org_applicants": ("GET", A_ORG, BRANCH_A_READ),
    "members:applicant_add": ("GET", A_ORG, BRANCH_A_WRITE),
    "members:applicant": ("GET", lambda w: {"pk": w.applicant.pk}, BRANCH_A_READ),
    "members:applicant_advance": ("POST", lambda w: {"pk": w.applicant.pk}, [302, 200, 404, 403, 404, 200, 200]),
    "members:applicant_record": ("POST", lambda w: {"pk": w.applicant.pk, "kind": "talk"}, BRANCH_A_WRITE),
    "members:dues": ("GET", A_ORG, [302, 302, 404, 302, 404, 302, 302]),
    "members:dues_month": ("GET", lambda w: {"org_pk": w.tree.a.pk, "year": 2026, "month": 11}, BRANCH_A_READ),
    "members:dues_generate": ("POST", lambda w: {"org_pk": w.tree.a.pk, "year": 2026, "month": 11}, BRANCH_A_POST),
    "members:dues_pay": ("POST", lambda w: {"pk": w.dues.pk}, BRANCH_A_WRITE),
    "activities:list": ("GET", A_ORG, BRANCH_A_READ),
    "activities:plan": ("GET", A_ORG, BRANCH_A_WRITE),
    "activities:quick_log": ("GET", A_ORG, BRANCH_A_WRITE),
    "activities:meeting": ("GET", lambda w: {"pk": w.meeting.pk}, BRANCH_A_READ),
    "activities:edit": ("GET", lambda w: {"pk": w.meeting.pk}, BRANCH_A_WRITE),
    "activities:held": ("POST", lambda w: {"pk": w.meeting.pk}, BRANCH_A_POST),
    "activities:cancel": ("POST", lambda w: {"pk": w.meeting.pk}, BRANCH_A_POST),
    "activities:attendance": ("POST", lambda w: {"pk": w.meeting.pk}, BRANCH_A_POST),
    "activities:guest": ("POST", lambda w: {"pk": w.meeting.pk}, BRANCH_A_POST),
    "activities:attachment": ("POST", lambda w: {"pk": w.meeting.pk}, BRANCH_A_POST),
    "activities:attachment_download": ("GET", lambda w: {"pk": w.attachment.pk}, BRANCH_A_READ),
    "activities:ledger": ("GET", A_ORG, BRANCH_A_READ),
    "activities:calendar_reset": ("POST", A_ORG, BRANCH_A_POST),
    "activities:calendar_feed": ("GET", lambda w: {"token": w.feed.token}, [200] * 7),
    "reminders:inbox": ("GET", NONE, ALL_IN),
    "reminders:open": ("POST", lambda w: {"pk": w.reminder.pk}, [302, 302, 404, 404, 404, 404, 404]),
    "reminders:read_all": ("POST", NONE, [302] * 7),
    "admin:index": ("GET", NONE, [302, 302, 302, 302, 302, 302, 200]),
    # dashboards: the index sends everyone but the superuser to their own organization's dashboard
    "dashboards:index": ("GET", NONE, [302, 302, 302, 302, 302, 302, 200]),
    "dashboards:org": ("GET", A_ORG, BRANCH_A_READ),
    "dashboards:list": ("GET", lambda w: {"org_pk": w.tree.a.pk, "name": "units"}, BRANCH_A_READ),
    "dashboards:export": ("GET", lambda w: {"org_pk": w.tree.a.pk, "name": "members"}, [302, 403, 404, 200, 404, 200, 200]),
    # assessments: a campaign of 工委 W with branches A and B (World.assessments)
    "assessments:index": ("GET", NONE, ALL_IN),
    "assessments:schemes": ("GET", NONE, ALL_IN),
    "assessments:scheme": ("GET", lambda w: {"pk": w.assessments().scheme.pk}, [302, 200, 200, 200, 404, 200, 200]),
    "assessments:scheme_copy": ("POST", lambda w: {"pk": w.assessments().scheme.pk}, [302, 403, 403, 302, 404, 302, 302]),
    "assessments:criterion_add": ("GET", lambda w: {"scheme_pk": w.assessments().scheme.pk}, [302, 403, 403, 403, 404, 403, 403]),
    "assessments:criterion_edit": ("GET", lambda w: {"pk": w.assessments().criterion.pk}, [302, 403, 403, 403, 404, 403, 403]),
    "assessments:criterion_delete": ("POST", lambda w: {"pk": w.assessments().criterion.pk}, [302, 403, 403, 403, 404, 403, 403]),
    "assessments:campaign_new": ("GET", NONE, [302, 403, 403, 200, 200, 200, 200]),
    "assessments:campaign": ("GET", lambda w: {"pk": w.assessments().campaign.pk}, [302, 200, 200, 200, 404, 200, 200]),
    "assessments:phases": ("GET", lambda w: {"pk": w.assessments().campaign.pk}, [302, 403, 403, 200, 404, 200, 200]),
    "assessments:participants": ("GET", lambda w: {"pk": w.assessments().campaign.pk}, [302, 403, 403, 200, 404, 200, 200]),
    "assessments:report": ("GET", lambda w: {"pk": w.assessments().campaign.pk}, [302, 404, 404, 200, 404, 200, 200]),
    "assessments:report_xlsx": ("GET", lambda w: {"pk": w.assessments().campaign.pk}, [302, 404, 404, 200, 404, 200, 200]),
    "assessments:participation": ("GET", lambda w: {"pk": w.assessments().participation.pk}, BRANCH_A_READ),
    "assessments:plan": ("GET", lambda w: {"pk": w.assessments().participation.pk}, BRANCH_A_READ),
    "assessments:task_add": ("POST", lambda w: {"pk": w.assessments().participation.pk}, BRANCH_A_POST),
    "assessments:self_scores": ("POST", lambda w: {"pk": w.assessments().participation.pk}, BRANCH_A_POST),
    "assessments:review_scores": ("POST", lambda w: {"pk": w.assessments().participation.pk}, REVIEW_A_POST),
    "assessments:history": ("GET", lambda w: {"pk": w.assessments().participation.pk}, BRANCH_A_READ),
    "assessments:problem_add": ("POST", lambda w: {"pk": w.assessments().participation.pk}, REVIEW_A_POST),
    "assessments:transition": ("POST", lambda w: {"pk": w.assessments().participation.pk, "action": "approve"}, REVIEW_A_POST),
    "assessments:task_done": ("POST", lambda w: {"pk": w.assessments().task.pk}, BRANCH_A_POST),
    "assessments:evidence_add": ("POST", lambda w: {"pk": w.assessments().item.pk}, BRANCH_A_POST),
    "assessments:evidence_file": ("GET", lambda w: {"pk": w.assessments().evidence.pk}, BRANCH_A_READ),
    # evidence is deleted by its branch only, while the branch may still edit
    "assessments:evidence_delete": ("POST", lambda w: {"pk": w.assessments().evidence.pk}, [302, 302, 404, 404, 404, 404, 404]),
    "assessments:rectification_add": ("POST", lambda w: {"pk": w.assessments().problem.pk}, REVIEW_A_POST),
    # no file attached to this rectification yet: nobody gets one
    "assessments:rectification_file": ("GET", lambda w: {"pk": w.assessments().rectification.pk}, [302, 404, 404, 404, 404, 404, 404]),
    "assessments:rectification_action": ("POST", lambda w: {"pk": w.assessments().rectification.pk, "action": "close"}, REVIEW_A_POST),
    "assessments:org": ("GET", A, BRANCH_A_READ),
    "assessments:venue": ("GET", A, BRANCH_A_READ),
}


def project_url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield "admin:index"  # Django's own admin: its login wall is checked once
                continue
            yield from project_url_names(pattern.url_patterns, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
        else:
            yield namespace + pattern.name


def test_every_url_is_in_the_matrix():
    missing = sorted(set(project_url_names()) - set(MATRIX))
    assert not missing, f"add these URLs to the permission matrix: {missing}"


@pytest.fixture
def world(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return World(tree, tmp_path)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_answer(client, world, name):
    method, kwargs, expected = MATRIX[name]
    got = []
    for role in ROLES:
        client.logout()
        if role != "anon":
            client.force_login(world.tree.superuser if role == "root" else getattr(world.tree, role))
        url = reverse(name, kwargs=kwargs(world))
        response = client.post(url, {}) if method == "POST" else client.get(url)
        if role == "anon" and response.status_code == 302 and expected[0] == 302 and name not in ("logout",):
            assert "/login/" in response["Location"] or name == "reminders:read_all", (name, response["Location"])
        got.append(response.status_code)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            assert_no_inline_script(name, response.content.decode())
    assert dict(zip(ROLES, got)) == dict(zip(ROLES, expected))


def assert_no_inline_script(name, html):
    """The content security policy allows scripts from this site only: no inline code anywhere."""
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html), name
    assert not re.search(r"\son[a-z]+=[\"']", html), name
