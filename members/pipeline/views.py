"""发展党员 pages. Rules live in members.pipeline.rules and writes in members.pipeline.services; views
fetch through the scope and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.scope import CHANGE, VIEW, can, require
from branches.models import Organization
from core.submission import once_per_submission
from core.web import errors_to_form
from members.pipeline import rules, services
from members.pipeline.due import due_items
from members.pipeline.forms import (
    AdvanceForm,
    ApplicantForm,
    CandidateDetailsForm,
    ExtendProbationForm,
    StepDateForm,
)
from members.pipeline.models import STAGE_ORDER, Applicant, PipelineRules, Stage


def _visible_org(request, pk) -> Organization:
    return get_object_or_404(Organization.objects.restrict(request.user, VIEW), pk=pk)


def _visible_applicant(request, pk) -> Applicant:
    return get_object_or_404(
        Applicant.objects.restrict(request.user, VIEW).select_related("organization", "member"), pk=pk
    )


def _changeable_applicant(request, pk) -> Applicant:
    applicant = _visible_applicant(request, pk)
    require(request.user, CHANGE, applicant.organization.path)
    return applicant


@login_required
def applicant_list(request, org_pk=None):
    """Applicants in scope; for one organization also what is due next."""
    org = _visible_org(request, org_pk) if org_pk else None
    applicants = Applicant.objects.restrict(request.user, VIEW).select_related("organization")
    if org:
        applicants = applicants.filter(organization__path__startswith=org.path)
    counts = dict(applicants.order_by().values_list("stage").annotate(n=Count("pk")))
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        applicants = applicants.filter(stage=stage)
    page = Paginator(applicants.order_by("organization__path", "applied_on", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "members/pipeline_list.html", {
        "org": org,
        "page": page,
        "stage": stage,
        "stages": [(s, Stage(s).label, counts.get(s, 0)) for s in [*STAGE_ORDER, Stage.STOPPED]],
        "total": sum(counts.values()),
        "due": due_items(org, timezone.localdate()) if org else None,
        "can_add": bool(org) and rules.accepts_applicants(org) and can(request.user, CHANGE, org.path),
    })


@login_required
@once_per_submission
def applicant_add(request, org_pk):
    org = _visible_org(request, org_pk)
    require(request.user, CHANGE, org.path)
    if not rules.accepts_applicants(org):
        raise Http404("入党申请应登记在党支部。")
    form = ApplicantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            applicant = services.add_applicant(applicant=form.applicant(org), user=request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已登记{applicant.name}的入党申请。")
            return redirect(applicant)
    return render(request, "members/pipeline_form.html", {"org": org, "form": form, "rules": PipelineRules.current()})


def _approver(applicant: Applicant, stage: str) -> str:
    """Who usually approves a step: the branch committee, or the committee above for admission and confirmation."""
    org = applicant.organization
    if stage in (Stage.PROBATIONARY, Stage.FULL):
        parent = org.get_parent()
        return parent.name if parent else org.name
    return rules.committee_of(org.name)


def _detail(request, applicant: Applicant, **forms):
    current_rules = PipelineRules.current()
    today = timezone.localdate()
    stage = rules.next_stage(applicant.stage)
    can_change = can(request.user, CHANGE, applicant.organization.path)
    if can_change and stage and "advance_form" not in forms:
        initial = {"approved_by": _approver(applicant, stage), "on": today}
        initial.update({name: getattr(applicant, name) for name in rules.STAGE_DETAILS[stage]})
        forms["advance_form"] = AdvanceForm(stage=stage, initial=initial)
    if can_change:
        forms.setdefault("date_form", StepDateForm(initial={"on": today}))
        forms.setdefault("candidate_form", CandidateDetailsForm(initial={
            name: getattr(applicant, name) for name in rules.CANDIDATE_DETAILS
        }))
        forms.setdefault("extend_form", ExtendProbationForm(initial={
            "on": today, "approved_by": _approver(applicant, Stage.PROBATIONARY),
        }))
    due = [item for item in due_items(applicant.organization, today, current_rules) if item.applicant.pk == applicant.pk]
    return render(request, "members/pipeline_detail.html", {
        "applicant": applicant,
        "steps": applicant.steps.select_related("recorded_by"),
        "next_stage": stage and Stage(stage),
        "earliest_next": rules.earliest_next(applicant, current_rules),
        "probation_ends": rules.probation_ends(applicant, current_rules),
        "due": due,
        "can_change": can_change,
        "rules": current_rules,
        **forms,
    })


@login_required
def applicant_detail(request, pk):
    return _detail(request, _visible_applicant(request, pk))


@login_required
@require_POST
def applicant_advance(request, pk):
    applicant = _changeable_applicant(request, pk)
    stage = rules.next_stage(applicant.stage)
    if stage is None:
        messages.error(request, f"{applicant.name}目前为{applicant.get_stage_display()}，没有下一阶段。")
        return redirect(applicant)
    form = AdvanceForm(request.POST, stage=stage)
    warnings = []
    if form.is_valid():
        data = form.cleaned_data
        findings = rules.check_advance(applicant, stage, data["on"], form.details())
        warnings = [f for f in findings if not f.blocks]
        if any(f.blocks for f in findings):
            form.add_error(None, [f.text for f in findings if f.blocks])
        elif warnings and not data["confirm"]:
            pass  # show the warnings and ask to confirm
        else:
            try:
                step = services.advance(applicant=applicant, stage=stage, on=data["on"], approved_by=data["approved_by"],
                                        user=request.user, details=form.details())
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, f"{applicant.name}已转为{step.get_stage_display()}。")
                return redirect(applicant)
    return _detail(request, applicant, advance_form=form, advance_warnings=warnings)


RECORDS = {
    # kind: (form, what it does, success message)
    "talk": (StepDateForm, lambda a, d, u: services.record_talk(applicant=a, on=d["on"], user=u), "已登记谈话。"),
    "review": (StepDateForm, lambda a, d, u: services.record_review(applicant=a, on=d["on"], user=u), "已登记考察。"),
    "candidate": (
        CandidateDetailsForm, lambda a, d, u: services.record_candidate_progress(applicant=a, user=u, details=d),
        "已保存发展对象考察情况。",
    ),
    "extend": (
        ExtendProbationForm,
        lambda a, d, u: services.extend_probation(applicant=a, months=d["months"], on=d["on"],
                                                  approved_by=d["approved_by"], user=u),
        "已延长预备期。",
    ),
}
RECORD_FORM_NAMES = {"talk": "date_form", "review": "date_form", "candidate": "candidate_form", "extend": "extend_form"}


@login_required
@require_POST
def applicant_record(request, pk, kind):
    """The smaller records between stages: the talk, a half-yearly review, candidate progress, an extension."""
    if kind not in RECORDS:
        raise Http404
    applicant = _changeable_applicant(request, pk)
    form_class, action, success = RECORDS[kind]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(applicant, form.cleaned_data, request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, success)
            return redirect(applicant)
    return _detail(request, applicant, **{RECORD_FORM_NAMES[kind]: form, "open_record": kind})
