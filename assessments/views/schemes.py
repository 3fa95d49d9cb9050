"""Scheme pages: the list, one scheme with its areas and items, copying it, editing its criteria."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.scope import VIEW
from assessments import schemes, selectors
from assessments.forms import CriterionForm, SchemeCopyForm, reviewer_orgs
from assessments.models import Criterion, Scheme
from assessments.views.scoped import scheme_or_404
from core.web import errors_to_form, flash_errors

NOT_EDITABLE = "该方案不能修改（已使用或无权限），请复制后修改。"


@login_required
def scheme_list(request):
    visible = Scheme.objects.restrict(request.user, VIEW).select_related("owner", "copied_from")
    return render(request, "assessments/scheme_list.html", {"schemes": visible})


@login_required
def scheme_detail(request, pk):
    scheme = scheme_or_404(request.user, pk)
    criteria = list(scheme.criteria.select_related("parent").order_by("order", "pk"))
    areas = [(a, [c for c in criteria if c.parent_id == a.pk]) for a in criteria if a.kind == Criterion.Kind.AREA]
    return render(request, "assessments/scheme_detail.html", {
        "scheme": scheme, "areas": areas, "max_total": selectors.max_total(scheme),
        "in_use": schemes.scheme_in_use(scheme), "can_edit": schemes.can_edit_scheme(request.user, scheme),
        "copy_form": SchemeCopyForm(user=request.user, initial={"name": scheme.name, "year": timezone.localdate().year}),
        "can_copy": reviewer_orgs(request.user).exists(),
    })


@login_required
@require_POST
def scheme_copy(request, pk):
    scheme = scheme_or_404(request.user, pk)
    form = SchemeCopyForm(request.POST, user=request.user)
    if not form.fields["owner"].queryset.exists():
        raise PermissionDenied("只有上级党组织工作人员可以复制方案。")
    if not form.is_valid():
        messages.error(request, "请填写新方案名称、年度和制定单位。")
        return redirect(scheme)
    data = form.cleaned_data
    copy = schemes.copy_scheme(scheme=scheme, user=request.user, owner=data["owner"], name=data["name"], year=data["year"])
    messages.success(request, "已复制方案，可在副本上修改；原方案及其考核结果不受影响。")
    return redirect(copy)


def _criterion_or_404(user, pk) -> Criterion:
    return get_object_or_404(Criterion.objects.select_related("scheme"), pk=pk,
                             scheme__in=Scheme.objects.restrict(user, VIEW))


@login_required
def criterion_edit(request, scheme_pk=None, pk=None):
    if pk:
        criterion = _criterion_or_404(request.user, pk)
        scheme = criterion.scheme
    else:
        scheme, criterion = scheme_or_404(request.user, scheme_pk), None
    if not schemes.can_edit_scheme(request.user, scheme):
        raise PermissionDenied(NOT_EDITABLE)
    form = CriterionForm(request.POST or None, instance=criterion, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            schemes.save_criterion(criterion=form.instance, user=request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "考核指标已保存。")
            return redirect(scheme)
    return render(request, "assessments/criterion_form.html", {"form": form, "scheme": scheme, "criterion": criterion})


@login_required
@require_POST
def criterion_delete(request, pk):
    criterion = _criterion_or_404(request.user, pk)
    if not schemes.can_edit_scheme(request.user, criterion.scheme):
        raise PermissionDenied(NOT_EDITABLE)
    try:
        schemes.delete_criterion(criterion=criterion, user=request.user)
        messages.success(request, "已删除。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(criterion.scheme)
