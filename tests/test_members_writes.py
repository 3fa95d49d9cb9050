"""Every write of the members app is a service: keyword arguments only, the acting user passed in, the
user's permission checked there (not only by the view), what it saves validated — a bad value is a
Chinese ValidationError, never a database error — and nothing half-written."""

import inspect
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from branches.choices import OrgKind
from members.dues import services as dues
from members.models import Applicant, DuesRecord, Member, PipelineStep
from members.pipeline import services as pipeline
from members.pipeline.models import Stage
from members.roster import services as roster
from members.transfers import services as transfers
from tests.factories import MemberFactory, make_id_number, make_org

pytestmark = pytest.mark.django_db
SERVICES = [roster, transfers, pipeline, dues]


@pytest.mark.parametrize("module", SERVICES, ids=lambda m: m.__name__)
def test_every_write_takes_keyword_arguments_and_the_acting_user(module):
    writes = {name: f for name, f in vars(module).items()
              if inspect.isfunction(f) and f.__module__ == module.__name__ and not name.startswith("_")}
    assert writes
    for name, function in writes.items():
        parameters = inspect.signature(function).parameters.values()
        assert all(p.kind == p.KEYWORD_ONLY for p in parameters), name
        assert "user" in inspect.signature(function).parameters, name


# ---------------------------------------------------------------- roster


def test_archiving_records_who_did_it_even_outside_a_request(tree):
    member = MemberFactory(organization=tree.a)
    roster.archive_member(member=member, user=tree.secretary_a, on=date(2025, 3, 1), reason="死亡")
    member.refresh_from_db()
    assert member.archived_on == date(2025, 3, 1)
    assert member.history.first().history_user == tree.secretary_a


@pytest.mark.parametrize("on, reason, message", [
    (date(2025, 3, 1), "其他（" + "说明" * 60 + "）", "不超过 100 字符"),
    (timezone.localdate() + timedelta(days=1), "死亡", "不能晚于今天"),
    (date(2009, 12, 31), "死亡", "不能早于入党日期"),
], ids=["reason too long", "in the future", "before joining"])
def test_an_archive_that_cannot_be_right_is_refused_in_chinese(tree, on, reason, message):
    member = MemberFactory(organization=tree.a, joined_on=date(2010, 1, 1), confirmed_on=date(2011, 1, 1))
    with pytest.raises(ValidationError, match=message):
        roster.archive_member(member=member, user=tree.secretary_a, on=on, reason=reason)
    assert Member.objects.current().filter(pk=member.pk).exists()


# ---------------------------------------------------------------- pipeline


def applicant_in(org, stage, **dates) -> Applicant:
    return Applicant.objects.create(name="申请人", gender="male", birth_date=date(1995, 4, 10),
                                    id_number=make_id_number(300, date(1995, 4, 10)), organization=org, stage=stage,
                                    applied_on=date(2022, 1, 10), **dates)


PIPELINE_WRITES = {
    "advance": lambda a, user: pipeline.advance(applicant=a, stage=Stage.ACTIVIST, on=date(2022, 3, 1),
                                                approved_by="支委会", user=user, details={"talked_on": date(2022, 1, 20)}),
    "talk": lambda a, user: pipeline.record_talk(applicant=a, on=date(2022, 1, 20), user=user),
}


@pytest.mark.parametrize("write", PIPELINE_WRITES)
def test_a_pipeline_step_needs_change_on_the_branch(tree, write):
    applicant = applicant_in(tree.a, Stage.APPLICANT)
    with pytest.raises(PermissionDenied):
        PIPELINE_WRITES[write](applicant, tree.staff_w)  # 工委 staff see the branch but do not change it
    applicant.refresh_from_db()
    assert (applicant.stage, applicant.talked_on) == (Stage.APPLICANT, None)
    assert not PipelineStep.objects.exists()


def test_an_application_needs_change_on_the_branch_and_goes_to_a_branch(tree):
    def application(org, user):
        return pipeline.add_applicant(applicant=Applicant(
            organization=org, name="小李", id_number=make_id_number(301, date(1990, 1, 1)), applied_on=date(2024, 1, 1),
        ), user=user)

    with pytest.raises(PermissionDenied):
        application(tree.a, tree.staff_w)
    with pytest.raises(ValidationError, match="入党申请应登记在党支部"):
        application(make_org(tree.w, kind=OrgKind.COMMITTEE), tree.admin_w)
    assert not Applicant.objects.exists()
    assert application(tree.a, tree.secretary_a).steps.get().recorded_by == tree.secretary_a


def test_a_step_that_cannot_be_stored_is_refused_in_chinese_and_saves_nothing(tree):
    applicant = applicant_in(tree.a, Stage.APPLICANT, talked_on=date(2022, 1, 20))
    with pytest.raises(ValidationError) as exc:
        pipeline.advance(applicant=applicant, stage=Stage.ACTIVIST, on=date(2022, 3, 1), approved_by="支" * 101,
                         user=tree.secretary_a)
    assert "approved_by" in exc.value.message_dict
    applicant.refresh_from_db()
    assert applicant.stage == Stage.APPLICANT and applicant.activist_on is None
    assert not PipelineStep.objects.exists()


# ---------------------------------------------------------------- dues


def test_dues_need_change_on_the_branch(tree):
    member = MemberFactory(organization=tree.a, declared_income=Decimal("4000"))
    with pytest.raises(PermissionDenied):
        dues.generate_month(organization=tree.a, month=date(2025, 3, 1), user=tree.staff_w)
    assert not DuesRecord.objects.exists()
    dues.generate_month(organization=tree.a, month=date(2025, 3, 1), user=tree.secretary_a)
    record = DuesRecord.objects.get(member=member)
    with pytest.raises(PermissionDenied):
        dues.record_payment(record=record, user=tree.staff_w, amount=Decimal("40"), paid_on=date(2025, 3, 5))
    assert DuesRecord.objects.get(pk=record.pk).paid_on is None


def test_dues_too_large_to_record_are_refused_naming_the_member(tree):
    MemberFactory(organization=tree.a, declared_income=Decimal("4000"))
    MemberFactory(organization=tree.a, name="高收入", declared_income=Decimal("99999999.99"))
    with pytest.raises(ValidationError, match="高收入的应缴党费.*超出可登记的范围"):
        dues.generate_month(organization=tree.a, month=date(2025, 3, 1), user=tree.secretary_a)
    assert not DuesRecord.objects.exists()


def test_a_payment_too_large_to_record_is_a_form_error(tree):
    MemberFactory(organization=tree.a, declared_income=Decimal("4000"))
    dues.generate_month(organization=tree.a, month=date(2025, 3, 1), user=tree.secretary_a)
    record = DuesRecord.objects.get()
    with pytest.raises(ValidationError) as exc:
        dues.record_payment(record=record, user=tree.secretary_a, amount=Decimal("1000000000"), paid_on=date(2025, 3, 5))
    assert "amount_paid" in exc.value.message_dict
    assert DuesRecord.objects.get(pk=record.pk).paid_on is None
