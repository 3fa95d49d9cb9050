"""A unique constraint that a concurrent request won is a form error, not a 500.

Two requests that add the same ID number at once both pass the service's "does it exist?" check; the
database lets one insert win and raises IntegrityError in the other. Around a service (a decorator,
or `with unique_violations_as_errors():`), that error becomes a ValidationError naming the field in
Chinese, which the views already put on the form. Other integrity errors pass through unchanged.
"""

import re
from contextlib import ContextDecorator

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError

UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE
KEY_COLUMNS = re.compile(r"\((?P<columns>[^)]*)\)=")  # DETAIL: Key (id_number)=(…) already exists.


class unique_violations_as_errors(ContextDecorator):  # noqa: N801 - used like a function
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is not None and issubclass(exc_type, IntegrityError):
            error = unique_violation_error(exc)
            if error is not None:
                raise error from exc
        return False


def unique_violation_error(exc: IntegrityError) -> ValidationError | None:
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    if diag is None or getattr(cause, "sqlstate", None) != UNIQUE_VIOLATION:
        return None
    model = next((m for m in apps.get_models() if m._meta.db_table == diag.table_name), None)
    if model is None:
        return None
    fields = _fields(model, diag.message_detail or "", diag.constraint_name or "")
    if len(fields) == 1:
        return ValidationError({fields[0].name: f"该{_label(fields[0])}已存在，请勿重复添加。"})
    names = "、".join(_label(field) for field in fields) or str(model._meta.verbose_name)
    return ValidationError(f"{names}相同的记录已存在，请勿重复添加。")


def _label(field) -> str:
    """The field's Chinese name; a foreign key without one is named by the model it points to."""
    if field.is_relation and field.verbose_name == field.name.replace("_", " "):
        return str(field.related_model._meta.verbose_name)
    return str(field.verbose_name)


def _fields(model, detail: str, constraint: str) -> list:
    """The model fields of the violated key: from the message's detail, else from the constraint's name."""
    by_column = {field.column: field for field in model._meta.concrete_fields}
    found = KEY_COLUMNS.search(detail)
    if found:
        columns = [c.strip().strip('"') for c in found.group("columns").split(",")]
        return [by_column[c] for c in columns if c in by_column]
    for unique in model._meta.constraints:
        if unique.name == constraint and getattr(unique, "fields", None):
            return [model._meta.get_field(name) for name in unique.fields]
    return [field for column, field in by_column.items()
            if field.unique and not field.primary_key and f"_{column}_" in f"_{constraint}_"]
