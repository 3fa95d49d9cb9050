"""公民身份号码 (GB 11643-1999): normalising, validating, and the birth date and gender it carries. Shared by
the roster, the pipeline and the import."""

from datetime import date

from django.core.exceptions import ValidationError

# GB 11643-1999: 公民身份号码, 17 digits and an ISO 7064 MOD 11-2 check character.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def id_check_char(first17: str) -> str:
    return ID_CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper()


def validate_id_number(value: str) -> None:
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError("公民身份号码应为18位，当前为%(n)d位。", params={"n": len(number)}, code="length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError("公民身份号码前17位应为数字，第18位为数字或 X。", code="charset")
    if id_birth_date(number) is None:
        raise ValidationError("公民身份号码中的出生日期（第7至14位）不是有效日期。", code="birth_date")
    expected = id_check_char(number[:17])
    if number[17] != expected:
        raise ValidationError(
            "公民身份号码校验位不正确：第18位应为 %(expected)s。", params={"expected": expected}, code="check_digit"
        )


def id_birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def id_gender(number: str) -> str:
    """'male' or 'female' from the 17th digit (odd = male)."""
    return "male" if int(number[16]) % 2 else "female"
