from reminders.models import Channel, Reminder


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_count": Reminder.objects.filter(recipient=user, channel=Channel.INBOX, read_at__isnull=True).count()}
