"""The member edit form shows the ID number and phone masked, as the member page does. Keeping the
masked value (or leaving it blank) keeps the stored one, typing a full new value replaces it, and
`?reveal=1` shows them in full to an entitled role and logs it."""

from datetime import date

import pytest
from django.urls import reverse

from members.models import PersonalDataLog
from tests.factories import MemberFactory, make_id_number

pytestmark = pytest.mark.django_db

PHONE = "13800138000"


@pytest.fixture
def member(tree):
    return MemberFactory(organization=tree.a, name="青年甲", birth_date=date(1990, 5, 20), phone=PHONE,
                         id_number=make_id_number(501, date(1990, 5, 20)))


def form_data(member, **changes):
    data = {"name": member.name, "id_number": "*" * 14 + member.id_number[-4:], "phone": "*******8000",
            "gender": "male", "birth_date": "1990-05-20", "ethnicity": "汉族", "joined_on": "2010-07-01",
            "confirmed_on": "2011-07-01", "status": "full", "category": "employed", "job": "工程师"}
    return {**data, **changes}


def edit(client, user, member, data=None, **params):
    client.force_login(user)
    url = reverse("members:edit", args=[member.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return client.post(url, data) if data is not None else client.get(url)


@pytest.mark.parametrize("username", ["secretary_a", "admin_w", "root"])
def test_the_edit_form_shows_both_masked_and_logs_nothing(client, tree, member, username):
    user = tree.superuser if username == "root" else getattr(tree, username)
    html = edit(client, user, member).text
    assert member.id_number not in html and PHONE not in html
    assert f'value="{"*" * 14}{member.id_number[-4:]}"' in html and 'value="*******8000"' in html
    assert "显示完整身份证号和电话（将记录查看日志）" in html
    assert not PersonalDataLog.objects.exists()


@pytest.mark.parametrize("kept", [{}, {"id_number": "", "phone": ""}])
def test_saving_with_the_masked_or_blank_values_keeps_the_stored_ones(client, tree, member, kept):
    assert edit(client, tree.secretary_a, member, form_data(member, **kept)).status_code == 302
    member.refresh_from_db()
    assert (member.id_number, member.phone, member.job) == (make_id_number(501, date(1990, 5, 20)), PHONE, "工程师")


def test_typing_full_new_values_replaces_them_without_seeing_the_old_ones(client, tree, member):
    number = make_id_number(502, date(1990, 5, 20))
    assert edit(client, tree.secretary_a, member, form_data(member, id_number=number, phone="13900139000")).status_code == 302
    member.refresh_from_db()
    assert (member.id_number, member.phone) == (number, "13900139000")


def test_editing_a_few_digits_of_a_masked_value_is_refused_in_chinese(client, tree, member):
    response = edit(client, tree.secretary_a, member, form_data(member, phone="*******9999"))
    assert response.status_code == 200 and "号码已部分隐藏，不能只改其中几位" in response.text
    member.refresh_from_db()
    assert member.phone == PHONE and member.job == ""


def test_a_refused_form_does_not_show_the_stored_values(client, tree, member):
    response = edit(client, tree.secretary_a, member, form_data(member, joined_on="1980-01-01"))
    assert "入党日期应晚于出生日期" in response.text
    assert member.id_number not in response.text and PHONE not in response.text


def test_revealing_on_the_edit_form_is_logged_like_on_the_member_page(client, tree, member):
    html = edit(client, tree.secretary_a, member, reveal=1).text
    assert f'value="{member.id_number}"' in html and f'value="{PHONE}"' in html
    log = PersonalDataLog.objects.get()
    assert (log.action, log.user, log.member, log.unmasked) == ("view", tree.secretary_a, member, True)
    assert log.detail == "编辑时查看完整身份证号和电话"

    assert edit(client, tree.secretary_a, member, form_data(member, id_number=member.id_number, phone=""),
                reveal=1).status_code == 302
    member.refresh_from_db()
    assert member.phone == "" and PersonalDataLog.objects.count() == 1  # shown in full, saved as shown
