"""Attendance as a form: the indexed `state_<pk>` / `reason_<pk>` fields both attendance forms post,
and the sheet the quick log shows — whom the chosen kinds expect (`activities.attendees`), and the
rest of the roster, who may sit in (列席) or, at a talk, take part — with what was ticked so far."""

from dataclasses import dataclass, field

from django.utils import timezone

from activities import attendees
from activities.choices import Audience, MeetingKind, Presence
from activities.models import Meeting
from core.web import indexed_fields

NOT_THERE = ""  # the value of 未参加 for people not expected: no attendance row at all


def marks_from(data, state_prefix: str = "state_", reason_prefix: str = "reason_") -> dict[int, tuple[str, str]]:
    """{pk: (state, leave reason)} from a form's indexed fields; a junk key is a Chinese 400."""
    states = indexed_fields(data, state_prefix)
    reasons = indexed_fields(data, reason_prefix)
    return {pk: (states.get(pk, NOT_THERE), reasons.get(pk, "")) for pk in states.keys() | reasons.keys()}


def chosen_kinds(data) -> list[str]:
    return [kind for kind in data.getlist("kinds") if kind in MeetingKind.values]


@dataclass
class SheetRow:
    name: str
    state_field: str
    reason_field: str
    state: str
    reason: str = ""


@dataclass
class Sheet:
    expected: list[SheetRow] = field(default_factory=list)
    others: list[SheetRow] = field(default_factory=list)
    talk: bool = False  # the others are the candidates for the talk's participants

    @property
    def anyone_else_came(self) -> bool:
        return any(row.state == Presence.PRESENT for row in self.others)


def quick_log_sheet(org, kinds, party_group_id, marks, seat_marks) -> Sheet:
    """Expected attendees default to present, everyone else to not there; a re-drawn sheet (other kinds
    chosen) keeps what was ticked where it still means the same."""
    meeting = Meeting(organization=org, kinds=kinds, party_group_id=party_group_id, planned_at=timezone.now())
    sheet = Sheet(talk=Audience.PAIR in attendees.audiences(kinds))
    expected_ids = set()
    for person in attendees.expected_attendees(meeting):
        if person.member:
            expected_ids.add(person.member.pk)
            row = SheetRow(person.name, f"state_{person.member.pk}", f"reason_{person.member.pk}", Presence.PRESENT)
            state, row.reason = marks.get(person.member.pk, (NOT_THERE, ""))
        else:
            row = SheetRow(person.name, f"seatstate_{person.seat.pk}", f"seatreason_{person.seat.pk}", Presence.PRESENT)
            state, row.reason = seat_marks.get(person.seat.pk, (NOT_THERE, ""))
        if state in Presence.values:
            row.state = state
        sheet.expected.append(row)
    for member in org.members.current().exclude(pk__in=expected_ids).order_by("name"):
        state = marks.get(member.pk, (NOT_THERE, ""))[0]
        sheet.others.append(SheetRow(member.name, f"state_{member.pk}", f"reason_{member.pk}",
                                     Presence.PRESENT if state == Presence.PRESENT else NOT_THERE))
    return sheet
