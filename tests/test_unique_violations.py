"""A unique key that another request filled first is a ValidationError naming its fields in Chinese
(core.integrity); other integrity errors pass through as they are."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.models import Participation
from branches.models import PartyGroup
from core.integrity import unique_violations_as_errors
from members.models import Member
from tests.factories import MemberFactory
from tests.test_assess_workflow import build_campaign

pytestmark = pytest.mark.django_db


@unique_violations_as_errors()
@transaction.atomic
def insert(model, **fields):
    return model.objects.create(**fields)


def test_a_unique_field_is_named_on_its_field(tree):
    member = MemberFactory(organization=tree.a)
    with pytest.raises(ValidationError) as caught:
        insert(Member, organization=tree.a, name="重复", gender="male", birth_date=member.birth_date,
               id_number=member.id_number, joined_on=member.joined_on)
    assert caught.value.message_dict == {"id_number": ["该公民身份号码已存在，请勿重复添加。"]}


def test_a_unique_pair_names_both_fields(tree):
    campaign = build_campaign(tree)
    with pytest.raises(ValidationError, match="创建周期、党支部相同的记录已存在"):
        insert(Participation, campaign=campaign, branch=tree.a)


def test_a_unique_constraint_is_read_from_the_database_answer(tree):
    PartyGroup.objects.create(branch=tree.a, name="第一党小组")
    with pytest.raises(ValidationError, match="相同的记录已存在"):
        insert(PartyGroup, branch=tree.a, name="第一党小组")


def test_other_integrity_errors_pass_through(tree):
    with pytest.raises(IntegrityError):
        insert(PartyGroup, branch=tree.a, name=None)
