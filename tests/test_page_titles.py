"""A page's <title> is plain text: browser history, tab lists and bookmarks keep it, so it must never
carry markup or a secret (the CSRF token, a calendar feed's token). Walks every GET page of the
permission matrix as every role."""

import re

import pytest
from django.urls import reverse

from tests.test_permission_matrix import MATRIX, ROLES, world  # noqa: F401

pytestmark = pytest.mark.django_db

GET_PAGES = sorted(name for name, (method, _, _) in MATRIX.items() if method == "GET")


def page_title(html: str) -> str:
    """Empty for the htmx fragments, which have no <title>."""
    found = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    return found.group(1) if found else ""


def secrets_on_the_page(html: str, world) -> set[str]:
    csrf = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    csrf |= set(re.findall(r'"X-CSRFToken": "([^"]+)"', html))
    return {world.feed.token, *csrf}


@pytest.mark.parametrize("name", GET_PAGES)
def test_no_page_title_carries_markup_or_a_token(client, world, name):
    _, kwargs, _ = MATRIX[name]
    url = reverse(name, kwargs=kwargs(world))
    for role in ROLES:
        client.logout()
        if role != "anon":
            client.force_login(world.tree.superuser if role == "root" else getattr(world.tree, role))
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        title = page_title(html)
        assert "<" not in title and "csrfmiddlewaretoken" not in title, (name, role, title)
        assert not any(secret in title for secret in secrets_on_the_page(html, world)), (name, role, title)
