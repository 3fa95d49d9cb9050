"""The form fields every form of the project takes dates, times and amounts through.

A date outside 1900–2100 is a form error in Chinese: year 1 overflows when a time in Asia/Shanghai is
turned into UTC, year 9999 on the first `timedelta` added to it, and neither is a date anybody means.
An amount goes through `core.web.parse_decimal` (no NaN, no infinity, bounded digits).

Plain forms declare `DateField`, `DateTimeField` and `DecimalField` from here; a `ModelForm` from here
maps the model's date, datetime and decimal fields onto them. tests/test_form_fields.py checks that
every form of the project does one or the other.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from core.web import parse_decimal

EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
YEAR_MESSAGE = f"请填写{EARLIEST_YEAR}年至{LATEST_YEAR}年之间的日期。"


def validate_year(value: date) -> None:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(YEAR_MESSAGE, code="year_out_of_range")


class DateField(forms.DateField):
    default_validators = [validate_year]

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "min": f"{EARLIEST_YEAR}-01-01", "max": f"{LATEST_YEAR}-12-31"}


class DateTimeField(forms.DateTimeField):
    default_validators = [validate_year]

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "min": f"{EARLIEST_YEAR}-01-01T00:00", "max": f"{LATEST_YEAR}-12-31T23:59"}


class DecimalField(forms.DecimalField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_decimal(value, max_digits=self.max_digits or 12, places=self.decimal_places or 0)


# DateTimeField before DateField: the model's DateTimeField is a DateField too.
FORM_FIELD_FOR = [(models.DateTimeField, DateTimeField), (models.DateField, DateField), (models.DecimalField, DecimalField)]


def formfield_for(db_field, **kwargs):
    """A model field's form field, with this module's fields for dates, datetimes and decimals."""
    for model_field, form_field in FORM_FIELD_FOR:
        if isinstance(db_field, model_field):
            return db_field.formfield(**{"form_class": form_field, **kwargs})
    return db_field.formfield(**kwargs)


class ModelForm(forms.ModelForm):
    """Django's ModelForm, its fields made by `formfield_for`."""

    def __init_subclass__(cls, **kwargs):
        # Runs before ModelFormMetaclass reads Meta and builds the fields from the model.
        super().__init_subclass__(**kwargs)
        meta = getattr(cls, "Meta", None)
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(formfield_for)
