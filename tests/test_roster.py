"""The roster: filters, add with ID checks, edit, archive, masking and its log (transfers: test_transfers.py)."""

from datetime import date

import pytest
from django.urls import reverse

from branches.models import PartyGroup
from members.models import Member, MemberTransfer, PersonalDataLog
from tests.factories import MemberFactory, make_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(tree):
    group = PartyGroup.objects.create(branch=tree.a, name="第一党小组")
    return {
        "young": MemberFactory(organization=tree.a, name="青年甲", birth_date=date(2000, 3, 3),
                               id_number=make_id_number(1, date(2000, 3, 3)), education="bachelor", party_group=group),
        "old": MemberFactory(organization=tree.a, name="老党员乙", birth_date=date(1950, 1, 1),
                             id_number=make_id_number(2, date(1950, 1, 1)), category="retired", education="senior"),
        "prob": MemberFactory(organization=tree.a, name="预备丙", status="probationary", confirmed_on=None,
                              id_number=make_id_number(3)),
        "b": MemberFactory(organization=tree.b, name="乙支部丁", id_number=make_id_number(4), phone="13800138000"),
    }


def roster(client, user, **params):
    client.force_login(user)
    return client.get(reverse("members:list"), params).text


@pytest.mark.parametrize("params, shown, hidden", [
    ({"status": "probationary"}, "预备丙", "青年甲"),
    ({"category": "retired"}, "老党员乙", "青年甲"),
    ({"age": "-30"}, "青年甲", "老党员乙"),
    ({"age": "61-"}, "老党员乙", "青年甲"),
    ({"education": "bachelor"}, "青年甲", "老党员乙"),
    ({"q": "老党员"}, "老党员乙", "青年甲"),
])
def test_roster_filters(client, tree, members, params, shown, hidden):
    text = roster(client, tree.secretary_a, organization=tree.a.pk, **params)
    assert shown in text and hidden not in text


def test_roster_filters_by_party_group_within_a_branch(client, tree, members):
    group = PartyGroup.objects.get(branch=tree.a)
    text = roster(client, tree.secretary_a, organization=tree.a.pk, party_group=group.pk)
    assert "青年甲" in text and "老党员乙" not in text


def test_roster_of_a_committee_includes_its_subtree(client, tree, members):
    text = roster(client, tree.staff_w, organization=tree.w.pk)
    assert "青年甲" in text and "乙支部丁" in text


def test_nobody_sees_another_branchs_members(client, tree, members):
    assert "乙支部丁" not in roster(client, tree.secretary_a)
    client.force_login(tree.secretary_a)
    assert client.get(members["b"].get_absolute_url()).status_code == 404
    assert client.get(reverse("members:list"), {"organization": tree.b.pk}).status_code == 404


def test_id_and_phone_are_masked_by_default(client, tree, members):
    client.force_login(tree.staff_w)
    text = client.get(members["b"].get_absolute_url()).text
    assert members["b"].id_number not in text and "13800138000" not in text
    assert "8000" in text
    assert not PersonalDataLog.objects.exists()


def test_revealing_personal_data_is_logged(client, tree, members):
    client.force_login(tree.staff_w)
    text = client.get(members["b"].get_absolute_url(), {"reveal": "1"}).text
    assert members["b"].id_number in text and "13800138000" in text
    log = PersonalDataLog.objects.get()
    assert log.user == tree.staff_w and log.member == members["b"] and log.action == "view" and log.ip_address


def test_a_secretary_of_another_branch_cannot_reveal(client, tree, members):
    client.force_login(tree.secretary_a)
    assert client.get(members["b"].get_absolute_url(), {"reveal": "1"}).status_code == 404


def new_member_data(**overrides):
    number = make_id_number(77, date(1990, 5, 20), female=True)
    data = {
        "name": "新党员", "id_number": number.lower(), "ethnicity": "汉族", "joined_on": "2015-07-01",
        "confirmed_on": "2016-07-01", "status": "full", "category": "employed",
    }
    return {**data, **overrides}


def test_secretary_adds_a_member_and_birth_date_and_gender_come_from_the_id(client, tree):
    client.force_login(tree.secretary_a)
    response = client.post(reverse("members:create", args=[tree.a.pk]), new_member_data())
    assert response.status_code == 302, response.content.decode()
    member = Member.objects.get(name="新党员")
    assert member.birth_date == date(1990, 5, 20) and member.gender == "female"
    assert member.id_number.isupper() or member.id_number[-1].isdigit()


@pytest.mark.parametrize("overrides, message", [
    ({"id_number": "330102199005200000"}, "校验位"),
    ({"birth_date": "1991-05-20"}, "出生日期与公民身份号码不一致"),
    ({"gender": "male"}, "性别与公民身份号码不一致"),
    ({"joined_on": "1980-01-01"}, "入党日期应晚于出生日期"),
    ({"status": "probationary"}, "预备党员没有转正日期"),
    ({"confirmed_on": "2015-01-01"}, "转正日期应晚于入党日期"),
])
def test_bad_member_data_is_refused_with_a_chinese_reason(client, tree, overrides, message):
    client.force_login(tree.secretary_a)
    response = client.post(reverse("members:create", args=[tree.a.pk]), new_member_data(**overrides))
    assert response.status_code == 200 and message in response.text
    assert not Member.objects.filter(name="新党员").exists()


def test_the_same_person_cannot_be_added_twice(client, tree, members):
    client.force_login(tree.secretary_a)
    data = new_member_data(id_number=members["b"].id_number, birth_date="1985-06-15", gender="male")
    response = client.post(reverse("members:create", args=[tree.a.pk]), data)
    assert "不能在此添加" in response.text  # B is not A's to see: tests/test_id_number_lookup.py


def test_staff_cannot_add_members(client, tree):
    client.force_login(tree.staff_w)
    assert client.post(reverse("members:create", args=[tree.a.pk]), new_member_data()).status_code == 403


def test_adding_with_a_source_records_a_transfer_in(client, tree):
    client.force_login(tree.secretary_a)
    client.post(reverse("members:create", args=[tree.a.pk]), new_member_data(transferred_from="外省某支部"))
    transfer = MemberTransfer.objects.get()
    assert transfer.direction == "in" and transfer.external_organization == "外省某支部"
    assert transfer.status == "accepted"  # a move already made, not a proposal


def test_edit_keeps_history(client, tree, members):
    member = members["young"]
    client.force_login(tree.secretary_a)
    data = {
        "name": "青年甲", "id_number": member.id_number, "gender": "male", "birth_date": "2000-03-03",
        "ethnicity": "汉族", "joined_on": "2010-07-01", "confirmed_on": "2011-07-01", "status": "full",
        "category": "employed", "job": "工程师",
    }
    assert client.post(reverse("members:edit", args=[member.pk]), data).status_code == 302
    member.refresh_from_db()
    assert member.job == "工程师"
    assert member.history.filter(history_user=tree.secretary_a).exists()


def test_archive_needs_a_reason_and_never_deletes(client, tree, members):
    member = members["old"]
    client.force_login(tree.secretary_a)
    response = client.post(reverse("members:archive", args=[member.pk]), {"reason": "死亡", "on": "2026-10-01"}, follow=True)
    assert "已移出名册" in response.text
    member.refresh_from_db()
    assert member.archived_on and member.archive_reason == "死亡"
    assert "老党员乙" not in roster(client, tree.secretary_a, organization=tree.a.pk)
