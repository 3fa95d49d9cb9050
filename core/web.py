"""Small helpers every app's views share: a service's ValidationError shown to the user, and the
parsers for what a request carries (primary keys, years, indexed POST fields, decimal amounts)."""

from contextlib import contextmanager
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.core.exceptions import BadRequest, ValidationError


def errors_to_form(form, exc: ValidationError) -> None:
    """Put the error on its field where the form has one, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def flash_errors(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


@contextmanager
def errors_to_messages(request):
    """For a POST that redirects whatever happens: a ValidationError raised inside (by `valid_data`
    or a service) becomes an error message, and the rest of the block is skipped.

        with errors_to_messages(request):
            services.cancel_meeting(meeting=meeting, user=request.user, reason=valid_data(form)["reason"])
            messages.success(request, "会议已取消。")
        return redirect(meeting)
    """
    try:
        yield
    except ValidationError as exc:
        flash_errors(request, exc)


def valid_data(form, message: str | None = None) -> dict:
    """A bound form's cleaned data; an invalid form raises a ValidationError saying `message`, or
    without one the form's own error messages."""
    if form.is_valid():
        return form.cleaned_data
    raise ValidationError(message or [error for errors in form.errors.values() for error in errors])


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


def indexed_fields(data, prefix: str) -> dict[int, str]:
    """`<prefix><pk>` fields of a POST (e.g. `state_12`, `score_7`) as {pk: value}. A key with the
    prefix whose rest is not a primary key is a 400 with a Chinese message, never a 500 later on."""
    found = {}
    for key in data:
        if not key.startswith(prefix):
            continue
        pk = parse_pk(key[len(prefix):])
        if pk is None:
            raise BadRequest(f"表单字段“{key[:40]}”无效，请刷新页面后重新提交。")
        found[pk] = data.get(key, "")
    return found


def parse_pks(values) -> set[int]:
    """A list of primary keys from a POST (checkbox values); anything else is a Chinese 400."""
    found = set()
    for value in values:
        pk = parse_pk(value)
        if pk is None:
            raise BadRequest("表单数据无效，请刷新页面后重新提交。")
        found.add(pk)
    return found


def parse_decimal(value, *, max_digits: int, places: int) -> Decimal | None:
    """A score or an amount typed by a person: None when blank; NaN, infinity, more than `places`
    decimals or more than `max_digits - places` whole digits are a ValidationError in Chinese."""
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"“{text[:20]}”不是有效的数字。", code="invalid") from None
    if not number.is_finite():
        raise ValidationError(f"“{text[:20]}”不是有效的数字。", code="invalid")
    if abs(number) >= Decimal(10) ** (max_digits - places):
        raise ValidationError(f"数值过大：整数部分最多{max_digits - places}位。", code="max_whole_digits")
    rounded = number.quantize(Decimal(1).scaleb(-places))
    if rounded != number:
        raise ValidationError(f"最多保留{places}位小数。", code="max_decimal_places")
    return rounded


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An xlsx download named in Chinese (RFC 6266 filename*, with an ASCII fallback)."""
    if not filename.endswith(".xlsx"):
        filename += ".xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
