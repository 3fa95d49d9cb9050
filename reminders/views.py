from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from reminders.models import Channel, Reminder


def inbox_of(user):
    return Reminder.objects.filter(recipient=user, channel=Channel.INBOX)


@login_required
def inbox(request):
    page = Paginator(inbox_of(request.user).order_by("read_at", "-created_at"), 30).get_page(request.GET.get("page"))
    return render(request, "reminders/inbox.html", {"page": page})


@login_required
@require_POST
def open_reminder(request, pk):
    reminder = get_object_or_404(inbox_of(request.user), pk=pk)
    if reminder.read_at is None:
        reminder.read_at = timezone.now()
        reminder.save(update_fields=["read_at"])
    safe = url_has_allowed_host_and_scheme(reminder.url, allowed_hosts={request.get_host()})
    return redirect(reminder.url if reminder.url and safe else "reminders:inbox")


@login_required
@require_POST
def mark_all_read(request):
    inbox_of(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("reminders:inbox")
