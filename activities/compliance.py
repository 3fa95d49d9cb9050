"""Required vs held vs planned organizational life, per kind, for an organization and period."""

from dataclasses import dataclass

from django.db.models import Q

from activities.choices import MeetingKind, MeetingStatus
from activities.models import ActivityRules, Meeting, Requirement
from activities.periods import Window, local_date, window
from branches.models import Organization, RuleSet


@dataclass
class KindStatus:
    kind: str
    window: Window
    required: int
    held: int
    planned: int
    group: object = None  # a PartyGroup for per-group requirements
    by_secretary: bool = False  # the yearly 党课 the secretary gives in person

    @property
    def label(self) -> str:
        if self.by_secretary:
            return "书记讲党课"
        name = MeetingKind(self.kind).label
        return f"{name}（{self.group.name}）" if self.group else name

    @property
    def missing(self) -> int:
        return max(0, self.required - self.held - self.planned)

    @property
    def met(self) -> bool:
        return self.held >= self.required


def requirements_for(org: Organization) -> list[Requirement]:
    """The most specific active requirement per kind: organization, then its kind, then default."""
    rows = Requirement.objects.filter(
        Q(organization=org) | Q(organization__isnull=True, org_kind__in=["", org.kind])
    )
    return resolve_requirements(org, rows)


def resolve_requirements(org: Organization, rows) -> list[Requirement]:
    """Pick the most specific row per kind among `rows` (which may hold other organizations' too)."""
    best: dict[str, Requirement] = {}
    for row in rows:
        if row.organization_id not in (None, org.pk) or row.org_kind not in ("", org.kind):
            continue
        current = best.get(row.kind)
        if current is None or _rank(row) > _rank(current):
            best[row.kind] = row
    return [r for r in best.values() if r.active]


def _rank(row: Requirement) -> int:
    return 2 if row.organization_id else (1 if row.org_kind else 0)


def applicable(org: Organization, requirement: Requirement, groups, rules: RuleSet) -> bool:
    if requirement.kind == MeetingKind.COMMITTEE_MEETING:
        return org.current_committee().count() >= rules.committee_min_size
    if requirement.per_group:
        return bool(groups)
    return True


@dataclass
class Applicable:
    """What applies to an organization, looked up once and reused for several periods."""

    requirements: list[Requirement]
    groups: list


def applicable_to(org: Organization) -> Applicable:
    rules = RuleSet.current()
    groups = list(org.party_groups.all()) if org.is_branch else []
    return Applicable([r for r in requirements_for(org) if applicable(org, r, groups, rules)], groups)


def compliance(org: Organization, day, meetings=None, applies: Applicable | None = None) -> list[KindStatus]:
    """Status of every applicable requirement in the period containing `day`."""
    applies = applies or applicable_to(org)
    requirements, groups = applies.requirements, applies.groups
    if not requirements:
        return []
    windows = {r.kind: window(r.period, day) for r in requirements}
    if meetings is None:
        meetings = meetings_between(org, min(w.start for w in windows.values()), max(w.end for w in windows.values()))
    result = []
    order = list(MeetingKind.values)
    for requirement in sorted(requirements, key=lambda r: order.index(r.kind)):
        win = windows[requirement.kind]
        for group in (groups if requirement.per_group else [None]):
            held = planned = 0
            for m in meetings:
                if requirement.kind not in m.kinds or (group and m.party_group_id != group.pk):
                    continue
                if m.status == MeetingStatus.HELD and win.contains(local_date(m.held_at)):
                    held += 1
                elif m.status == MeetingStatus.PLANNED and win.contains(local_date(m.planned_at)):
                    planned += 1
            result.append(KindStatus(requirement.kind, win, requirement.times, held, planned, group))
        if requirement.kind == MeetingKind.LECTURE:
            result.append(secretary_lecture(meetings, day))
    return result


def secretary_lecture(meetings, day) -> KindStatus:
    """DOMAIN.md §3: the secretary lectures at least once a year (a 党课 marked 书记讲党课)."""
    year = window("year", day)
    held = planned = 0
    for m in meetings:
        if MeetingKind.LECTURE not in m.kinds or not m.lecturer_is_secretary:
            continue
        if m.status == MeetingStatus.HELD and year.contains(local_date(m.held_at)):
            held += 1
        elif m.status == MeetingStatus.PLANNED and year.contains(local_date(m.planned_at)):
            planned += 1
    return KindStatus(MeetingKind.LECTURE, year, 1, held, planned, by_secretary=True)


def meetings_between(org: Organization, first, last) -> list[Meeting]:
    """The organization's meetings planned or held between two local dates (cancelled left out)."""
    start, _ = Window("year", first, first).aware_bounds()
    _, end = Window("year", last, last).aware_bounds()
    return list(
        Meeting.objects.filter(organization=org)
        .filter(Q(held_at__gte=start, held_at__lt=end) | Q(planned_at__gte=start, planned_at__lt=end))
        .exclude(status=MeetingStatus.CANCELLED)
        .only("kinds", "status", "planned_at", "held_at", "party_group_id", "lecturer_is_secretary")
    )


@dataclass
class DueItem:
    level: str  # danger / notice / info
    text: str


def due_items(org: Organization, today) -> list[DueItem]:
    """What the branch should see now: this period's gaps, what is planned, last period's misses."""
    rules = ActivityRules.current()
    meetings = meetings_between(org, window("year", today).start.replace(year=today.year - 1), window("year", today).end)
    applies = applicable_to(org)
    current = compliance(org, today, meetings, applies)
    items: list[DueItem] = []
    for status in current:
        win = status.window
        if status.met:
            continue
        if status.planned:
            items.append(DueItem("info", f"{win.relative_label}{status.label}已计划，尚未召开"))
        else:
            days_left = (win.end - today).days
            level = "danger" if days_left <= rules.due_soon_days else "notice"
            items.append(DueItem(level, f"{win.relative_label}{status.label}未召开（{win.label}，还剩 {days_left} 天）"))
    for status in previous_misses(org, current, meetings, applies):
        items.append(DueItem("danger", f"{status.window.label}{status.label}未召开，已逾期"))
    return items


def previous_misses(org: Organization, current: list[KindStatus], meetings, applies=None) -> list[KindStatus]:
    """Requirements of the period just before the current one that were not met."""
    misses = []
    for period in {s.window.period for s in current}:
        previous_day = next(s.window for s in current if s.window.period == period).previous().end
        keys = {(s.kind, s.by_secretary) for s in current if s.window.period == period}
        misses += [s for s in compliance(org, previous_day, meetings, applies)
                   if s.window.period == period and (s.kind, s.by_secretary) in keys and not s.met]
    return misses
