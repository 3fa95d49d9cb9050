from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.scope import EXPORT, VIEW, can, require
from activities.choices import MeetingKind
from branches.models import Organization, RuleSet
from branches.selectors import breadcrumbs, scope_roots
from core.client_address import client_address
from dashboards import exports, present, selectors
from dashboards.focus import Focus
from dashboards.lists import LISTS
from members.models import PersonalDataLog
from members.roster.services import log_personal_data

PER_PAGE = 50


def _focus(request, org_pk) -> Focus:
    org = get_object_or_404(Organization.objects.restrict(request.user, VIEW), pk=org_pk)
    return Focus.build(org, timezone.localdate(), request.GET.get("region", ""), request.GET.get("industry", ""))


def _crumbs(request, focus: Focus) -> list[Organization]:
    return [c for c in breadcrumbs(focus.org) if can(request.user, VIEW, c.path)]


@login_required
def index(request):
    roots = scope_roots(request.user)
    if len(roots) == 1:
        return redirect("dashboards:org", roots[0].pk)
    return render(request, "dashboards/index.html", {"roots": roots})


@login_required
def org_dashboard(request, org_pk):
    focus = _focus(request, org_pk)
    kind = request.GET.get("kind", "")
    kind = kind if kind in MeetingKind.values else ""
    data = selectors.dashboard(focus, kind)
    context = present.dashboard_context(focus, data)
    context.update(crumbs=_crumbs(request, focus), can_export=can(request.user, EXPORT, focus.org.path))
    return render(request, "dashboards/dashboard.html", context)


def _list(request, org_pk, name):
    if name not in LISTS:
        raise Http404("没有该列表。")
    focus = _focus(request, org_pk)
    return focus, LISTS[name](focus, request.GET, request.user, RuleSet.current())


@login_required
def list_view(request, org_pk, name):
    focus, listing = _list(request, org_pk, name)
    with selectors.reading(focus, listing.rules):
        page = Paginator(listing.queryset(), PER_PAGE).get_page(request.GET.get("page"))
        rows = [listing.row(obj) for obj in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "dashboards/list.html", {
        "focus": focus, "listing": listing, "page": page, "rows": rows, "query": query.urlencode(),
        "crumbs": _crumbs(request, focus), "can_export": can(request.user, EXPORT, focus.org.path),
        "dashboard_url": present.dashboard_url(focus), "subtitle": present.subtitle(focus),
    })


@login_required
def export_view(request, org_pk, name):
    focus, listing = _list(request, org_pk, name)
    require(request.user, EXPORT, focus.org.path)
    with selectors.reading(focus, listing.rules):
        rows = ([cell.text for cell in listing.row(obj)] for obj in listing.queryset().iterator(chunk_size=2000))
        content, count = exports.workbook(listing.title, present.subtitle(focus), listing.headers, rows)
    if listing.personal:
        log_personal_data(user=request.user, action=PersonalDataLog.Action.EXPORT, organization=focus.org, count=count,
                          unmasked=False, detail=f"导出统计列表 xlsx：{listing.title}，{count} 人",
                          ip_address=client_address(request))
    return exports.dated_xlsx_response(content, listing.title)
