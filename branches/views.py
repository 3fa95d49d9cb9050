from django.contrib import messages
from django.utils import timezone
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from core.web import flash_errors
from accounts.scope import CHANGE, VIEW, can, require
from branches import selectors, services
from core import panels
from branches.filters import HostUnitFilter
from branches.forms import CommitteeMemberForm, OrganizationForm, PartyGroupForm
from branches.models import HostUnit, Organization, RuleSet
from branches.tables import HostUnitTable

SEARCH_LIMIT = 50


def _visible_org(request, pk) -> Organization:
    return get_object_or_404(Organization.objects.restrict(request.user, VIEW), pk=pk)


@login_required
def organization_tree(request):
    query = request.GET.get("q", "").strip()
    if query:
        found = list(
            Organization.objects.restrict(request.user, VIEW)
            .filter(Q(name__icontains=query) | Q(code__iexact=query))
            .order_by("path")[: SEARCH_LIMIT + 1]
        )
        known = selectors.ancestors_by_path(found)
        results = [(org, selectors.breadcrumbs(org, known)) for org in found[:SEARCH_LIMIT]]
        return render(request, "branches/tree.html", {
            "query": query, "results": results, "truncated": len(found) > SEARCH_LIMIT,
        })
    return render(request, "branches/tree.html", {"roots": selectors.scope_roots(request.user)})


@login_required
def organization_children(request, pk):
    org = _visible_org(request, pk)
    children = org.get_children().restrict(request.user, VIEW)
    return render(request, "branches/_tree_nodes.html", {"nodes": children})


@login_required
def organization_detail(request, pk):
    org = _visible_org(request, pk)
    rules = RuleSet.current()
    members = org.members.current()
    member_count = members.count()
    context = {
        "org": org,
        "crumbs": [c for c in selectors.breadcrumbs(org) if can(request.user, VIEW, c.path)],
        "member_count": member_count,
        "full_member_count": members.filter(status="full").count(),
        "committee": org.current_committee(),
        "children": org.get_children().with_member_counts(),
        "party_groups": org.party_groups.all(),
        "units": org.units.with_coverage().select_related("industry", "region")[:100],
        "unit_count": org.units.count(),
        "warnings": selectors.organization_warnings(org, member_count, rules),
        "sections": panels.sections("organization", request, org),
        "days_left": org.term_days_left(),
        "can_change": can(request.user, CHANGE, org.path),
        "committee_form": CommitteeMemberForm(organization=org),
        "group_form": PartyGroupForm(),
    }
    return render(request, "branches/organization_detail.html", context)


@login_required
def organization_edit(request, pk):
    org = _visible_org(request, pk)
    require(request.user, CHANGE, org.path)
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "党组织信息已保存。")
        return redirect(org)
    return render(request, "branches/organization_form.html", {"org": org, "form": form})


@login_required
@require_POST
def committee_add(request, pk):
    org = _visible_org(request, pk)
    require(request.user, CHANGE, org.path)
    form = CommitteeMemberForm(request.POST, organization=org)
    if form.is_valid():
        member = form.save(commit=False)
        member.organization = org
        member.save()
        messages.success(request, f"已添加{member.get_role_display()}{member.name}。")
    else:
        messages.error(request, "委员信息有误：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect(org)


@login_required
@require_POST
def committee_end(request, pk, member_pk):
    org = _visible_org(request, pk)
    require(request.user, CHANGE, org.path)
    member = get_object_or_404(org.committee_members, pk=member_pk, ended_on__isnull=True)
    member.ended_on = timezone.localdate()
    member.save(update_fields=["ended_on"])
    messages.success(request, f"{member.name} 已离任。")
    return redirect(org)


@login_required
@require_POST
def party_group_add(request, pk):
    org = _visible_org(request, pk)
    require(request.user, CHANGE, org.path)
    form = PartyGroupForm(request.POST)
    if form.is_valid():
        try:
            group = services.add_party_group(org, form.cleaned_data["name"], form.cleaned_data["leader"])
            messages.success(request, f"已添加党小组“{group.name}”。")
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        messages.error(request, "请填写党小组名称。")
    return redirect(org)


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
