"""Small helpers every app's views share: a service's ValidationError shown to the user."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def errors_to_form(form, exc: ValidationError) -> None:
    """Put the error on its field where the form has one, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def flash_errors(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


MAX_PK = 2**63 - 1  # PostgreSQL bigint


def parse_pk(value) -> int | None:
    """A primary key from a query parameter, or None for anything that is not one (no 500s)."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and int(text) <= MAX_PK else None


def parse_year(value, default: int) -> int | None:
    """A year from a query parameter: the default when blank, None when not a plausible year."""
    text = str(value or "").strip()
    if not text:
        return default
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else None
