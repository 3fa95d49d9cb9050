"""Every form the project serves answers junk — NaN, Infinity, year 1 or 9999, text where a number
goes, huge numbers, 10,000 characters, malformed indexed keys (`self_abc`) — with a form error, a
message or a Chinese 400, never a server error.

The walk: each GET page of the permission matrix, as the role that may use it, is searched for its
`<form method="post">`s; each form is posted with every field set to each junk value, plus a junk key
for each indexed prefix the form uses. Each POST URL of the matrix is also posted with the junk on
every field name seen anywhere."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import resolve, reverse

from tests.factories import MemberFactory
from tests.test_permission_matrix import MATRIX, ROLES, World

pytestmark = pytest.mark.django_db
JUNK = ["NaN", "Infinity", "0001-01-01T00:00", "0001-01-01", "9999-12-31", "abc", "-1", "1e999", "99999999999999999999",
        "x" * 10_000]
# Keys a view reads by an indexed prefix; a junk key for each is posted wherever the prefix is in use,
# and to every POST URL.
KNOWN_PREFIXES = {"self_", "note_", "review_", "comment_", "presence_", "reason_", "state_", "leave_"}
LEFT_ALONE = {"csrfmiddlewaretoken", "submission_token"}  # the token is checked by its own test
NOT_WALKED = {"logout", "login", "admin:index"}  # logging out would end the walk; the admin is Django's
ACTING_ROLES = ["secretary_a", "staff_w", "admin_w", "root"]


FILLERS = {"number": "1", "date": "2026-03-02", "datetime-local": "2026-03-02T09:00", "email": "a@example.com",
           "tel": "13800000000", "password": "pass-word-123"}


class Forms(HTMLParser):
    """The POST forms of a page: the action, and each field with a plausible value (what the page
    shows, else a filler), also for fields tied to a form by `form="id"`."""

    def __init__(self):
        super().__init__()
        self.forms, self.by_id, self.current, self.select, self.textarea = [], {}, None, None, None

    def owner(self, attrs):
        return self.by_id.setdefault(attrs["form"], {"fields": {}}) if attrs.get("form") else self.current

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = None
            if (attrs.get("method") or "get").lower() == "post":
                # fields placed before their form (form="id") were collected under the id already
                self.current = self.by_id.get(attrs.get("id")) or {"fields": {}}
                self.current["action"] = attrs.get("action") or ""
                self.forms.append(self.current)
                if attrs.get("id"):
                    self.by_id[attrs["id"]] = self.current
            return
        owner, name = self.owner(attrs), attrs.get("name")
        if tag == "option" and self.select is not None:
            values = self.select
            if "selected" in attrs or (not values and attrs.get("value")):
                values[:] = [attrs.get("value", "")]
        if owner is None or not name:
            return
        values = owner["fields"].setdefault(name, [])
        kind = attrs.get("type", "text")
        if tag == "input" and kind in ("submit", "button", "image", "reset"):
            del owner["fields"][name]
        elif tag == "input" and kind in ("checkbox", "radio"):
            if "checked" in attrs or not values:
                values[:] = ([] if "checked" not in attrs else values) + [attrs.get("value", "on")]
        elif tag == "input" and kind != "file":
            values[:] = [attrs.get("value") or FILLERS.get(kind, "测试")]
        elif tag == "select":
            self.select = values
        elif tag == "textarea":
            self.textarea = values

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[:] = [data.strip() or "测试"]

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.textarea is not None and not self.textarea:
                self.textarea[:] = ["测试"]
            self.textarea = None


def acting_role(name) -> str | None:
    """The first of the roles that may use the URL (the matrix expects a 200 or a redirect after a POST)."""
    expected = dict(zip(ROLES, MATRIX[name][2]))
    return next((role for role in ACTING_ROLES if expected[role] in (200, 302)), None)


def plausible(fields) -> dict:
    return {name: values for name, values in fields.items() if name not in LEFT_ALONE}


def junk_payloads(fields):
    """What is posted to a form: every field set to each junk value; the page's own (or filler)
    values with a junk key for each indexed prefix; the page's values with "abc" in one field at a
    time that holds a number or a key (a field the view reads past the form, such as `present=abc`,
    is only reached when the rest of the form is valid)."""
    names = [name for name in fields if name not in LEFT_ALONE]
    for junk in JUNK:
        yield junk[:20], {name: junk for name in names}
    prefixes = {m.group(1) for name in names if (m := re.fullmatch(r"([a-z]+_)\d+", name))}
    yield "junk keys", {**plausible(fields), **{f"{prefix}abc": "1" for prefix in prefixes | KNOWN_PREFIXES}}
    for name in names:
        if fields[name] and all(value.isdigit() for value in fields[name]):
            yield f"{name}=abc", {**plausible(fields), name: "abc"}


def status_of(client, url, data) -> int:
    """POST, then undo what it wrote (a revoked role, a cancelled meeting), so each post meets the same
    world; a view that broke the transaction does not break the walk either."""
    savepoint = transaction.savepoint()
    try:
        status = client.post(url, data).status_code
    except DatabaseError:  # the view's error broke the test's transaction, and the session could not be saved
        status = 500
    transaction.set_rollback(False)  # rolling back to the savepoint makes the transaction usable again
    transaction.savepoint_rollback(savepoint)
    return status


@pytest.fixture
def world(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return World(tree, tmp_path)


def log_in(client, world, role):
    client.logout()
    client.force_login(world.tree.superuser if role == "root" else getattr(world.tree, role))


def page_forms(client, world):
    """(page, role, action URL, fields) of every POST form on every GET page of the matrix."""
    found = {}
    for name, (method, kwargs, _) in sorted(MATRIX.items()):
        role = acting_role(name)
        if method != "GET" or name in NOT_WALKED or role is None:
            continue
        log_in(client, world, role)
        url = reverse(name, kwargs=kwargs(world))
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        parser = Forms()
        parser.feed(response.content.decode())
        for form in parser.forms:
            action = urljoin(url, form["action"])
            target = resolve(action.split("?")[0])
            if target.view_name not in NOT_WALKED:
                found.setdefault((target.view_name, frozenset(form["fields"])), (name, role, action, form["fields"]))
    return list(found.values())


def test_no_form_fails_on_junk(world):
    client = Client(raise_request_exception=False)
    forms = page_forms(client, world)
    assert len(forms) > 30, forms  # the walk found the project's forms
    failures = []
    for page, role, action, fields in forms:
        log_in(client, world, role)
        failures += [(action, what) for what, data in junk_payloads(fields) if status_of(client, action, data) >= 500]
    assert not failures, failures


def test_no_post_url_fails_on_junk(world):
    """The POST URLs whose form no page of this world shows (the reviewer's scores of a draft, the
    transitions), with junk on every field name the pages use."""
    client = Client(raise_request_exception=False)
    every_field, walked = {}, set()
    for _, _, action, fields in page_forms(client, world):
        every_field.update(fields)
        walked.add(resolve(action.split("?")[0]).view_name)
    pks = {m.group(1) for name in every_field if (m := re.fullmatch(r"[a-z]+_(\d+)", name))}
    every_field.update({f"{prefix}{pk}": ["1"] for prefix in KNOWN_PREFIXES for pk in pks})
    failures = []
    for name, (method, kwargs, _) in sorted(MATRIX.items()):
        role = acting_role(name)
        if method != "POST" or name in NOT_WALKED | walked or role is None:
            continue
        url = reverse(name, kwargs=kwargs(world))
        log_in(client, world, role)
        failures += [(name, what) for what, data in list(junk_payloads(every_field))[:len(JUNK) + 1]
                     if status_of(client, url, data) >= 500]
    assert not failures, failures


def test_the_quick_log_answers_junk_keys_with_a_400(client, tree):
    MemberFactory(organization=tree.a)
    client.force_login(tree.secretary_a)
    url = reverse("activities:quick_log", args=[tree.a.pk])
    held = {"kinds": "theme_day", "held_at": "2026-03-02T09:00", "topic": "学习党章"}
    assert client.post(url, {**held, "state_abc": "present"}).status_code == 400
    assert client.post(url, {**held, "reason_1x": "出差"}).status_code == 400
