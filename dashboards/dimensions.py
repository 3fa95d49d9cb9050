"""The member dimensions the dashboards break down, in the order OrgFigures' arrays keep them."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from members.roster.filters import AGE_BANDS, birth_range
from members.models import Education, Gender, MemberCategory


@dataclass(frozen=True)
class Dimension:
    key: str  # OrgFigures field and list parameter
    label: str
    choices: tuple[tuple[str, str], ...]

    def label_of(self, value: str) -> str:
        return dict(self.choices).get(value, value or "未填写")

    def member_q(self, value: str, today: date) -> Q:
        """Members having `value` on this dimension, as the figures count them."""
        if self.key == "age":
            band = next(b for b in AGE_BANDS if b[0] == value)
            return birth_range(band[2], band[3], today)
        if self.key == "education" and value == "":
            return ~Q(education__in=[v for v, _ in self.choices if v])
        return Q(**{self.key: value})


GENDER = Dimension("gender", "性别", tuple(Gender.choices))
AGE = Dimension("age", "年龄", tuple((key, label) for key, label, _, _ in AGE_BANDS))
EDUCATION = Dimension("education", "学历", (*Education.choices, ("", "未填写")))
CATEGORY = Dimension("category", "人员类别", tuple(MemberCategory.choices))
ARRAY_DIMENSIONS = (AGE, GENDER, EDUCATION, CATEGORY)

BY_KEY = {d.key: d for d in ARRAY_DIMENSIONS}


def sql_condition(q: Q, params: list) -> str:
    """A plain AND of `field[__op]=value` lookups (as birth_range builds) as SQL on alias m."""
    ops = {"": "=", "exact": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
    parts = []
    for lookup, value in q.children:
        field, _, op = lookup.partition("__")
        parts.append(f"m.{field} {ops[op]} %s")
        params.append(value)
    return " AND ".join(parts) or "TRUE"
