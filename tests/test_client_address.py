"""The client's address, the same for the audit log, the personal-data log and login throttling: the
connecting address unless it is a trusted reverse proxy (TRUSTED_PROXIES), then the forwarded client.
A forged X-Forwarded-For changes nothing."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from core.client_address import client_address
from members.models import PersonalDataLog
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


def recorded_addresses(client, tree, **headers) -> dict:
    """Make one audited change, reveal one member and fail one login, all with the same headers."""
    member = MemberFactory(organization=tree.a)
    client.force_login(tree.secretary_a)
    client.post(reverse("branches:edit", args=[tree.a.pk]), {"name": "甲公司党支部（改）"}, **headers)
    client.get(member.get_absolute_url(), {"reveal": "1"}, **headers)
    client.logout()
    client.post(reverse("login"), {"username": "secretary_b", "password": "guess"}, **headers)
    return {
        "audit": LogEntry.objects.get_for_object(tree.a).filter(action=LogEntry.Action.UPDATE).latest("timestamp").remote_addr,
        "personal data": PersonalDataLog.objects.get(member=member).ip_address,
        "login throttle": AccessAttempt.objects.get(username="secretary_b").ip_address,
    }


def fail_logins(client, username, times, **headers):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "guess"}, **headers)


def logs_in(client, username, **headers) -> bool:
    return client.post(reverse("login"), {"username": username, "password": "pass-word-123"}, **headers).status_code == 302


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored_everywhere(client, tree):
    got = recorded_addresses(client, tree, REMOTE_ADDR="198.51.100.5", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert got == {"audit": "198.51.100.5", "personal data": "198.51.100.5", "login throttle": "198.51.100.5"}


def test_forging_forwarded_for_neither_escapes_nor_causes_a_lockout(client, tree):
    for n in range(5):  # a new forged address each time does not reset the count
        client.post(reverse("login"), {"username": "secretary_a", "password": "guess"},
                    REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}")
    assert not logs_in(client, "secretary_a", REMOTE_ADDR="198.51.100.9")
    fail_logins(client, "secretary_b", 5, REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert logs_in(client, "secretary_b", REMOTE_ADDR="198.51.100.20")  # the forged victim address is not locked


def test_behind_a_trusted_proxy_the_forwarded_client_is_used_everywhere(client, tree, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    got = recorded_addresses(client, tree, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert got == {"audit": "203.0.113.7", "personal data": "203.0.113.7", "login throttle": "203.0.113.7"}


def test_behind_a_trusted_proxy_one_guessing_client_does_not_lock_out_another(client, tree, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    fail_logins(client, "secretary_a", 5, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert not logs_in(client, "secretary_a", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert logs_in(client, "secretary_a", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8")


@pytest.mark.parametrize("trusted, remote, forwarded, client", [
    ([], "198.51.100.5", "6.6.6.6", "198.51.100.5"),
    ([PROXY], "198.51.100.5", "6.6.6.6", "198.51.100.5"),  # not from the proxy: the header is the client's own
    ([PROXY], PROXY, "", PROXY),
    ([PROXY], PROXY, "203.0.113.7:51234", "203.0.113.7"),
    ([PROXY], PROXY, "unknown, 203.0.113.7", "203.0.113.7"),
    ([PROXY], PROXY, "203.0.113.7, garbage", PROXY),
    (["10.0.0.0/8"], PROXY, "6.6.6.6, 203.0.113.7, 10.2.3.4", "203.0.113.7"),  # two proxies in a row
    (["10.0.0.0/8"], "::ffff:10.0.0.1", "[2001:db8::7]:443", "2001:db8::7"),
    (["10.0.0.0/8"], PROXY, "10.9.9.9, 10.2.3.4", "10.9.9.9"),  # every hop is a proxy: the first one
])
def test_the_client_is_the_first_untrusted_hop_from_the_right(settings, trusted, remote, forwarded, client):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client


def test_a_misconfigured_trusted_proxy_is_named(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.TRUSTED_PROXIES = ["proxy.example"]
    with pytest.raises(ImproperlyConfigured, match="proxy.example"):
        client_address(RequestFactory().get("/", REMOTE_ADDR="198.51.100.5"))
