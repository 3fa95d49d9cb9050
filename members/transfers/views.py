"""Pages of 组织关系转接: propose (sending side), decide (receiving side), withdraw, 回执, the
printable 介绍信, and an organization's list. Rules and permissions are in members.transfers.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.scope import CHANGE, VIEW, can, can_accept, require
from branches.models import Organization
from core.client_address import client_address
from core.web import errors_to_form, flash_errors
from members.dues.selectors import dues_paid_to
from members.roster.models import Member, PersonalDataLog
from members.roster.selectors import visible_member
from members.roster.services import log_personal_data
from members.transfers import services
from members.transfers.forms import TransferDecisionForm, TransferForm
from members.transfers.models import MemberTransfer, TransferDirection
from members.transfers.selectors import LISTS, member_transfers, organization_transfers


def _visible_transfer(request, pk) -> MemberTransfer:
    queryset = MemberTransfer.objects.restrict(request.user, VIEW).select_related(
        "member", "from_organization", "to_organization", "created_by", "decided_by")
    return get_object_or_404(queryset, pk=pk)


@login_required
def transfer_propose(request, pk):
    member = visible_member(request.user, pk)
    require(request.user, CHANGE, member.organization.path)
    form = TransferForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transfer = services.propose_transfer(
                member=member, user=request.user, on=data["on"], to_organization=data["to_organization"],
                external_name=data["external_name"], reason=data["reason"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if transfer.direction == TransferDirection.OUT:
                messages.success(request, f"已开具组织关系介绍信 {transfer.letter_number}，请打印；收到回执后登记。")
            else:
                messages.success(request, f"已提交，待 {transfer.to_organization.name} 接收。接收前该党员仍在本组织。")
            return redirect(transfer)
    return render(request, "members/transfer_form.html", {
        "member": member, "form": form, "pending": member_transfers(member).pending,
    })


@login_required
def transfer_list(request, org_pk):
    org = get_object_or_404(Organization.objects.restrict(request.user, VIEW), pk=org_pk)
    show = request.GET.get("show") if request.GET.get("show") in LISTS else "pending"
    rows = organization_transfers(request.user, org, show).order_by("-created_at", "-pk")
    return render(request, "members/transfer_list.html", {
        "org": org, "show": show, "show_label": LISTS[show], "lists": LISTS,
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
    })


@login_required
def transfer_detail(request, pk):
    transfer = _visible_transfer(request, pk)
    sender_side = transfer.from_organization is not None and can(request.user, CHANGE, transfer.from_organization.path)
    receiver_side = (transfer.direction == TransferDirection.INTERNAL and can_accept(
        request.user, sender_path=transfer.from_organization.path, receiver_path=transfer.to_organization.path))
    sides = [org for org in (transfer.from_organization, transfer.to_organization) if org]
    return render(request, "members/transfer_detail.html", {
        "transfer": transfer,
        "list_org": next((org for org in sides if can(request.user, VIEW, org.path)), sides[0]),
        "member_visible": Member.objects.restrict(request.user, VIEW).filter(pk=transfer.member_id).exists(),
        "sender_side": sender_side,
        "receiver_side": receiver_side,
    })


def _act(request, pk, act, done: str) -> MemberTransfer | None:
    """Run one decision on a visible transfer (the service checks who may). The transfer when it
    went through, None when it was refused (the reason is shown)."""
    transfer = _visible_transfer(request, pk)
    form = TransferDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "日期格式不正确，请重新填写。")
        return None
    try:
        transfer = act(transfer, request.user, form.cleaned_data)
    except ValidationError as exc:
        flash_errors(request, exc)
        return None
    messages.success(request, done.format(member=transfer.member.name, to=transfer.destination))
    return transfer


def _decision_view(act, done: str, *, then_member: bool = False):
    """A POST view for one decision; back to the transfer, or to the member who just moved."""
    @login_required
    @require_POST
    def view(request, pk):
        transfer = _act(request, pk, act, done)
        return redirect(transfer.member) if transfer and then_member else redirect("members:transfer_detail", pk=pk)
    return view


transfer_accept = _decision_view(
    lambda t, user, data: services.accept_transfer(transfer=t, user=user, on=data["on"]),
    "已接收，{member} 已转入{to}。", then_member=True)
transfer_return = _decision_view(
    lambda t, user, data: services.return_transfer(transfer=t, user=user, reason=data["reason"]),
    "已退回，转出方可看到退回原因；{member} 仍在原组织。")
transfer_withdraw = _decision_view(
    lambda t, user, data: services.withdraw_transfer(transfer=t, user=user),
    "已撤回该转接，{member} 仍在本组织。")
transfer_receipt = _decision_view(
    lambda t, user, data: services.record_receipt(transfer=t, user=user, on=data["on"]),
    "已登记回执，{member} 已转往{to}，移出名册（档案保留）。")


@login_required
def transfer_letter(request, pk):
    """The printable 介绍信 with its 回执, for the sending side only (it shows the full ID number)."""
    transfer = _visible_transfer(request, pk)
    if not transfer.letter_number:
        raise Http404("该转接没有介绍信。")
    require(request.user, CHANGE, transfer.from_organization.path)
    member = transfer.member
    log_personal_data(user=request.user, action=PersonalDataLog.Action.VIEW, member=member,
                      organization=transfer.from_organization, detail=f"打印组织关系介绍信 {transfer.letter_number}",
                      ip_address=client_address(request))
    return render(request, "members/transfer_letter.html", {
        "transfer": transfer, "member": member, "dues_paid_to": dues_paid_to(member),
        "age": _age(member.birth_date, transfer.transferred_on),
    })


def _age(born, on) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
