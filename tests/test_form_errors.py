"""Bad input on the pages people use is answered with a Chinese message, a form error or a Chinese
400, and nothing is half-saved: a form that writes several rows writes all of them or none."""

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
