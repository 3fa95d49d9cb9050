"""Login throttling, the content security policy, and the audit log."""

import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_five_wrong_passwords_lock_the_login_for_that_user_and_address(client, tree):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "secretary_a", "password": "guess"})
    response = client.post(reverse("login"), {"username": "secretary_a", "password": "pass-word-123"})
    assert response.status_code == 429 and "登录已暂时锁定" in response.text
    other = client.post(reverse("login"), {"username": "secretary_b", "password": "pass-word-123"})
    assert other.status_code == 302  # another account from the same address is not locked


def test_a_successful_login_resets_the_failure_count(client, tree):
    for _ in range(4):
        client.post(reverse("login"), {"username": "secretary_a", "password": "guess"})
    assert client.post(reverse("login"), {"username": "secretary_a", "password": "pass-word-123"}).status_code == 302
    client.logout()
    for _ in range(4):
        client.post(reverse("login"), {"username": "secretary_a", "password": "guess"})
    assert client.post(reverse("login"), {"username": "secretary_a", "password": "pass-word-123"}).status_code == 302


def test_pages_carry_a_strict_script_policy_and_no_inline_script(client, tree):
    client.force_login(tree.secretary_a)
    for url in ["/", tree.a.get_absolute_url(), reverse("members:list"), reverse("activities:list", args=[tree.a.pk])]:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        html = response.text
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+=", html), url


def test_changes_are_audited_with_actor_and_address_and_personal_data_masked(client, tree):
    member = MemberFactory(organization=tree.a, name="张一", phone="13800138000")
    client.force_login(tree.secretary_a)
    client.post(reverse("branches:edit", args=[tree.a.pk]), {"name": "甲公司党支部（改）"}, REMOTE_ADDR="10.1.2.3")
    entry = LogEntry.objects.get_for_object(tree.a).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == tree.secretary_a and entry.remote_addr == "10.1.2.3"
    assert "甲公司党支部（改）" in str(entry.changes)
    created = LogEntry.objects.get_for_object(member).get(action=LogEntry.Action.CREATE)
    assert "13800138000" not in str(created.changes) and member.id_number not in str(created.changes)


def test_the_audit_log_is_readable_by_superusers_and_not_editable(client, tree):
    MemberFactory(organization=tree.a)
    entry = LogEntry.objects.first()
    client.force_login(tree.superuser)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    assert client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    client.force_login(tree.admin_w)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 302
