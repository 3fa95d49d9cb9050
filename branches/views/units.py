"""Host units: the list with its filters, and a unit's page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from accounts.scope import VIEW
from branches import selectors
from branches.filters import HostUnitFilter
from branches.models import HostUnit, RuleSet
from branches.tables import HostUnitTable


@login_required
def unit_list(request):
    units = (
        HostUnit.objects.restrict(request.user, VIEW)
        .with_coverage()
        .select_related("industry", "region")
    )
    unit_filter = HostUnitFilter(request.GET, queryset=units)
    table = HostUnitTable(unit_filter.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "branches/unit_list.html", {"filter": unit_filter, "table": table})


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(
        HostUnit.objects.restrict(request.user, VIEW).select_related("industry", "region", "instructor", "managed_by"),
        pk=pk,
    )
    rules = RuleSet.current()
    return render(request, "branches/unit_detail.html", {
        "unit": unit,
        "covering": unit.organizations.all(),
        "warnings": selectors.unit_warnings(unit, rules),
        "should_have": unit.should_have_organization(rules),
    })
