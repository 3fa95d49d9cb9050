from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.scope import CHANGE, VIEW, can, require
from activities.selectors import attendance_history, long_absent_member_ids
from branches.models import Organization
from config.submission import once_per_submission
from config.web import errors_to_form
from members import services
from members.forms import ArchiveForm, MemberForm, NewMemberForm, TransferForm
from members.models import Member, PersonalDataLog
from members.selectors import roster


def _visible_member(request, pk) -> Member:
    queryset = Member.objects.restrict(request.user, VIEW).select_related("organization", "party_group")
    return get_object_or_404(queryset, pk=pk)


@login_required
def member_list(request):
    selection = roster(request.user, request.GET)
    org, member_filter = selection.organization, selection.filter
    page = Paginator(selection.members, 50).get_page(request.GET.get("page"))
    absent = long_absent_member_ids([m.pk for m in page.object_list])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "members/member_list.html", {
        "page": page, "filter": member_filter, "org": org, "query": query.urlencode(), "absent": absent,
        "can_add": org is not None and can(request.user, CHANGE, org.path),
        "can_import": Organization.objects.restrict(request.user, CHANGE).exists(),
    })


@login_required
def member_detail(request, pk):
    member = _visible_member(request, pk)
    reveal = request.GET.get("reveal") == "1" and services.may_see_personal_data(request.user, member)
    if reveal:
        services.log_personal_data(request, PersonalDataLog.Action.VIEW, member=member,
                                   organization=member.organization, detail="查看完整身份证号和电话")
    return render(request, "members/member_detail.html", {
        "member": member,
        "reveal": reveal,
        "may_reveal": services.may_see_personal_data(request.user, member),
        "can_change": can(request.user, CHANGE, member.organization.path) and not member.archived_on,
        "transfers": member.transfers.select_related("from_organization", "to_organization"),
        "history": member.history.select_related("history_user")[:20],
        "attendances": attendance_history(member),
        "long_absent": member.pk in long_absent_member_ids([member.pk]),
        "transfer_form": TransferForm(),
        "archive_form": ArchiveForm(),
    })


@login_required
@once_per_submission
def member_create(request, org_pk):
    org = get_object_or_404(Organization.objects.restrict(request.user, VIEW), pk=org_pk)
    require(request.user, CHANGE, org.path)
    form = NewMemberForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_member(form.instance, request.user, form.cleaned_data["transferred_from"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已添加党员 {member.name}。")
            return redirect(member)
    return render(request, "members/member_form.html", {"form": form, "org": org, "title": "添加党员"})


@login_required
def member_edit(request, pk):
    member = _visible_member(request, pk)
    require(request.user, CHANGE, member.organization.path)
    form = MemberForm(request.POST or None, instance=member, organization=member.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_member(form.instance, request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "党员信息已保存。")
            return redirect(member)
    return render(request, "members/member_form.html", {
        "form": form, "org": member.organization, "member": member, "title": f"编辑 {member.name}",
    })


@login_required
@require_POST
def member_transfer(request, pk):
    member = _visible_member(request, pk)
    require(request.user, CHANGE, member.organization.path)
    form = TransferForm(request.POST)
    if form.is_valid():
        try:
            services.transfer_member(
                member, request.user, form.cleaned_data["on"], form.cleaned_data["reason"],
                to_organization=form.cleaned_data["to_code"],
                external_organization=form.cleaned_data["external_organization"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "组织关系转接已登记。")
            if not Member.objects.restrict(request.user, VIEW).filter(pk=member.pk).exists():
                return redirect(f"{reverse('members:list')}?organization={member.organization_id}")
    else:
        messages.error(request, "转接信息有误：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect(member)


@login_required
@require_POST
def member_archive(request, pk):
    member = _visible_member(request, pk)
    require(request.user, CHANGE, member.organization.path)
    form = ArchiveForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        if form.cleaned_data["detail"]:
            reason += f"（{form.cleaned_data['detail']}）"
        try:
            services.archive_member(member, request.user, form.cleaned_data["on"], reason)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"{member.name} 已移出名册（档案保留）。")
    else:
        messages.error(request, "请填写移出原因和日期。")
    return redirect(member)
