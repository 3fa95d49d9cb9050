"""The workbench: the organizations the user holds a role in, with what needs attention."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts.scope import VIEW, reaches
from activities.compliance import due_items
from branches import selectors
from branches.models import Organization, RuleSet
from members.models import Member
from members.pipeline.due import due_items as pipeline_due
from members.transfers.selectors import awaiting_acceptance, sent_and_open

WORKBENCH_TRANSFERS = 10  # the rest are on the organization's transfer list


@login_required
def home(request):
    """Workbench: the organizations the user holds a role in, with what needs attention."""
    rules = RuleSet.current()
    today = timezone.localdate()
    found = reaches(request.user, VIEW)
    if found is None:
        orgs = list(Organization.get_root_nodes())
    else:
        orgs = list(Organization.objects.filter(path__in={r.path for r in found}).order_by("path"))
    cards = []
    for org in orgs:
        member_count = Member.objects.current().filter(organization=org).count()
        subtree = Organization.objects.subtree_of(org).active()
        cards.append({
            "org": org,
            "member_count": member_count,
            "subtree_member_count": Member.objects.current().filter(organization__path__startswith=org.path).count(),
            "subtree_org_count": subtree.count() - 1,
            "warnings": selectors.organization_warnings(org, member_count, rules),
            "due": due_items(org, today) if org.is_branch and org.is_active else [],
            "pipeline": pipeline_due(org, today)[:5] if org.is_branch and org.is_active else [],
            "roles": [ra.get_role_display() for ra in request.user.roles.all() if ra.organization_id == org.pk],
        })
    return render(request, "workbench/home.html", {
        "cards": cards,
        "incoming": list(awaiting_acceptance(request.user)[:WORKBENCH_TRANSFERS + 1]),
        "outgoing": list(sent_and_open(request.user)[:WORKBENCH_TRANSFERS + 1]),
        "transfer_limit": WORKBENCH_TRANSFERS,
    })
