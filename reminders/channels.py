"""Delivery channels behind one small interface, so SMS or WeCom can be added later.

The in-app inbox needs no delivery: its row is the message, written by the sweep itself."""

from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail

from reminders.models import Channel as ChannelName


class Channel(Protocol):
    name: str

    def send(self, reminder) -> None:
        """Deliver or raise."""


class EmailChannel:
    name = ChannelName.EMAIL

    def send(self, reminder) -> None:
        base = getattr(settings, "SITE_URL", "").rstrip("/")
        body = f"{reminder.title}\n\n{reminder.body}\n\n{base}{reminder.url}\n\n— 支部（如不需要邮件提醒，可在个人设置中关闭）"
        send_mail(f"【支部提醒】{reminder.title}", body, None, [reminder.recipient.email], fail_silently=False)


CHANNELS: dict[str, Channel] = {EmailChannel.name: EmailChannel()}
