"""What a higher app shows on a lower app's page, without the lower app importing it.

A page owns a *slot* ("organization", "member"); an app above registers contributors for it in its
AppConfig.ready() (docs/architecture.md, rule 1). Two kinds:

- sections: `register_section(slot, contributor, order)`; a contributor is called with
  (request, obj) and returns HTML (render_to_string of its own template) or "" to show nothing.
  The page renders `sections(slot, request, obj)` in order.
- flags: `register_flag(slot, contributor)`; a contributor is called with a list of objects and
  returns {pk: label} for the ones it flags (one query for a whole page of rows). The page shows
  `flags(slot, objects)` beside each row.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class _Section:
    order: int
    name: str
    contributor: Callable


_sections: dict[str, list[_Section]] = defaultdict(list)
_flags: dict[str, dict[str, Callable]] = defaultdict(dict)


def register_section(slot: str, contributor: Callable, order: int = 100) -> None:
    name = f"{contributor.__module__}.{contributor.__qualname__}"
    if any(s.name == name for s in _sections[slot]):
        return  # ready() may run twice (tests, autoreload)
    _sections[slot].append(_Section(order, name, contributor))
    _sections[slot].sort(key=lambda s: (s.order, s.name))


def sections(slot: str, request, obj) -> list[SafeString]:
    found = []
    for section in _sections.get(slot, ()):
        html = section.contributor(request, obj)
        if html:
            found.append(mark_safe(html))
    return found


def register_flag(slot: str, contributor: Callable) -> None:
    _flags[slot][f"{contributor.__module__}.{contributor.__qualname__}"] = contributor


def flags(slot: str, objects) -> dict[int, list[str]]:
    objects = list(objects)
    found: dict[int, list[str]] = defaultdict(list)
    for contributor in _flags.get(slot, {}).values():
        for pk, label in contributor(objects).items():
            found[pk].append(label)
    return dict(found)
