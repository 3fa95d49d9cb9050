"""问题清单 → 整改 on a branch's assessment: a reviewer lists a problem and its rectification items; the
branch reports one rectified; the reviewer closes (销号) or reopens it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from accounts.scope import VIEW
from assessments import acting, problems
from assessments.forms import ProblemForm, RectificationForm, RectifiedForm
from assessments.models import Problem, Rectification
from assessments.views.scoped import participation_or_404
from core.submission import once_per_submission
from core.web import flash_errors


@login_required
@require_POST
@once_per_submission
def problem_add(request, pk):
    participation = participation_or_404(request.user, pk)
    acting.require_reviewer(request.user, participation)
    form = ProblemForm(request.POST, participation=participation)
    try:
        if not form.is_valid():
            raise ValidationError("请填写问题、整改措施、责任人和整改时限。")
        data = form.cleaned_data
        problems.add_problem(participation=participation, user=request.user, description=data["description"],
                             measure=data["measure"], owner=data["owner"], deadline=data["deadline"], item=data["item"])
        messages.success(request, "问题已列入问题清单。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(f"{participation.get_absolute_url()}#problems")


@login_required
@require_POST
@once_per_submission
def rectification_add(request, pk):
    problem = get_object_or_404(Problem.objects.restrict(request.user, VIEW).select_related("participation__branch"), pk=pk)
    acting.require_reviewer(request.user, problem.participation)
    form = RectificationForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写整改措施、责任人和整改时限。")
        problems.add_rectification(problem=problem, user=request.user, **form.cleaned_data)
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
        acting.require_branch(request.user, row.problem.participation)
    else:
        acting.require_reviewer(request.user, row.problem.participation)
    try:
        if action == "done":
            form = RectifiedForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError("请填写整改情况。")
            problems.report_rectified(rectification=row, user=request.user, note=form.cleaned_data["note"],
                                      upload=form.cleaned_data["file"])
            messages.success(request, "整改情况已填报，等待销号。")
        elif action == "close":
            problems.close_rectification(rectification=row, user=request.user)
            messages.success(request, "已销号。")
        elif action == "reopen":
            problems.reopen_rectification(rectification=row, user=request.user, reason=request.POST.get("reason", ""))
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
