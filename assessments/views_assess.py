"""One branch's assessment: plan and tasks, scores in two columns, evidence, review, 问题清单 → 整改."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.scope import CHANGE, VIEW, can, require
from assessments import selectors, workflow
from assessments.forms import (
    EvidenceForm, PlanForm, ProblemForm, RectificationForm, RectifiedForm, TaskForm,
)
from assessments.models import Evidence, ItemAssessment, Participation, PlanTask, Problem, Rectification
from assessments.services import add_task, save_plan, set_task_done
from core.submission import once_per_submission
from core.web import errors_to_form, flash_errors, indexed_fields


def _participation(request, pk) -> Participation:
    qs = Participation.objects.restrict(request.user, VIEW).select_related("campaign__scheme", "campaign__organizer", "branch")
    return get_object_or_404(qs, pk=pk)


def _is_reviewer(user, participation) -> bool:
    try:
        workflow.require_reviewer(user, participation)
    except PermissionDenied:
        return False
    return True


@login_required
def participation_detail(request, pk):
    participation = _participation(request, pk)
    can_change = can(request.user, CHANGE, participation.branch.path)
    if can_change and participation.branch_can_edit:
        workflow.refresh_indicators(participation)
    is_reviewer = _is_reviewer(request.user, participation)
    everyone = list(participation.campaign.participations.select_related("branch"))
    rank = next(r.rank for r in selectors.ranking(everyone) if r.participation.pk == participation.pk)
    problems = participation.problems.prefetch_related("rectifications").select_related("item__criterion")
    campaign = participation.campaign
    return render(request, "assessments/participation.html", {
        "p": participation, "campaign": campaign, "plan": participation.plan,
        "tasks": participation.plan.tasks.select_related("phase"),
        "areas": selectors.areas_of(participation), "max_total": selectors.max_total(campaign.scheme),
        "rank": rank, "ranked_count": sum(1 for p in everyone if p.ranked),
        "can_self": can_change and participation.branch_can_edit, "can_change": can_change,
        "can_review": is_reviewer and participation.reviewable, "is_reviewer": is_reviewer,
        "meetings": list(EvidenceForm(branch=participation.branch, since=campaign.period_start)
                         .fields["meeting"].queryset[:200]),
        "problems": problems, "problem_form": ProblemForm(participation=participation),
        "rectified_form": RectifiedForm(), "rectification_form": RectificationForm(),
        "today": workflow.period_of(participation).today,
    })


@login_required
def plan_edit(request, pk):
    participation = _participation(request, pk)
    plan = participation.plan
    form = PlanForm(request.POST or None, instance=plan)
    task_form = TaskForm(campaign=participation.campaign)
    if request.method == "POST" and form.is_valid():
        try:
            save_plan(form.instance, request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "创建方案已保存。")
            return redirect(participation)
    return render(request, "assessments/plan_form.html", {
        "p": participation, "form": form, "task_form": task_form, "tasks": plan.tasks.select_related("phase"),
    })


@login_required
@require_POST
@once_per_submission
def task_add(request, pk):
    participation = _participation(request, pk)
    require(request.user, CHANGE, participation.branch.path)
    form = TaskForm(request.POST, campaign=participation.campaign)
    if form.is_valid():
        try:
            add_task(participation.plan, request.user, form.instance)
            messages.success(request, "任务已添加。")
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        messages.error(request, "请填写任务、责任人和完成时限。")
    return redirect("assessments:plan", participation.pk)


@login_required
@require_POST
def task_done(request, pk):
    task = get_object_or_404(PlanTask.objects.select_related("plan__participation__branch"), pk=pk,
                             plan__participation__in=Participation.objects.restrict(request.user, VIEW))
    try:
        set_task_done(task, request.user, None if task.done_on else timezone.localdate())
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(task.plan.participation)


def _scores(post, score_prefix: str, note_prefix: str) -> dict:
    """item id → (score text, note) from `self_<pk>` and `note_<pk>` (or `review_`, `comment_`)."""
    notes = indexed_fields(post, note_prefix)
    return {pk: (score, notes.get(pk, "")) for pk, score in indexed_fields(post, score_prefix).items()}


COLUMNS = {"self": (workflow.SELF, "self_", "note_", "自评已保存"), "review": (workflow.REVIEWER, "review_", "comment_", "评分已保存")}


@login_required
@require_POST
def scores(request, pk, column):
    participation = _participation(request, pk)
    which, score_prefix, note_prefix, done = COLUMNS[column]
    try:
        changed = workflow.save_scores(participation, request.user, _scores(request.POST, score_prefix, note_prefix), which)
        messages.success(request, f"{done}（修改 {changed} 项）。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(participation)


@login_required
@require_POST
def transition(request, pk, action):
    participation = _participation(request, pk)
    comment = request.POST.get("comment", "")
    try:
        if action == "submit":
            for warning in workflow.submit(participation, request.user):
                messages.warning(request, warning)
            messages.success(request, "自评已提交，等待工委评审。")
        elif action == "reviewed":
            workflow.mark_reviewed(participation, request.user, comment)
            messages.success(request, "评审已完成。")
        elif action == "approve":
            workflow.approve(participation, request.user)
            messages.success(request, f"已通过：{participation.branch.name}命名为示范党支部。")
        elif action == "return":
            workflow.return_for_revision(participation, request.user, comment)
            messages.success(request, "已退回支部修改。")
        else:
            raise Http404
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(participation)


@login_required
def history(request, pk):
    participation = _participation(request, pk)
    return render(request, "assessments/history.html", {"p": participation, "changes": selectors.score_history(participation)})


# ---------------------------------------------------------------- evidence


@login_required
@require_POST
def evidence_add(request, pk):
    item = get_object_or_404(ItemAssessment.objects.select_related("participation__branch", "participation__campaign"),
                             pk=pk, participation__in=Participation.objects.restrict(request.user, VIEW))
    participation = item.participation
    form = EvidenceForm(request.POST, request.FILES, branch=participation.branch, since=participation.campaign.period_start)
    try:
        if not form.is_valid():
            raise ValidationError("请选择文件或会议记录。")
        data = form.cleaned_data
        workflow.add_evidence(item, request.user, data["file"], data["meeting"], data["note"])
        messages.success(request, "佐证材料已添加。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(f"{participation.get_absolute_url()}#item-{item.pk}")


def _evidence(request, pk) -> Evidence:
    visible = Participation.objects.restrict(request.user, VIEW)
    return get_object_or_404(Evidence.objects.select_related("item__participation__branch"), pk=pk,
                             item__participation__in=visible)


@login_required
def evidence_file(request, pk):
    evidence = _evidence(request, pk)
    if not evidence.file:
        raise Http404
    return FileResponse(evidence.file.open("rb"), content_type=evidence.content_type, filename=evidence.original_name)


@login_required
@require_POST
def evidence_delete(request, pk):
    evidence = _evidence(request, pk)
    try:
        workflow.remove_evidence(evidence, request.user)
        messages.success(request, "已删除佐证材料。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(evidence.item.participation)


# ---------------------------------------------------------------- 问题清单 → 整改


@login_required
@require_POST
@once_per_submission
def problem_add(request, pk):
    participation = _participation(request, pk)
    workflow.require_reviewer(request.user, participation)
    form = ProblemForm(request.POST, participation=participation)
    try:
        if not form.is_valid():
            raise ValidationError("请填写问题、整改措施、责任人和整改时限。")
        data = form.cleaned_data
        workflow.add_problem(participation, request.user, data["description"], data["measure"], data["owner"],
                             data["deadline"], data["item"])
        messages.success(request, "问题已列入问题清单。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(f"{participation.get_absolute_url()}#problems")


@login_required
@require_POST
@once_per_submission
def rectification_add(request, pk):
    problem = get_object_or_404(Problem.objects.restrict(request.user, VIEW).select_related("participation__branch"), pk=pk)
    workflow.require_reviewer(request.user, problem.participation)
    form = RectificationForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写整改措施、责任人和整改时限。")
        workflow.add_rectification(problem, request.user, **form.cleaned_data)
        messages.success(request, "整改事项已添加。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(f"{problem.participation.get_absolute_url()}#problems")


def _rectification(request, pk) -> Rectification:
    qs = Rectification.objects.restrict(request.user, VIEW).select_related("problem__participation__branch")
    return get_object_or_404(qs, pk=pk)


@login_required
@require_POST
def rectification_action(request, pk, action):
    row = _rectification(request, pk)
    if action == "done":
        workflow.require_branch(request.user, row.problem.participation)
    else:
        workflow.require_reviewer(request.user, row.problem.participation)
    try:
        if action == "done":
            form = RectifiedForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError("请填写整改情况。")
            workflow.report_rectified(row, request.user, form.cleaned_data["note"], form.cleaned_data["file"])
            messages.success(request, "整改情况已填报，等待销号。")
        elif action == "close":
            workflow.close_rectification(row, request.user)
            messages.success(request, "已销号。")
        elif action == "reopen":
            workflow.reopen_rectification(row, request.user, request.POST.get("reason", ""))
            messages.success(request, "已退回重新整改。")
        else:
            raise Http404
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(f"{row.problem.participation.get_absolute_url()}#problems")


@login_required
def rectification_file(request, pk):
    row = _rectification(request, pk)
    if not row.evidence_file:
        raise Http404
    return FileResponse(row.evidence_file.open("rb"), filename=row.evidence_name or "整改佐证")
