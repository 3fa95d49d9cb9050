from django.core.exceptions import ValidationError

# GB 32100-2015: 统一社会信用代码 uses 31 characters (no I, O, Z, S, V).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError("统一社会信用代码应为18位，当前为%(n)d位。", params={"n": len(code)}, code="length")
    bad = sorted({c for c in code if c not in CREDIT_CODE_ALPHABET})
    if bad:
        raise ValidationError(
            "统一社会信用代码含有不允许的字符：%(chars)s（不使用 I、O、Z、S、V）。",
            params={"chars": "、".join(bad)},
            code="charset",
        )
    if not code[2:8].isdigit():
        raise ValidationError("统一社会信用代码第3至8位应为行政区划代码（数字）。", code="region")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            "统一社会信用代码校验位不正确：第18位应为 %(expected)s。",
            params={"expected": expected},
            code="check_digit",
        )
