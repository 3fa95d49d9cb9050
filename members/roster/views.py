"""Roster pages: the list (filtered, paginated), a member, add, edit and archive. Writes go through
members.roster.services; personal data is shown unmasked only on request, to a role entitled to it, and logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.scope import CHANGE, VIEW, can, require
from branches.models import Organization
from core import panels
from core.client_address import client_address
from core.submission import once_per_submission
from core.web import errors_to_form, flash_errors
from members.roster import services
from members.roster.forms import ArchiveForm, MemberForm, NewMemberForm
from members.roster.models import PersonalDataLog
from members.roster.selectors import may_see_personal_data, roster, visible_member
from members.transfers.selectors import member_transfers


def _reveal_personal_data(request, member, detail: str) -> bool:
    """`?reveal=1` shows the full ID number and phone to a role entitled to them, and logs that it did.
    A POST only carries back what the form already showed, so it is not logged again."""
    reveal = request.GET.get("reveal") == "1" and may_see_personal_data(request.user, member)
    if reveal and request.method == "GET":
        services.log_personal_data(user=request.user, action=PersonalDataLog.Action.VIEW, member=member,
                                   organization=member.organization, detail=detail,
                                   ip_address=client_address(request))
    return reveal


@login_required
def member_list(request):
    selection = roster(request.user, request.GET)
    org, member_filter = selection.organization, selection.filter
    page = Paginator(selection.members, 50).get_page(request.GET.get("page"))
    flags = panels.flags("member", page.object_list)
    for member in page.object_list:
        member.flags = flags.get(member.pk, [])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "members/member_list.html", {
        "page": page, "filter": member_filter, "org": org, "query": query.urlencode(),
        "can_add": org is not None and can(request.user, CHANGE, org.path),
        "can_import": Organization.objects.restrict(request.user, CHANGE).exists(),
    })


@login_required
def member_detail(request, pk):
    member = visible_member(request.user, pk)
    reveal = _reveal_personal_data(request, member, "查看完整身份证号和电话")
    return render(request, "members/member_detail.html", {
        "member": member,
        "reveal": reveal,
        "may_reveal": may_see_personal_data(request.user, member),
        "can_change": can(request.user, CHANGE, member.organization.path) and not member.archived_on,
        "transfers": member_transfers(member),
        "history": member.history.select_related("history_user")[:20],
        "sections": panels.sections("member", request, member),
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
            member = services.add_member(member=form.instance, user=request.user, ip_address=client_address(request),
                                         transferred_from=form.cleaned_data["transferred_from"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已添加党员 {member.name}。")
            return redirect(member)
    return render(request, "members/member_form.html", {"form": form, "org": org, "title": "添加党员"})


@login_required
def member_edit(request, pk):
    member = visible_member(request.user, pk)
    require(request.user, CHANGE, member.organization.path)
    reveal = _reveal_personal_data(request, member, "编辑时查看完整身份证号和电话")
    form = MemberForm(request.POST or None, instance=member, organization=member.organization, reveal=reveal)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_member(member=form.instance, user=request.user, ip_address=client_address(request))
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "党员信息已保存。")
            return redirect(member)
    return render(request, "members/member_form.html", {
        "form": form, "org": member.organization, "member": member, "title": f"编辑 {member.name}",
        "may_reveal": bool(form.masked) and may_see_personal_data(request.user, member),
    })


@login_required
@require_POST
def member_archive(request, pk):
    member = visible_member(request.user, pk)
    require(request.user, CHANGE, member.organization.path)
    form = ArchiveForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        if form.cleaned_data["detail"]:
            reason += f"（{form.cleaned_data['detail']}）"
        try:
            services.archive_member(member=member, user=request.user, on=form.cleaned_data["on"], reason=reason)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"{member.name} 已移出名册（档案保留）。")
    else:
        messages.error(request, "请填写移出原因和日期。")
    return redirect(member)
