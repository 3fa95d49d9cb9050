"""Per organization: the assessments of its subtree, and the 九有 venue record of a branch."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.scope import CHANGE, VIEW, can, require
from assessments import venues
from assessments.choices import ASSESSED_KINDS, VenueItem
from assessments.forms import VenueForm
from assessments.models import Campaign, Participation, Venue
from assessments.views.scoped import organization_or_404
from core.web import errors_to_form


@login_required
def org_assessments(request, pk):
    org = organization_or_404(request.user, pk)
    participations = (Participation.objects.restrict(request.user, VIEW).filter(branch__path__startswith=org.path)
                      .select_related("campaign", "branch").order_by("-campaign__year", "branch__path"))
    organized = Campaign.objects.restrict(request.user, VIEW).filter(organizer=org)
    return render(request, "assessments/org.html", {
        "org": org, "participations": participations, "campaigns": organized,
        "venue": Venue.objects.filter(organization=org).first(), "has_venue": org.kind in ASSESSED_KINDS,
        "venue_items": VenueItem.choices,
    })


@login_required
def venue(request, pk):
    org = organization_or_404(request.user, pk)
    if org.kind not in ASSESSED_KINDS:
        raise Http404
    record = Venue.objects.filter(organization=org).first()
    can_change = can(request.user, CHANGE, org.path)
    initial = {"items": record.items, "address": record.address, "note": record.note} if record else {}
    form = VenueForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(request.user, CHANGE, org.path)
        if form.is_valid():
            data = form.cleaned_data
            try:
                venues.save_venue(organization=org, user=request.user, items=data["items"], address=data["address"],
                                  note=data["note"])
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, "活动阵地情况已保存。")
                return redirect("assessments:venue", org.pk)
    history = record.history.select_related("history_user")[:20] if record else []
    return render(request, "assessments/venue.html", {
        "org": org, "venue": record, "form": form, "can_change": can_change, "history": history,
        "items": [(value, label, bool(record and value in record.items)) for value, label in VenueItem.choices],
    })
