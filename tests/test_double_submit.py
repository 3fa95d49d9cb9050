"""A create form sent twice at once does its work once. Real concurrent HTTP requests against the
live server, with a signed-in session: two identical submits of the meeting plan are one meeting,
two of the member form one member, and both answers are the first one's redirect; two adds of the
same ID number from two forms are one member and a form error, never a 500."""

import http.client
import re
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from activities.models import Meeting
from members.models import Member
from tests.factories import MemberFactory, make_id_number

pytestmark = pytest.mark.django_db(transaction=True)


class Browser:
    """A signed-in session speaking plain HTTP to the live server (CSRF and all)."""

    def __init__(self, live_server, user):
        client = Client()
        client.force_login(user)
        self.base = live_server.url
        self.cookies = {"sessionid": client.cookies["sessionid"].value}

    def request(self, method, path, data=None):
        parts = urlsplit(self.base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
        return response.status, response.getheader("Location"), response.read().decode()

    def form(self, path) -> dict:
        """The page's hidden fields: the CSRF token and the form's submission token."""
        status, _, html = self.request("GET", path)
        assert status == 200
        return dict(re.findall(r'<input type="hidden" name="(csrfmiddlewaretoken|submission_token)" value="([^"]+)"', html))


def at_once(*sends):
    """Run the sends in threads released together; their (status, location, body) in order."""
    start, results = threading.Barrier(len(sends)), [None] * len(sends)

    def run(i, send):
        start.wait()
        results[i] = send()

    threads = [threading.Thread(target=run, args=(i, send)) for i, send in enumerate(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    return results


def test_two_identical_meeting_plans_at_once_make_one_meeting(live_server, tree):
    browser = Browser(live_server, tree.secretary_a)
    path = reverse("activities:plan", args=[tree.a.pk])
    data = {**browser.form(path), "kinds": "theme_day", "planned_at": "2026-03-02T09:00", "topic": "学习党章",
            "topic_category": "theory"}
    results = at_once(lambda: browser.request("POST", path, data), lambda: browser.request("POST", path, data))
    meeting = Meeting.objects.get(organization=tree.a)
    assert [(status, location) for status, location, _ in results] == [(302, meeting.get_absolute_url())] * 2


def test_two_identical_member_adds_at_once_make_one_member(live_server, tree):
    browser = Browser(live_server, tree.secretary_a)
    path = reverse("members:create", args=[tree.a.pk])
    data = {**browser.form(path), "name": "王五", "id_number": make_id_number(77), "ethnicity": "汉族",
            "joined_on": "2010-07-01", "status": "full", "category": "employed"}
    results = at_once(lambda: browser.request("POST", path, data), lambda: browser.request("POST", path, data))
    member = Member.objects.get(name="王五")
    assert [(status, location) for status, location, _ in results] == [(302, member.get_absolute_url())] * 2


def test_an_id_number_added_by_someone_else_meanwhile_is_a_form_error(live_server, tree):
    """The request checks that the ID number is new, and another request inserts it before this one
    does: the database refuses the second insert, and the page says so on the field."""
    browser = Browser(live_server, tree.secretary_a)
    path = reverse("members:create", args=[tree.a.pk])
    number = make_id_number(78)
    data = {**browser.form(path), "name": "赵六", "id_number": number, "ethnicity": "汉族",
            "joined_on": "2010-07-01", "status": "full", "category": "employed"}
    with transaction.atomic():  # the other request: inserted, not yet committed
        MemberFactory(organization=tree.a, name="赵六", id_number=number)
        sent = []
        thread = threading.Thread(target=lambda: sent.append(browser.request("POST", path, data)))
        thread.start()
        wait_until_a_query_waits_for_a_lock()
    thread.join(60)
    status, _, html = sent[0]
    assert status == 200
    assert "该公民身份号码已存在" in html
    assert Member.objects.filter(id_number=number).count() == 1


def wait_until_a_query_waits_for_a_lock(seconds=30):
    with connection.cursor() as cursor:
        for _ in range(int(seconds / 0.05)):
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else a transaction sees one snapshot of it
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the request never reached the insert")
