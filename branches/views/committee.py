"""POSTs from an organization's page: committee seats added and ended, party groups added. Each
redirects back to the page with a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from accounts.scope import CHANGE, require
from branches import services
from branches.forms import CommitteeMemberForm, PartyGroupForm
from branches.views.organizations import visible_organization
from core.web import errors_to_messages, valid_data


def _changeable_organization(request, pk):
    org = visible_organization(request, pk)
    require(request.user, CHANGE, org.path)
    return org


@login_required
@require_POST
def committee_add(request, pk):
    org = _changeable_organization(request, pk)
    form = CommitteeMemberForm(request.POST, organization=org)
    with errors_to_messages(request):
        valid_data(form)
        seat = services.add_committee_member(seat=form.instance, user=request.user)
        messages.success(request, f"已添加{seat.get_role_display()}{seat.name}。")
    return redirect(org)


@login_required
@require_POST
def committee_end(request, pk, member_pk):
    org = _changeable_organization(request, pk)
    seat = get_object_or_404(org.committee_members, pk=member_pk, ended_on__isnull=True)
    with errors_to_messages(request):
        services.end_committee_term(seat=seat, user=request.user)
        messages.success(request, f"{seat.name} 已离任。")
    return redirect(org)


@login_required
@require_POST
def party_group_add(request, pk):
    org = _changeable_organization(request, pk)
    with errors_to_messages(request):
        group = services.add_party_group(branch=org, user=request.user, **valid_data(PartyGroupForm(request.POST)))
        messages.success(request, f"已添加党小组“{group.name}”。")
    return redirect(org)
