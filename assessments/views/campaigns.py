"""Campaign pages: the assessments index, starting a campaign, its ranking, phases and participants."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.scope import CHANGE, REVIEW, VIEW, can, require
from assessments import campaigns, selectors
from assessments.choices import ASSESSED_KINDS, Status
from assessments.forms import CampaignForm, ParticipantsForm, PhaseFormSet, reviewer_orgs
from assessments.models import Campaign, Participation
from assessments.views.scoped import campaign_or_404
from branches.models import Organization
from core.submission import once_per_submission
from core.web import errors_to_form, flash_errors


@login_required
def index(request):
    visible = Campaign.objects.restrict(request.user, VIEW).select_related("organizer").annotate(
        branches=Count("participations", distinct=True),
        approved=Count("participations", filter=Q(participations__status=Status.APPROVED), distinct=True))
    mine = Participation.objects.restrict(request.user, CHANGE).select_related("campaign", "branch")[:50]
    return render(request, "assessments/index.html", {
        "campaigns": visible, "mine": mine, "can_organize": reviewer_orgs(request.user).exists(),
    })


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
            campaign = campaigns.create_campaign(user=request.user, scheme=data["scheme"], organizer=data["organizer"],
                                                 name=data["name"], year=data["year"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "创建周期已建立，请添加参加的党支部。")
            return redirect("assessments:participants", campaign.pk)
    return render(request, "assessments/campaign_form.html", {"form": form})


@login_required
def campaign_detail(request, pk):
    campaign = campaign_or_404(request.user, pk)
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
    campaign = campaign_or_404(request.user, pk)
    require(request.user, REVIEW, campaign.organizer.path)
    formset = PhaseFormSet(request.POST or None, queryset=campaign.phases.all())
    if request.method == "POST" and formset.is_valid():
        try:
            campaigns.save_phases(campaign=campaign, user=request.user, phases=formset.save(commit=False))
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, "阶段已保存。")
            return redirect(campaign)
    return render(request, "assessments/campaign_phases.html", {"campaign": campaign, "formset": formset})


@login_required
def campaign_participants(request, pk):
    campaign = campaign_or_404(request.user, pk)
    require(request.user, REVIEW, campaign.organizer.path)
    q = request.GET.get("q", "").strip()
    candidates = (Organization.objects.active().subtree_of(campaign.organizer).filter(kind__in=ASSESSED_KINDS)
                  .exclude(participations__campaign=campaign))
    if q:
        candidates = candidates.filter(Q(name__icontains=q) | Q(code__iexact=q))
    form = ParticipantsForm(request.POST or None, queryset=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            created = campaigns.add_participants(campaign=campaign, user=request.user,
                                                 branches=form.cleaned_data["branches"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"已添加 {len(created)} 个党支部。")
            return redirect(campaign)
    shown = list(candidates.order_by("path")[:200])
    return render(request, "assessments/campaign_participants.html", {
        "campaign": campaign, "form": form, "shown": shown, "q": q, "more": candidates.count() > len(shown),
    })
