"""The quarterly 考核通报 of a campaign for one organization's subtree: the page and its xlsx."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.scope import REVIEW, VIEW, require
from assessments import reports
from assessments.views.scoped import campaign_or_404
from branches.choices import BRANCH_KINDS
from branches.models import Organization
from core.web import parse_pk, xlsx_response


def _report(request, pk) -> reports.Report:
    campaign = campaign_or_404(request.user, pk)
    org_pk = parse_pk(request.GET.get("org")) if request.GET.get("org") else campaign.organizer_id
    org = get_object_or_404(Organization.objects.restrict(request.user, VIEW), pk=org_pk or 0)
    require(request.user, REVIEW, org.path)
    try:
        quarter = reports.quarter_of(request.GET.get("quarter"), timezone.localdate())
    except ValueError:
        raise Http404("季度格式应为 2025-Q3") from None
    return reports.build(campaign, org, quarter, timezone.localdate())


@login_required
def report_page(request, pk):
    report = _report(request, pk)
    orgs = (Organization.objects.restrict(request.user, REVIEW).subtree_of(report.campaign.organizer).active()
            .exclude(kind__in=BRANCH_KINDS)[:200])
    return render(request, "assessments/report.html", {"report": report, "campaign": report.campaign, "orgs": orgs})


@login_required
def report_xlsx(request, pk):
    report = _report(request, pk)
    return xlsx_response(reports.to_xlsx(report), f"{report.title}.xlsx")
