import django_filters
from django.db.models import Q

from branches.choices import UnitType
from branches.models import HostUnit, Industry, Region, RuleSet, should_have_q

YES_NO = (("yes", "是"), ("no", "否"))


class HostUnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search")
    unit_type = django_filters.ChoiceFilter(label="单位类型", choices=UnitType.choices)
    industry = django_filters.ModelChoiceFilter(label="行业", queryset=Industry.objects.all())
    region = django_filters.ModelChoiceFilter(label="行政区划", queryset=Region.objects.all(), method="in_region")
    covered = django_filters.ChoiceFilter(label="已建党组织", choices=YES_NO, method="filter_covered")
    should_have = django_filters.ChoiceFilter(label="应建", choices=YES_NO, method="filter_should_have")

    class Meta:
        model = HostUnit
        fields = ["q", "unit_type", "industry", "region", "covered", "should_have"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__iexact=value)) if value else queryset

    def in_region(self, queryset, name, region):
        return queryset.filter(Q(region=region) | Q(region__parent=region) | Q(region__parent__parent=region))

    def filter_covered(self, queryset, name, value):
        return queryset.filter(has_organization=(value == "yes"))

    def filter_should_have(self, queryset, name, value):
        q = should_have_q(RuleSet.current())
        return queryset.filter(q) if value == "yes" else queryset.exclude(q)
