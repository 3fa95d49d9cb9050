"""Text as real rosters write it: full-width digits and letters, ideographic spaces, stray
whitespace, numbers Excel stored as numbers. Everything here is pure and fast (per cell)."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"^[\u3400-\u9fff\u00b7\u30fb\u2022.]+$")


def text(value) -> str:
    """A cell as clean text: NFKC (full-width → ASCII, ideographic space → space), runs of
    whitespace collapsed, ends stripped. Integral floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, str):
        return str(value)
    if value.isascii():
        return _SPACES.sub(" ", value).strip()
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()


def compact(value) -> str:
    """Text with no whitespace at all: for codes, ID numbers, headers, choice labels, branch names."""
    return _SPACES.sub("", text(value))


def person_name(value) -> str:
    """'张  三' (padded to align two-character names) → '张三'; Latin names keep single spaces."""
    name = text(value)
    squeezed = name.replace(" ", "")
    return squeezed if _CJK.match(squeezed) else name


def key(value) -> str:
    """A lookup key: compact and case-folded."""
    return compact(value).casefold()
