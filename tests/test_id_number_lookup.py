"""Typing an ID number that is already on a roll asks whether that citizen is a party member: the
answer names the organization only to a user who can see it, is written to the personal-data log,
and is given at most DUPLICATE_ID_ANSWERS_PER_HOUR times per user and hour."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from members.models import Member, PersonalDataLog
from tests.factories import MemberFactory, make_id_number

pytestmark = pytest.mark.django_db

NOT_HERE = "该公民身份号码不能在此添加，请联系组织部门。"
RATIONED = "一小时内多次录入已在册的公民身份号码"


@pytest.fixture
def in_b(tree):
    return MemberFactory(organization=tree.b, name="乙支部党员", birth_date=date(1985, 6, 15),
                         id_number=make_id_number(401))


def add(client, user, org, number, name="新党员"):
    client.force_login(user)
    data = {"name": name, "id_number": number, "ethnicity": "汉族", "joined_on": "2015-07-01",
            "confirmed_on": "2016-07-01", "status": "full", "category": "employed"}
    return client.post(reverse("members:create", args=[org.pk]), data, REMOTE_ADDR="198.51.100.5")


def test_a_number_on_a_roll_outside_the_users_scope_is_refused_without_saying_where(client, tree, in_b):
    response = add(client, tree.secretary_a, tree.a, in_b.id_number)
    assert response.status_code == 200 and NOT_HERE in response.text
    assert "乙公司党支部" not in response.text and "已在册" not in response.text
    log = PersonalDataLog.objects.get()
    assert (log.action, log.user, log.member, log.organization) == ("id_lookup", tree.secretary_a, in_b, tree.a)
    assert log.ip_address == "198.51.100.5" and not log.unmasked and "未告知所在组织" in log.detail
    assert log.get_action_display() == "身份证号查重"


def test_a_number_on_a_roll_the_user_can_see_names_the_organization_and_is_logged(client, tree, in_b):
    response = add(client, tree.admin_w, tree.a, in_b.id_number)  # 工委 W's admin sees branch B
    assert "该公民身份号码已在册（乙公司党支部），请通过组织关系转接办理。" in response.text
    assert PersonalDataLog.objects.get().member == in_b


def test_past_the_hourly_limit_the_user_cannot_add_members_until_the_hour_has_passed(client, tree, in_b, settings):
    settings.DUPLICATE_ID_ANSWERS_PER_HOUR = 2
    for _ in range(2):
        assert NOT_HERE in add(client, tree.secretary_a, tree.a, in_b.id_number).text
    refused = add(client, tree.secretary_a, tree.a, in_b.id_number)
    assert RATIONED in refused.text and NOT_HERE not in refused.text
    fresh = make_id_number(402)
    assert RATIONED in add(client, tree.secretary_a, tree.a, fresh).text  # no answer either way
    assert not Member.objects.filter(id_number=fresh).exists()
    assert PersonalDataLog.objects.count() == 2

    assert add(client, tree.admin_w, tree.a, fresh).status_code == 302  # the limit is per user
    PersonalDataLog.objects.filter(user=tree.secretary_a).update(at=PersonalDataLog.objects.first().at - timedelta(hours=1))
    assert add(client, tree.secretary_a, tree.a, make_id_number(403), name="又一党员").status_code == 302


def test_changing_a_members_number_to_one_on_another_roll_gets_the_same_answer(client, tree, in_b):
    member = MemberFactory(organization=tree.a, name="甲支部党员")
    client.force_login(tree.secretary_a)
    data = {"name": member.name, "id_number": in_b.id_number, "gender": "male", "birth_date": "1985-06-15",
            "ethnicity": "汉族", "joined_on": "2010-07-01", "confirmed_on": "2011-07-01", "status": "full",
            "category": "employed"}
    response = client.post(reverse("members:edit", args=[member.pk]), data)
    assert response.status_code == 200 and NOT_HERE in response.text and "已存在" not in response.text
    assert PersonalDataLog.objects.get().action == "id_lookup"
    member.refresh_from_db()
    assert member.id_number != in_b.id_number
