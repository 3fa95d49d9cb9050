"""One branch's assessment: the page with both score columns, the plan and its tasks, saving scores,
moving the status, the history of every change, and the evidence attached to an item."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.scope import CHANGE, VIEW, can, require
from assessments import acting, plans, selectors, workflow
from assessments.forms import EvidenceForm, PlanForm, ProblemForm, RectificationForm, RectifiedForm, TaskForm
from assessments.models import Evidence, ItemAssessment, Participation, PlanTask
from assessments.views.scoped import participation_or_404
from core.submission import once_per_submission
from core.web import errors_to_form, flash_errors, indexed_fields


@login_required
def participation_detail(request, pk):
    participation = participation_or_404(request.user, pk)
    can_change = can(request.user, CHANGE, participation.branch.path)
    if can_change and participation.branch_can_edit:
        workflow.refresh_indicators(participation=participation)
    is_reviewer = acting.is_reviewer(request.user, participation)
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


# ---------------------------------------------------------------- the plan and its tasks


@login_required
def plan_edit(request, pk):
    participation = participation_or_404(request.user, pk)
    plan = participation.plan
    form = PlanForm(request.POST or None, instance=plan)
    task_form = TaskForm(campaign=participation.campaign)
    if request.method == "POST" and form.is_valid():
        try:
            plans.save_plan(plan=form.instance, user=request.user)
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
    participation = participation_or_404(request.user, pk)
    require(request.user, CHANGE, participation.branch.path)
    form = TaskForm(request.POST, campaign=participation.campaign)
    if form.is_valid():
        try:
            plans.add_task(plan=participation.plan, user=request.user, task=form.instance)
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
        plans.set_task_done(task=task, user=request.user, done_on=None if task.done_on else timezone.localdate())
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(task.plan.participation)


# ---------------------------------------------------------------- scores and status


def _scores(post, score_prefix: str, note_prefix: str) -> dict:
    """item id → (score text, note) from `self_<pk>` and `note_<pk>` (or `review_`, `comment_`)."""
    notes = indexed_fields(post, note_prefix)
    return {pk: (score, notes.get(pk, "")) for pk, score in indexed_fields(post, score_prefix).items()}


COLUMNS = {"self": (workflow.SELF, "self_", "note_", "自评已保存"), "review": (workflow.REVIEWER, "review_", "comment_", "评分已保存")}


@login_required
@require_POST
def scores(request, pk, column):
    participation = participation_or_404(request.user, pk)
    which, score_prefix, note_prefix, done = COLUMNS[column]
    try:
        changed = workflow.save_scores(participation=participation, user=request.user, column=which,
                                       scores=_scores(request.POST, score_prefix, note_prefix))
        messages.success(request, f"{done}（修改 {changed} 项）。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(participation)


@login_required
@require_POST
def transition(request, pk, action):
    participation = participation_or_404(request.user, pk)
    comment = request.POST.get("comment", "")
    try:
        if action == "submit":
            for warning in workflow.submit(participation=participation, user=request.user):
                messages.warning(request, warning)
            messages.success(request, "自评已提交，等待工委评审。")
        elif action == "reviewed":
            workflow.mark_reviewed(participation=participation, user=request.user, comment=comment)
            messages.success(request, "评审已完成。")
        elif action == "approve":
            workflow.approve(participation=participation, user=request.user)
            messages.success(request, f"已通过：{participation.branch.name}命名为示范党支部。")
        elif action == "return":
            workflow.return_for_revision(participation=participation, user=request.user, comment=comment)
            messages.success(request, "已退回支部修改。")
        else:
            raise Http404
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(participation)


@login_required
def history(request, pk):
    participation = participation_or_404(request.user, pk)
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
        workflow.add_evidence(item=item, user=request.user, upload=data["file"], meeting=data["meeting"], note=data["note"])
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
        workflow.remove_evidence(evidence=evidence, user=request.user)
        messages.success(request, "已删除佐证材料。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(evidence.item.participation)
