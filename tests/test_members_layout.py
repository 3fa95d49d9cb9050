"""members/ reads as the domain: one package per area, each of the same shape (models, services, views,
urls, …), every module saying what it is for and staying short; Django still finds every model in
`members.models`. Nothing is left at the old module paths."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

import members.models

MEMBERS = Path(members.models.__file__).resolve().parent.parent
AREAS = ["roster", "transfers", "pipeline", "dues"]
SHAPE = {"__init__", "models", "services", "views", "urls"}
# Beside the areas: the app's own modules, and the roster import's (members/importing/ takes them in).
TOP_LEVEL = {"__init__", "admin", "apps", "signals", "validators", "urls", "tasks", "urls_imports"}
MAX_LINES = 400


def modules(folder: Path) -> set[str]:
    return {path.stem for path in folder.glob("*.py")}


@pytest.mark.parametrize("area", AREAS)
def test_each_area_is_one_package_of_the_same_shape(area):
    assert SHAPE <= modules(MEMBERS / area)


def test_nothing_is_left_beside_the_areas():
    assert modules(MEMBERS) <= TOP_LEVEL
    assert modules(MEMBERS / "models") == {"__init__", "imports"}
    assert modules(MEMBERS / "views") <= {"__init__", "imports"}


@pytest.mark.parametrize("area", AREAS)
def test_every_module_of_an_area_says_what_it_is_for_and_stays_short(area):
    for path in sorted((MEMBERS / area).glob("*.py")):
        text = path.read_text()
        assert ast.get_docstring(ast.parse(text)), f"{path.name} has no docstring"
        assert len(text.splitlines()) <= MAX_LINES, f"{path.name} is longer than {MAX_LINES} lines"


def test_every_model_of_the_app_is_in_members_models():
    for model in apps.get_app_config("members").get_models():
        if not model.__name__.startswith("Historical"):  # simple-history's, made from Member
            assert getattr(members.models, model.__name__) is model
            assert model._meta.db_table == f"members_{model._meta.model_name}"
