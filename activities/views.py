import calendar
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.scope import CHANGE, VIEW, can, require
from activities import compliance, ical, ledger, selectors, services, sheets
from activities.choices import Presence
from activities.forms import (
    AttachmentForm, CancelForm, EditMeetingForm, GuestForm, HeldForm, MeetingForm, QuickLogForm,
)
from activities.models import Attachment, CalendarFeed, Meeting, new_token

from activities.periods import window
from branches.models import Organization
from core.submission import once_per_submission
from core.web import errors_to_form, errors_to_messages, parse_pk, parse_year, valid_data, xlsx_response


def _org(request, pk) -> Organization:
    return get_object_or_404(Organization.objects.restrict(request.user, VIEW), pk=pk)


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.restrict(request.user, VIEW).select_related("organization"), pk=pk)


def _changeable_meeting(request, pk) -> Meeting:
    meeting = _meeting(request, pk)
    require(request.user, CHANGE, meeting.organization.path)
    return meeting


@login_required
def meeting_list(request, org_pk):
    org = _org(request, org_pk)
    today = timezone.localdate()
    month = _month_param(request.GET.get("month"), today)
    win = window("month", month)
    start, end = win.aware_bounds()
    in_month = list(org.meetings.filter(planned_at__gte=start, planned_at__lt=end).order_by("planned_at"))
    by_day: dict[int, list[Meeting]] = {}
    for m in in_month:
        by_day.setdefault(timezone.localtime(m.when).day, []).append(m)
    weeks = [[(d, by_day.get(d, [])) if d else (None, []) for d in week]
             for week in calendar.Calendar(firstweekday=0).monthdayscalendar(month.year, month.month)]
    previous_month = (win.start.replace(day=1) - date.resolution).replace(day=1)
    next_month = (win.end + date.resolution)
    return render(request, "activities/meeting_list.html", {
        "org": org,
        "due": compliance.due_items(org, today),
        "statuses": compliance.compliance(org, today),
        "month": month, "weeks": weeks, "in_month": in_month,
        "previous_month": previous_month, "next_month": next_month,
        "can_change": can(request.user, CHANGE, org.path),
        "feed": CalendarFeed.objects.get_or_create(organization=org)[0],
        "year": today.year,
    })


def _month_param(value, today) -> date:
    try:
        year, month = (int(p) for p in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


@login_required
@once_per_submission
def meeting_plan(request, org_pk):
    org = _org(request, org_pk)
    require(request.user, CHANGE, org.path)
    form = MeetingForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.plan_meeting(meeting=form.instance, user=request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "会议已计划，应到人员已按会议类型生成。")
            return redirect(meeting)
    return render(request, "activities/meeting_form.html", {"form": form, "org": org, "title": "计划会议"})


@login_required
@once_per_submission
def meeting_quick_log(request, org_pk):
    """GET with kinds (htmx, when the secretary picks a kind) re-draws the offer and the sheet."""
    org = _org(request, org_pk)
    require(request.user, CHANGE, org.path)
    form = QuickLogForm(request.POST or None, organization=org)
    data = request.POST if request.method == "POST" else request.GET
    marks, seat_marks = sheets.marks_from(data), sheets.marks_from(data, "seatstate_", "seatreason_")
    if request.method == "POST" and form.is_valid():
        planned = form.cleaned_data["planned"]
        try:
            meeting = services.log_held_meeting(meeting=form.instance, user=request.user, attendance=marks,
                                                seats=seat_marks, planned=planned)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "计划的会议已标记为已召开。" if planned else "会议已登记。")
            return redirect(meeting)
    kinds = sheets.chosen_kinds(data) if "kinds" in data or request.method == "POST" else form.fields["kinds"].initial
    return render(request, "activities/meeting_quick.html", {
        "form": form, "org": org,
        "sheet": sheets.quick_log_sheet(org, kinds, parse_pk(data.get("party_group")), marks, seat_marks),
        "offers": selectors.planned_this_period(org, kinds), "chosen_offer": data.get("planned", ""),
    })


@login_required
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    rows = list(meeting.attendances.select_related("member").order_by("-expected", "member__name", "guest_name"))
    expected = [a for a in rows if a.expected]
    counts = {p: sum(1 for a in expected if a.presence == p) for p in Presence.values}
    return render(request, "activities/meeting_detail.html", {
        "meeting": meeting,
        "attendances": rows,
        "expected_count": len(expected),
        "sitting_in_count": len(rows) - len(expected),
        "counts": counts,
        "rate": round(100 * counts[Presence.PRESENT] / len(expected)) if expected else None,
        "locked": services.is_locked(meeting),
        "can_change": can(request.user, CHANGE, meeting.organization.path),
        "held_form": HeldForm(initial={"held_at": timezone.localtime(meeting.planned_at)}),
        "cancel_form": CancelForm(), "attachment_form": AttachmentForm(), "guest_form": GuestForm(),
        "history": meeting.history.select_related("history_user")[:20],
    })


@login_required
def meeting_edit(request, pk):
    meeting = _changeable_meeting(request, pk)
    form = EditMeetingForm(request.POST or None, instance=meeting, organization=meeting.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(form.instance, request.user, form.cleaned_data.get("reason", ""))
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "会议记录已保存。")
            return redirect(meeting)
    return render(request, "activities/meeting_form.html", {
        "form": form, "org": meeting.organization, "title": "修改会议记录", "locked": services.is_locked(meeting),
    })


@login_required
@require_POST
def meeting_held(request, pk):
    meeting = _changeable_meeting(request, pk)
    with errors_to_messages(request):
        services.mark_held(meeting, request.user, valid_data(HeldForm(request.POST), "请填写召开时间。")["held_at"])
        messages.success(request, "已标记为已召开。")
    return redirect(meeting)


@login_required
@require_POST
def meeting_cancel(request, pk):
    meeting = _changeable_meeting(request, pk)
    with errors_to_messages(request):
        services.cancel_meeting(meeting, request.user, valid_data(CancelForm(request.POST), "取消会议须填写原因。")["reason"])
        messages.success(request, "会议已取消。")
    return redirect(meeting)


@login_required
@require_POST
def meeting_attendance(request, pk):
    meeting = _changeable_meeting(request, pk)
    with errors_to_messages(request):
        services.set_attendance(meeting=meeting, user=request.user, marks=sheets.marks_from(request.POST),
                                reason=request.POST.get("change_reason", ""))
        messages.success(request, "出席情况已保存。")
    return redirect(meeting)


@login_required
@require_POST
def meeting_guest(request, pk):
    meeting = _changeable_meeting(request, pk)
    with errors_to_messages(request):
        services.add_guest(meeting=meeting, user=request.user, name=request.POST.get("name", ""))
    return redirect(meeting)


@login_required
@require_POST
def meeting_attachment(request, pk):
    meeting = _changeable_meeting(request, pk)
    with errors_to_messages(request):
        data = valid_data(AttachmentForm(request.POST, request.FILES), "请选择要上传的文件和类别。")
        services.add_attachment(meeting, request.user, data["file"], data["kind"])
        messages.success(request, "附件已上传。")
    return redirect(meeting)


@login_required
def ledger_xlsx(request, org_pk):
    org = _org(request, org_pk)
    year = parse_year(request.GET.get("year"), timezone.localdate().year)
    if year is None:
        raise Http404("年份应为 2000 至 2100 之间的数字。")
    return xlsx_response(ledger.yearly_ledger(org, year), f"{org.name}{year}年组织生活台账.xlsx")



def calendar_feed(request, token):
    """No login: phone calendars cannot log in; the unguessable token is the credential."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("organization"), token=token)
    body = ical.organization_calendar(feed.organization, request.build_absolute_uri("/").rstrip("/"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def calendar_reset(request, org_pk):
    org = _org(request, org_pk)
    require(request.user, CHANGE, org.path)
    CalendarFeed.objects.update_or_create(organization=org, defaults={"token": new_token()})
    messages.success(request, "已生成新的订阅地址，旧地址立即失效。")
    return redirect("activities:list", org.pk)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.filter(meeting__in=Meeting.objects.restrict(request.user, VIEW)), pk=pk
    )
    return FileResponse(attachment.file.open("rb"), content_type=attachment.content_type,
                        filename=attachment.original_name)
