from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from accounts.scope import VIEW
from members.models import Member


@login_required
def member_list(request):
    members = Member.objects.restrict(request.user, VIEW).current().select_related("organization", "party_group")
    org_id = request.GET.get("organization", "")
    if org_id.isdigit():
        members = members.filter(organization_id=org_id)
    page = Paginator(members.order_by("organization__path", "name"), 50).get_page(request.GET.get("page"))
    return render(request, "members/member_list.html", {"page": page, "organization": org_id})


@login_required
def member_detail(request, pk):
    member = get_object_or_404(Member.objects.restrict(request.user, VIEW).select_related("organization"), pk=pk)
    return render(request, "members/member_detail.html", {"member": member})
