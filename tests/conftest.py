import os

import pytest

# Django's live_server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_FLAGS}


@pytest.fixture
def phone_page(browser):
    """A page at a 375-px phone viewport."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def tree(db):
    from tests.factories import build_tree

    return build_tree()


@pytest.fixture(autouse=True)
def data_migration_rows(request):
    """Transactional tests flush the database after each test, which also removes the rows that
    data migrations ship (default requirements, dues rates, the beat schedule): put them back."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps

    for module, function in [
        ("activities.migrations.0002_default_requirements", "add_defaults"),
        ("activities.migrations.0004_default_meeting_audiences", "add_defaults"),
        ("members.migrations.0003_default_dues_rates", "add_rates"),
        ("reminders.migrations.0002_beat_schedule", "add_schedule"),
        ("assessments.migrations.0002_default_schemes", "add_defaults"),
        ("dashboards.migrations.0002_beat_schedule", "add_schedule"),
    ]:
        getattr(importlib.import_module(module), function)(apps, None)
