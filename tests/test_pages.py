"""Pages render for the roles that use them, in Chinese."""

import pytest
from django.urls import reverse

from branches.models import CommitteeMember, PartyGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, tree):
    client.force_login(tree.staff_w)
    return client


def test_home_lists_the_users_organizations_with_warnings(client, tree):
    client.force_login(tree.secretary_a)
    response = client.get(reverse("home"))
    assert "甲公司党支部" in response.text and "未登记本届任期" in response.text


def test_tree_shows_scope_roots_and_loads_children(staff_client, tree):
    response = staff_client.get(reverse("branches:tree"))
    assert "东海市两新工委" in response.text and "临江市" not in response.text
    children = staff_client.get(reverse("branches:children", args=[tree.w.pk]))
    assert "甲公司党支部" in children.text and "乙公司党支部" in children.text


def test_tree_search_finds_by_name_and_code_within_scope(staff_client, tree):
    assert "乙公司党支部" in staff_client.get(reverse("branches:tree"), {"q": "乙公司"}).text
    assert "甲公司党支部" in staff_client.get(reverse("branches:tree"), {"q": "A"}).text
    assert "丙公司党支部" not in staff_client.get(reverse("branches:tree"), {"q": "丙公司"}).text


def test_organization_page_shows_committee_term_units_and_members(client, tree):
    CommitteeMember.objects.create(organization=tree.a, role="secretary", name="赵书记")
    client.force_login(tree.secretary_a)
    text = client.get(tree.a.get_absolute_url()).text
    assert "赵书记" in text and "甲公司" in text and "在册党员" in text and "编辑信息" in text


def test_secretary_adds_a_party_group_and_a_duplicate_is_refused(client, tree):
    client.force_login(tree.secretary_a)
    url = reverse("branches:party_group_add", args=[tree.a.pk])
    client.post(url, {"name": "第一党小组"})
    response = client.post(url, {"name": "第一党小组"}, follow=True)
    assert PartyGroup.objects.filter(branch=tree.a).count() == 1
    assert "已有名为" in response.text


def test_committee_member_leaves_office_but_stays_on_record(client, tree):
    member = CommitteeMember.objects.create(organization=tree.a, role="secretary", name="赵书记")
    client.force_login(tree.secretary_a)
    client.post(reverse("branches:committee_end", args=[tree.a.pk, member.pk]))
    member.refresh_from_db()
    assert member.ended_on is not None


def test_edit_form_rejects_a_term_that_ends_before_it_starts(client, tree):
    client.force_login(tree.secretary_a)
    response = client.post(reverse("branches:edit", args=[tree.a.pk]), {
        "name": "甲", "term_started_on": "2026-01-01", "term_ends_on": "2025-01-01",
    })
    assert response.status_code == 200 and "应晚于任期开始日期" in response.text


@pytest.mark.parametrize("params, shown, hidden", [
    ({"covered": "yes"}, "甲公司", "未覆盖公司"),
    ({"covered": "no"}, "未覆盖公司", "甲公司"),
    ({"q": "未覆盖"}, "未覆盖公司", "乙公司"),
    ({"unit_type": "social_organization"}, "未覆盖公司", "甲公司"),
])
def test_unit_list_filters(staff_client, tree, params, shown, hidden):
    from tests.factories import HostUnitFactory

    HostUnitFactory(name="未覆盖公司", managed_by=tree.w, unit_type="social_organization")
    text = staff_client.get(reverse("branches:units"), params).text
    assert shown in text and hidden not in text


def test_login_page_is_in_chinese(client):
    response = client.get(reverse("login"))
    assert "登录" in response.text and 'lang="zh-hans"' in response.text


def test_wrong_password_gets_a_chinese_message(client, tree):
    response = client.post(reverse("login"), {"username": "secretary_a", "password": "wrong"})
    assert "用户名或密码不正确" in response.text


def test_password_change_page(client, tree):
    client.force_login(tree.secretary_a)
    assert "修改密码" in client.get(reverse("password_change")).text


def test_every_page_model_has_an_absolute_url(tree):
    assert tree.a.get_absolute_url() == f"/orgs/{tree.a.pk}/"
    assert tree.unit_a.get_absolute_url() == f"/units/{tree.unit_a.pk}/"


def test_home_shows_what_the_pipeline_needs_next(client, tree):
    from datetime import date, timedelta

    from django.utils import timezone

    from members.models import Applicant
    from tests.factories import make_id_number

    Applicant.objects.create(name="申请人甲", gender="male", birth_date=date(1995, 1, 1),
                             id_number=make_id_number(500, date(1995, 1, 1)), organization=tree.a,
                             applied_on=timezone.localdate() - timedelta(days=40))
    client.force_login(tree.secretary_a)
    text = client.get(reverse("home")).text
    assert "发展党员" in text and "申请人甲" in text
