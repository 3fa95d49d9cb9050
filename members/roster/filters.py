"""The roster list's filters (search, status, category, age band, education, party group) and the age bands
that the dashboards count by too."""

from datetime import date

import django_filters
from django.db.models import Q
from django.utils import timezone

from members.roster.models import Education, Member, MemberCategory, MemberStatus

AGE_BANDS = [
    ("-30", "30岁及以下", None, 30),
    ("31-35", "31–35岁", 31, 35),
    ("36-45", "36–45岁", 36, 45),
    ("46-55", "46–55岁", 46, 55),
    ("56-60", "56–60岁", 56, 60),
    ("61-", "61岁及以上", 61, None),
]


def birth_range(min_age, max_age, today: date):
    """Birth dates of people aged min_age..max_age on `today`."""
    q = Q()
    if max_age is not None:  # younger than max_age + 1
        q &= Q(birth_date__gt=_years_ago(today, max_age + 1))
    if min_age is not None:
        q &= Q(birth_date__lte=_years_ago(today, min_age))
    return q


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search")
    status = django_filters.ChoiceFilter(label="党员状态", choices=MemberStatus.choices)
    category = django_filters.ChoiceFilter(label="人员类别", choices=MemberCategory.choices)
    age = django_filters.ChoiceFilter(label="年龄段", choices=[(k, label) for k, label, _, _ in AGE_BANDS], method="age_band")
    education = django_filters.ChoiceFilter(label="学历", choices=Education.choices)
    party_group = django_filters.ModelChoiceFilter(label="党小组", queryset=None)

    class Meta:
        model = Member
        fields = ["q", "status", "category", "age", "education", "party_group"]

    def __init__(self, *args, party_groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["party_group"].queryset = party_groups
        if party_groups is None or not party_groups.exists():
            del self.filters["party_group"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__contains=value) | Q(id_number__iexact=value) | Q(phone=value))

    def age_band(self, queryset, name, value):
        for key, _, low, high in AGE_BANDS:
            if key == value:
                return queryset.filter(birth_range(low, high, timezone.localdate()))
        return queryset
