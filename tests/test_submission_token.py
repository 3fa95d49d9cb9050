"""The one-time submission token on create forms (config/submission.py), one request after another:
a token that has done its work replays its redirect; a form sent back with errors can be corrected
and sent with the same token; a malformed token is a Chinese 400; without the cache, forms still save."""

import re

import pytest
from django.urls import reverse

from activities.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(client, tree):
    """The meeting plan form of branch A, as its secretary sees it: (url, token, a valid submit)."""
    client.force_login(tree.secretary_a)
    url = reverse("activities:plan", args=[tree.a.pk])
    token = re.search(r'name="submission_token" value="([0-9a-f]{32})"', client.get(url).content.decode()).group(1)
    valid = {"submission_token": token, "kinds": "theme_day", "planned_at": "2026-03-02T09:00",
             "topic": "学习党章", "topic_category": "theory"}
    return url, token, valid


def test_a_token_sent_again_after_its_work_gets_the_same_redirect_and_message(client, tree, plan):
    url, _, valid = plan
    first = client.post(url, valid)
    client.cookies.pop("messages", None)  # the browser dropped the first answer (and its message)
    again = client.post(url, valid, follow=True)
    meeting = Meeting.objects.get(organization=tree.a)
    assert first["Location"] == again.redirect_chain[0][0] == meeting.get_absolute_url()
    assert "会议已计划" in again.content.decode()


def test_a_form_sent_back_with_errors_can_be_corrected_and_sent_with_its_token(client, tree, plan):
    url, _, valid = plan
    assert client.post(url, {**valid, "topic": ""}).status_code == 200
    assert client.post(url, valid).status_code == 302
    assert Meeting.objects.filter(organization=tree.a).count() == 1


def test_each_rendering_of_a_form_has_its_own_token(client, plan):
    url, token, _ = plan
    assert token not in client.get(url).content.decode()


def test_a_malformed_token_is_a_chinese_400(client, tree, plan):
    url, _, valid = plan
    response = client.post(url, {**valid, "submission_token": "x" * 10_000})
    assert response.status_code == 400 and "表单已失效" in response.content.decode()
    assert not Meeting.objects.exists()


def test_without_the_cache_a_form_still_saves(client, tree, plan, settings):
    url, _, valid = plan
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0", "OPTIONS": {"socket_connect_timeout": 1}}}
    assert client.post(url, valid).status_code == 302
    assert Meeting.objects.filter(organization=tree.a).count() == 1
