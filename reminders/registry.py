"""Who finds what is due: each app registers its collectors here in its AppConfig.ready(), so the
sweep (reminders.sweep) runs them without knowing the apps above it (docs/architecture.md, rule 1).

A collector is `collector(today, settings, directory, prefix) -> list[Candidate]`: `settings` is the
ReminderSettings row, `directory` (reminders.recipients.Directory) says who holds which role where,
`prefix` narrows to a subtree (organization path prefix; "" for all)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

_collectors: dict[str, Callable] = {}


@dataclass
class Candidate:
    kind: str
    subject: str
    due_date: date
    title: str
    url: str
    recipients: set[int] = field(default_factory=set)
    body: str = ""


def register_collector(collector: Callable) -> None:
    _collectors[f"{collector.__module__}.{collector.__qualname__}"] = collector  # idempotent


def collectors() -> list[Callable]:
    return list(_collectors.values())
