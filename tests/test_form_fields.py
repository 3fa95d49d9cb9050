"""Dates, times and amounts are read by the fields of core.forms in every form of the project:
year 1 or 9999, NaN and infinity are a form error in Chinese, never a server error later on."""

import importlib
import pkgutil
from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core import forms as bounded
from core.web import parse_decimal

APPS = ["accounts", "branches", "members", "activities", "assessments", "reminders", "dashboards", "config"]
UNBOUNDED = (forms.DateField, forms.DateTimeField, forms.DecimalField, forms.FloatField)
BOUNDED = (bounded.DateField, bounded.DateTimeField, bounded.DecimalField)


def project_forms():
    """Every form class (and formset's form) defined in the project's modules."""
    modules = []
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if not any(part in info.name for part in (".migrations", ".management", "config.settings")):
                modules.append(importlib.import_module(info.name))
    found = set()
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__.split(".")[0] in APPS:
                found.add(value)
            if isinstance(value, type) and issubclass(value, forms.BaseFormSet) and hasattr(value, "form"):
                found.add(value.form)
    return found


def test_every_form_reads_dates_and_amounts_through_config_forms():
    forms_found = project_forms()
    assert len(forms_found) > 30
    loose = sorted(f"{form.__module__}.{form.__name__}.{name}" for form in forms_found
                   for name, field in form.base_fields.items() if isinstance(field, UNBOUNDED) and not isinstance(field, BOUNDED))
    assert not loose, f"use core.forms fields (or core.forms.ModelForm) for: {loose}"


@pytest.mark.parametrize("typed", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_date_outside_1900_to_2100_is_a_chinese_form_error(typed):
    with pytest.raises(ValidationError, match="1900年至2100年"):
        bounded.DateField().clean(typed)


@pytest.mark.parametrize("typed", ["0001-01-01T00:00", "0001-01-01", "9999-12-31T23:59"])
def test_a_time_outside_1900_to_2100_is_a_chinese_form_error(typed, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    with pytest.raises(ValidationError, match="1900年至2100年"):
        bounded.DateTimeField().clean(typed)


def test_dates_inside_the_range_are_read_as_usual():
    assert bounded.DateField().clean("1900-01-01") == date(1900, 1, 1)
    assert bounded.DateTimeField().clean("2100-12-31T23:59").year == 2100


@pytest.mark.parametrize("typed, message", [
    ("NaN", "不是有效的数字"), ("Infinity", "不是有效的数字"), ("-inf", "不是有效的数字"), ("abc", "不是有效的数字"),
    ("1e999", "数值过大"), ("99999999999999999999", "数值过大"), ("1000000", "数值过大"), ("1.234", "最多保留2位小数"),
])
def test_a_decimal_that_is_not_a_plain_bounded_number_is_refused_in_chinese(typed, message):
    with pytest.raises(ValidationError, match=message):
        parse_decimal(typed, max_digits=8, places=2)
    with pytest.raises(ValidationError, match=message):
        bounded.DecimalField(max_digits=8, decimal_places=2).clean(typed)


def test_decimals_are_read_to_their_places():
    assert parse_decimal(" 9.5 ", max_digits=6, places=2) == Decimal("9.50")
    assert parse_decimal("-0", max_digits=6, places=2) == Decimal("0.00")
    assert parse_decimal("", max_digits=6, places=2) is None
    assert bounded.DecimalField(max_digits=8, decimal_places=2, required=False).clean("") is None
