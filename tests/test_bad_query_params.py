"""Every page the project serves answers malformed query parameters without a server error, and a
NUL byte anywhere in the query or a form is refused with a clear 400."""

import pytest
from django.urls import reverse

from tests.test_permission_matrix import MATRIX, World

pytestmark = pytest.mark.django_db
PARAMS = ("organization", "org", "year", "month", "quarter", "region", "industry", "kind", "stage", "status",
          "age", "page", "q", "party_group", "covered")
GARBAGE = {name: "x'<>" for name in PARAMS}
HUGE = {name: "99999999999999999999" for name in PARAMS}


@pytest.fixture
def world(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return World(tree, tmp_path)


@pytest.mark.parametrize("params", [GARBAGE, HUGE], ids=["text", "out-of-range"])
def test_no_page_fails_on_malformed_parameters(client, world, params):
    client.force_login(world.tree.superuser)
    failures = []
    for name, (method, kwargs, _) in sorted(MATRIX.items()):
        if method != "GET":
            continue
        response = client.get(reverse(name, kwargs=kwargs(world)), params)
        if response.status_code >= 500:
            failures.append((name, response.status_code))
    assert not failures


def test_a_nul_byte_is_refused_with_a_chinese_message(client, tree):
    client.force_login(tree.staff_w)
    response = client.get("/orgs/", {"q": "甲\x00"})
    assert response.status_code == 400 and "非法字符" in response.content.decode()
    client.force_login(tree.secretary_a)
    response = client.post(reverse("branches:edit", args=[tree.a.pk]), {"name": "甲\x00"})
    assert response.status_code == 400
