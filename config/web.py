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
