"""Schemes, campaigns, rankings, the quarterly report and the 九有 venue. The assessment page: views_assess.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.scope import CHANGE, REVIEW, VIEW, can, require
from assessments import reports, selectors, services
from assessments.forms import (
    CampaignForm, CriterionForm, ParticipantsForm, PhaseFormSet, SchemeCopyForm, VenueForm, reviewer_orgs,
)
from assessments.choices import ASSESSED_KINDS, VenueItem
from assessments.models import Campaign, Criterion, Participation, Scheme, Venue
from branches.choices import BRANCH_KINDS
from branches.models import Organization
from core.submission import once_per_submission
from core.web import errors_to_form, flash_errors, parse_pk, xlsx_response



def _campaign(request, pk) -> Campaign:
    return get_object_or_404(Campaign.objects.restrict(request.user, VIEW).select_related("scheme", "organizer"), pk=pk)


def _scheme(request, pk) -> Scheme:
    return get_object_or_404(Scheme.objects.restrict(request.user, VIEW).select_related("owner"), pk=pk)


@login_required
def index(request):
    campaigns = Campaign.objects.restrict(request.user, VIEW).select_related("organizer").annotate(
        branches=Count("participations", distinct=True),
        approved=Count("participations", filter=Q(participations__status="approved"), distinct=True))
    mine = Participation.objects.restrict(request.user, CHANGE).select_related("campaign", "branch")[:50]
    return render(request, "assessments/index.html", {
        "campaigns": campaigns, "mine": mine, "can_organize": reviewer_orgs(request.user).exists(),
    })


# ---------------------------------------------------------------- schemes


@login_required
def scheme_list(request):
    schemes = Scheme.objects.restrict(request.user, VIEW).select_related("owner", "copied_from")
    return render(request, "assessments/scheme_list.html", {"schemes": schemes})


@login_required
def scheme_detail(request, pk):
    scheme = _scheme(request, pk)
    criteria = list(scheme.criteria.select_related("parent").order_by("order", "pk"))
    areas = [(a, [c for c in criteria if c.parent_id == a.pk]) for a in criteria if a.kind == Criterion.Kind.AREA]
    return render(request, "assessments/scheme_detail.html", {
        "scheme": scheme, "areas": areas, "max_total": selectors.max_total(scheme),
        "in_use": services.scheme_in_use(scheme), "can_edit": services.can_edit_scheme(request.user, scheme),
        "copy_form": SchemeCopyForm(user=request.user, initial={"name": scheme.name, "year": timezone.localdate().year}),
        "can_copy": reviewer_orgs(request.user).exists(),
    })


@login_required
@require_POST
def scheme_copy(request, pk):
    scheme = _scheme(request, pk)
    form = SchemeCopyForm(request.POST, user=request.user)
    if not form.fields["owner"].queryset.exists():
        raise PermissionDenied("只有上级党组织工作人员可以复制方案。")
    if not form.is_valid():
        messages.error(request, "请填写新方案名称、年度和制定单位。")
        return redirect(scheme)
    data = form.cleaned_data
    copy = services.copy_scheme(scheme, request.user, data["owner"], data["name"], data["year"])
    messages.success(request, "已复制方案，可在副本上修改；原方案及其考核结果不受影响。")
    return redirect(copy)


@login_required
def criterion_edit(request, scheme_pk=None, pk=None):
    if pk:
        criterion = get_object_or_404(Criterion.objects.select_related("scheme"), pk=pk,
                                      scheme__in=Scheme.objects.restrict(request.user, VIEW))
        scheme = criterion.scheme
    else:
        scheme, criterion = _scheme(request, scheme_pk), None
    if not services.can_edit_scheme(request.user, scheme):
        raise PermissionDenied("该方案不能修改（已使用或无权限），请复制后修改。")
    form = CriterionForm(request.POST or None, instance=criterion, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_criterion(form.instance, request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "考核指标已保存。")
            return redirect(scheme)
    return render(request, "assessments/criterion_form.html", {"form": form, "scheme": scheme, "criterion": criterion})


@login_required
@require_POST
def criterion_delete(request, pk):
    criterion = get_object_or_404(Criterion.objects.select_related("scheme"), pk=pk,
                                  scheme__in=Scheme.objects.restrict(request.user, VIEW))
    if not services.can_edit_scheme(request.user, criterion.scheme):
        raise PermissionDenied("该方案不能修改（已使用或无权限），请复制后修改。")
    try:
        services.delete_criterion(criterion, request.user)
        messages.success(request, "已删除。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(criterion.scheme)


# ---------------------------------------------------------------- campaigns


@login_required
@once_per_submission
def campaign_new(request):
    form = CampaignForm(request.POST or None, user=request.user,
                        initial={"year": timezone.localdate().year})
    if not form.fields["organizer"].queryset.exists():
        raise PermissionDenied("只有工委、党委工作人员可以发起示范创建。")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_campaign(request.user, data["scheme"], data["organizer"], data["name"], data["year"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "创建周期已建立，请添加参加的党支部。")
            return redirect("assessments:participants", campaign.pk)
    return render(request, "assessments/campaign_form.html", {"form": form})


@login_required
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    visible = set(Participation.objects.restrict(request.user, VIEW).filter(campaign=campaign).values_list("pk", flat=True))
    everyone = list(campaign.participations.select_related("branch"))
    rows = [r for r in selectors.ranking(everyone) if r.participation.pk in visible]  # ranked among all branches
    areas, scores = selectors.area_scores([r.participation for r in rows])
    for row in rows:
        row.areas = [scores.get(row.participation.pk, {}).get(a.pk) for a in areas]
    return render(request, "assessments/campaign_detail.html", {
        "campaign": campaign, "rows": rows, "areas": areas, "total_count": len(everyone),
        "phases": campaign.phases.all(), "max_total": selectors.max_total(campaign.scheme),
        "can_organize": can(request.user, REVIEW, campaign.organizer.path),
    })


@login_required
def campaign_phases(request, pk):
    campaign = _campaign(request, pk)
    require(request.user, REVIEW, campaign.organizer.path)
    formset = PhaseFormSet(request.POST or None, queryset=campaign.phases.all())
    if request.method == "POST" and formset.is_valid():
        try:
            services.save_phases(campaign=campaign, user=request.user, phases=formset.save(commit=False))
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, "阶段已保存。")
            return redirect(campaign)
    return render(request, "assessments/campaign_phases.html", {"campaign": campaign, "formset": formset})


@login_required
def campaign_participants(request, pk):
    campaign = _campaign(request, pk)
    require(request.user, REVIEW, campaign.organizer.path)
    q = request.GET.get("q", "").strip()
    candidates = (Organization.objects.active().subtree_of(campaign.organizer).filter(kind__in=ASSESSED_KINDS)
                  .exclude(participations__campaign=campaign))
    if q:
        candidates = candidates.filter(Q(name__icontains=q) | Q(code__iexact=q))
    form = ParticipantsForm(request.POST or None, queryset=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.add_participants(campaign, request.user, form.cleaned_data["branches"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"已添加 {len(created)} 个党支部。")
            return redirect(campaign)
    shown = list(candidates.order_by("path")[:200])
    return render(request, "assessments/campaign_participants.html", {
        "campaign": campaign, "form": form, "shown": shown, "q": q, "more": candidates.count() > len(shown),
    })


# ---------------------------------------------------------------- quarterly report


def _report(request, pk):
    campaign = _campaign(request, pk)
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


# ---------------------------------------------------------------- per organization: participations and 九有


def _org(request, pk) -> Organization:
    return get_object_or_404(Organization.objects.restrict(request.user, VIEW), pk=pk)


@login_required
def org_assessments(request, pk):
    org = _org(request, pk)
    participations = (Participation.objects.restrict(request.user, VIEW).filter(branch__path__startswith=org.path)
                      .select_related("campaign", "branch").order_by("-campaign__year", "branch__path"))
    campaigns = Campaign.objects.restrict(request.user, VIEW).filter(organizer=org)
    return render(request, "assessments/org.html", {
        "org": org, "participations": participations, "campaigns": campaigns,
        "venue": Venue.objects.filter(organization=org).first(), "has_venue": org.kind in ASSESSED_KINDS,
        "venue_items": VenueItem.choices,
    })


@login_required
def venue(request, pk):
    org = _org(request, pk)
    if org.kind not in ASSESSED_KINDS:
        raise Http404
    record = Venue.objects.filter(organization=org).first()
    can_change = can(request.user, CHANGE, org.path)
    initial = {"items": record.items, "address": record.address, "note": record.note} if record else {}
    form = VenueForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(request.user, CHANGE, org.path)
        if form.is_valid():
            data = form.cleaned_data
            services.save_venue(org, request.user, data["items"], data["address"], data["note"])
            messages.success(request, "活动阵地情况已保存。")
            return redirect("assessments:venue", org.pk)
    history = record.history.select_related("history_user")[:20] if record else []
    return render(request, "assessments/venue.html", {
        "org": org, "venue": record, "form": form, "can_change": can_change, "history": history,
        "items": [(value, label, bool(record and value in record.items)) for value, label in VenueItem.choices],
    })
