"""Account pages for administrators: the accounts of their subtree, new accounts, roles granted and revoked."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import GrantRoleForm, NewUserForm
from accounts.models import RoleAssignment
from accounts.scope import MANAGE, reaches
from core.submission import once_per_submission
from core.web import errors_to_form, flash_errors


def _require_manager(user):
    found = reaches(user, MANAGE)
    if found is not None and not found:
        raise PermissionDenied("只有管理员可以管理账户。")


@login_required
def user_list(request):
    _require_manager(request.user)
    assignments = (RoleAssignment.objects.restrict(request.user, MANAGE).select_related("user", "organization")
                   .order_by("organization__path", "user__username"))
    return render(request, "accounts/user_list.html", {"assignments": assignments[:500]})


@login_required
@once_per_submission
def user_create(request):
    _require_manager(request.user)
    form = NewUserForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.create_account(**form.cleaned_data, user=request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已创建账户 {account.username}。")
            return redirect("accounts:user", account.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request, pk):
    _require_manager(request.user)
    if not RoleAssignment.objects.restrict(request.user, MANAGE).filter(user_id=pk).exists():
        raise Http404  # users without any role in the manager's subtree are not theirs to see
    target = get_object_or_404(get_user_model(), pk=pk)
    form = GrantRoleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_role(account=target, **form.cleaned_data, user=request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "角色已授予。")
            return redirect("accounts:user", target.pk)
    roles = target.roles.select_related("organization")
    return render(request, "accounts/user_detail.html", {"target": target, "roles": roles, "form": form})


@login_required
@require_POST
def role_revoke(request, pk):
    _require_manager(request.user)
    assignment = get_object_or_404(RoleAssignment.objects.select_related("organization"), pk=pk)
    try:
        services.revoke_role(assignment=assignment, user=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, "角色已撤销。")
    return redirect("accounts:user", assignment.user_id)
