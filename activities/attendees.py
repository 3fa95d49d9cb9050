"""Who is expected at a meeting: the one definition.

Each kind of meeting names its audience in a `MeetingAudience` row (defaults shipped by a data
migration, editable in the admin): every member of the branch (预备党员 included), the committee, the
party group, or the two people of a 谈心谈话. Pairs are not modelled yet, so a talk expects nobody by
itself: the secretary picks its participants. A combined sitting expects the union of its kinds.

Everyone else who comes sits in (列席): recorded present with `expected=False`, never absent and never
counted. Planning and the quick log write attendance from `expected_attendees`; the meeting page, the
台账 and the assessment indicator count only the rows `counted` selects.
"""

from dataclasses import dataclass

from django.db.models import Q

from activities.choices import Audience
from activities.models import Meeting, MeetingAudience
from activities.periods import local_date
from branches.models import CommitteeMember
from members.models import Member


def counted(prefix: str = "") -> Q:
    """Attendance rows that count as 应到 (present, on leave or absent); `prefix` for related lookups."""
    return Q(**{f"{prefix}expected": True})


def sitting_in(prefix: str = "") -> Q:
    """Attendance rows of people who sat in (列席): always present, never counted."""
    return Q(**{f"{prefix}expected": False})


@dataclass(frozen=True)
class Attendee:
    """An expected person: a roster member, or a committee member not linked to the roster (by name)."""

    member: Member | None = None
    seat: CommitteeMember | None = None

    @property
    def name(self) -> str:
        return self.member.name if self.member else self.seat.name


def audiences(kinds) -> set[str]:
    """The audiences of a sitting's kinds; a kind without a row expects the whole branch."""
    rows = dict(MeetingAudience.objects.filter(kind__in=kinds).values_list("kind", "audience"))
    return {rows.get(kind, Audience.BRANCH) for kind in kinds}


def expected_attendees(meeting: Meeting, picked=()) -> list[Attendee]:
    """Who `meeting` expects, by name. `picked`: the members the secretary chose as a talk's
    participants (they count only where a kind's audience is the pair)."""
    found = audiences(meeting.kinds)
    roster = Member.objects.current().filter(organization=meeting.organization_id)
    members: dict[int, Member] = {}
    seats: list[CommitteeMember] = []
    if Audience.BRANCH in found:
        members.update((m.pk, m) for m in roster)
    if Audience.GROUP in found and meeting.party_group_id:
        members.update((m.pk, m) for m in roster.filter(party_group=meeting.party_group_id))
    if Audience.COMMITTEE in found:
        linked, seats = committee_on(meeting, roster)
        members.update(linked)
    if Audience.PAIR in found and picked:
        members.update((m.pk, m) for m in roster.filter(pk__in=picked))
    people = [Attendee(member=m) for m in members.values()] + [Attendee(seat=s) for s in seats]
    return sorted(people, key=lambda a: a.name)


def committee_on(meeting: Meeting, roster) -> tuple[dict[int, Member], list[CommitteeMember]]:
    """The committee on the meeting's day: seats not ended before it. `started_on` is usually when the
    current term began (often a re-election), so it excludes nobody. A seat linked to a roster member
    is that member; an unlinked seat whose name is exactly one member of the branch is that member;
    any other unlinked seat is expected by name."""
    day = local_date(meeting.held_at or meeting.planned_at)
    seats = list(
        CommitteeMember.objects.filter(organization=meeting.organization_id)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .order_by("pk")
    )
    linked = {m.pk: m for m in Member.objects.current().filter(pk__in=[s.member_id for s in seats if s.member_id])}
    unlinked = [s for s in seats if not s.member_id]
    namesakes: dict[str, list[Member]] = {}
    for member in roster.filter(name__in=[s.name for s in unlinked]):
        namesakes.setdefault(member.name, []).append(member)
    by_name = []
    for seat in unlinked:
        matches = namesakes.get(seat.name, [])
        if len(matches) == 1:
            linked[matches[0].pk] = matches[0]
        else:
            by_name.append(seat)
    return linked, by_name
