"""The organization tree, an organization's page and its edit form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from accounts.scope import CHANGE, VIEW, can, require
from branches import selectors, services
from branches.forms import CommitteeMemberForm, OrganizationForm, PartyGroupForm
from branches.models import Organization, RuleSet
from core import panels
from core.web import errors_to_form

SEARCH_LIMIT = 50


def visible_organization(request, pk) -> Organization:
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
    org = visible_organization(request, pk)
    children = org.get_children().restrict(request.user, VIEW)
    return render(request, "branches/_tree_nodes.html", {"nodes": children})


@login_required
def organization_detail(request, pk):
    org = visible_organization(request, pk)
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
    org = visible_organization(request, pk)
    require(request.user, CHANGE, org.path)
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(organization=form.instance, user=request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "党组织信息已保存。")
            return redirect(org)
    return render(request, "branches/organization_form.html", {"org": org, "form": form})
