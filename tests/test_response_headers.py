"""Nothing a signed-in user is sent may be stored by a proxy or the browser's disk cache (rosters,
member pages, exports and imports hold personal data); every response limits the browser features
a page may use (Permissions-Policy)."""

import pytest
from django.urls import reverse

from tests.test_page_titles import GET_PAGES
from tests.test_permission_matrix import MATRIX, world  # noqa: F401

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("username", ["root", "staff_w"])
def test_every_page_and_download_to_a_signed_in_user_is_no_store(client, world, username):
    client.force_login(world.tree.superuser if username == "root" else getattr(world.tree, username))
    answered = []
    for name in GET_PAGES:
        response = client.get(reverse(name, kwargs=MATRIX[name][1](world)))
        if response.status_code != 200:
            continue
        answered.append(name)
        assert {"no-store", "private"} <= directives(response), (name, response.get("Cache-Control"))
        assert "camera=(self)" in response["Permissions-Policy"], name
    assert {"members:list", "members:member", "members:export", "dashboards:list", "dashboards:export",
            "activities:ledger"} <= set(answered)


def test_anonymous_pages_carry_the_permissions_policy_too(client, world):
    response = client.get(reverse("login"))
    policy = response["Permissions-Policy"]
    assert "camera=(self)" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_static_files_stay_cacheable_and_carry_the_policy(client, tree, settings):
    settings.WHITENOISE_USE_FINDERS = True  # the test run has no collected static files
    settings.WHITENOISE_AUTOREFRESH = True
    client.force_login(tree.secretary_a)
    response = client.get("/static/js/zhibu.js")
    assert response.status_code == 200
    assert "no-store" not in directives(response) and "Permissions-Policy" in response
