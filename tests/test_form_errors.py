"""Bad input on the pages people use is answered with a Chinese message, a form error or a Chinese
400, and nothing is half-saved: a form that writes several rows writes all of them or none."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Meeting
from tests.test_assess_workflow import build_campaign, items_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(tree):
    return build_campaign(tree)


def test_a_self_score_of_nan_or_infinity_is_a_message_and_nothing_is_saved(client, tree, campaign):
    participation = campaign.participations.get(branch=tree.a)
    items = items_of(participation)
    service, rules = items["为群众办实事"], items["制度执行"]
    client.force_login(tree.secretary_a)
    for typed in ("NaN", "Infinity", "-Infinity", "1e999"):
        response = client.post(reverse("assessments:self_scores", args=[participation.pk]),
                               {f"self_{rules.pk}": "4", f"self_{service.pk}": typed}, follow=True)
        assert "“为群众办实事”的分数无效" in response.content.decode()
        rules.refresh_from_db()
        assert rules.self_score is None


def test_a_malformed_score_key_is_a_chinese_400(client, tree, campaign):
    participation = campaign.participations.get(branch=tree.a)
    client.force_login(tree.secretary_a)
    response = client.post(reverse("assessments:self_scores", args=[participation.pk]), {"self_abc": "5"})
    assert response.status_code == 400
    assert "表单字段“self_abc”无效" in response.content.decode()


def test_a_held_time_in_year_one_is_a_message(client, tree):
    meeting = Meeting.objects.create(organization=tree.a, kinds=["theme_day"], planned_at=timezone.now(), topic="主题党日")
    client.force_login(tree.secretary_a)
    response = client.post(reverse("activities:held", args=[meeting.pk]), {"held_at": "0001-01-01T00:00"}, follow=True)
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.held_at is None


def test_a_guest_name_longer_than_its_column_is_a_message(client, tree):
    meeting = Meeting.objects.create(organization=tree.a, kinds=["theme_day"], planned_at=timezone.now(), topic="主题党日")
    client.force_login(tree.secretary_a)
    response = client.post(reverse("activities:guest", args=[meeting.pk]), {"name": "长" * 10_000}, follow=True)
    assert response.status_code == 200 and "50" in response.content.decode()
    assert not meeting.attendances.exists()


def post_phases(client, tree, campaign, total=None, **changes):
    """The phase page's formset as the browser posts it, as staff of the 工委, with changes by row and
    field (`0__name`, `4__ends_on`: row 4 is an extra row)."""
    phases = list(campaign.phases.all())
    data = {"form-INITIAL_FORMS": str(len(phases)), "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    for i, phase in enumerate(phases):
        data.update({f"form-{i}-id": phase.pk, f"form-{i}-name": phase.name,
                     f"form-{i}-starts_on": phase.starts_on, f"form-{i}-ends_on": phase.ends_on})
    data.update({f"form-{key.replace('__', '-')}": value for key, value in changes.items()})
    rows = max(int(key.split("-")[1]) for key in data if key.split("-")[1].isdigit()) + 1
    data["form-TOTAL_FORMS"] = str(total or rows)
    client.force_login(tree.staff_w)
    return client.post(reverse("assessments:phases", args=[campaign.pk]), data)


def test_phase_form_with_a_bad_extra_row_saves_nothing_and_shows_the_error(client, tree, campaign):
    response = post_phases(client, tree, campaign, **{"0__name": "动员部署", "4__name": "回头看",
                                                      "4__starts_on": "2026-09-01", "4__ends_on": "2026-08-01"})
    assert response.status_code == 200
    assert "阶段结束日期不能早于开始日期" in response.content.decode()
    assert list(campaign.phases.values_list("name", flat=True)) == ["安排部署", "推进", "完善提升", "总结推广"]


def test_phase_form_with_a_bad_existing_row_saves_nothing(client, tree, campaign):
    response = post_phases(client, tree, campaign, **{"0__name": "动员部署", "1__ends_on": "2025-01-01"})
    assert "阶段结束日期不能早于开始日期" in response.content.decode()
    assert campaign.phases.first().name == "安排部署"


def test_phase_form_adds_a_complete_extra_row_after_the_others(client, tree, campaign):
    response = post_phases(client, tree, campaign, **{"0__name": "动员部署", "4__name": "回头看",
                                                      "4__starts_on": "2026-08-01", "4__ends_on": "2026-09-30"})
    assert response.status_code == 302
    assert [(p.order, p.name) for p in campaign.phases.all()][::4] == [(1, "动员部署"), (5, "回头看")]
    assert campaign.phases.last().ends_on == date(2026, 9, 30)


def test_phase_form_claiming_a_million_rows_builds_at_most_a_dozen(client, tree, campaign):
    response = post_phases(client, tree, campaign, total=1_000_000, **{"0__name": "动员部署"})
    assert "请最多提交 12 个表单" in response.content.decode()
    assert response.content.decode().count("<fieldset>") <= 12
    assert campaign.phases.first().name == "安排部署"
