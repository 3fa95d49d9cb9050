"""The migration to two-sided transfers: rows written before are moves already made (accepted, or
completed for transfers out of the system); going back drops only what never moved anyone."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("members", "0003_default_dues_rates")]
AFTER = [("members", "0005_existing_transfers_done")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def at_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_transfers_become_done_and_back(tree, at_latest):
    from tests.factories import MemberFactory

    member = MemberFactory(organization=tree.a)
    apps = migrate(BEFORE)
    Transfer = apps.get_model("members", "MemberTransfer")
    on = date(2025, 3, 1)
    for direction, to in [("internal", tree.b.pk), ("in", tree.a.pk), ("out", None)]:
        Transfer.objects.create(member_id=member.pk, direction=direction, from_organization_id=tree.a.pk,
                                to_organization_id=to, external_organization="外省" if not to else "", transferred_on=on)

    Transfer = migrate(AFTER).get_model("members", "MemberTransfer")
    assert dict(Transfer.objects.values_list("direction", "status")) == {
        "internal": "accepted", "in": "accepted", "out": "completed"}
    assert set(Transfer.objects.values_list("effective_on", flat=True)) == {on}

    Transfer.objects.filter(direction="in").update(status="returned")
    Transfer = migrate(BEFORE).get_model("members", "MemberTransfer")
    assert sorted(Transfer.objects.values_list("direction", flat=True)) == ["internal", "out"]
