"""Writes for organizational life: plan, log, hold, cancel, attendance, attachments."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.scope import CHANGE, require
from activities import attendees
from activities.choices import MeetingStatus, Presence
from activities.models import ActivityRules, Attachment, Attendance, Meeting
from branches.choices import BRANCH_KINDS
from members.models import Member

# What an attachment may be: extension → (content types accepted, leading bytes).
ALLOWED_FILES = {
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".webp": ("image/webp", (b"RIFF",)),
    ".pdf": ("application/pdf", (b"%PDF",)),
}
REASON_LENGTH = Attendance._meta.get_field("leave_reason").max_length


def _check_org(meeting: Meeting, user) -> None:
    require(user, CHANGE, meeting.organization.path)
    if meeting.organization.kind not in BRANCH_KINDS and meeting.organization.kind != "general_branch":
        raise ValidationError("会议须登记在党支部或党总支。")


def read_mark(state: str, reason: str, who: str) -> tuple[str, str]:
    """One person's attendance as submitted → (presence, leave reason). A typed reason means leave,
    whatever was ticked; leave needs a reason."""
    reason = (reason or "").strip()
    if len(reason) > REASON_LENGTH:
        raise ValidationError(f"{who}的请假事由过长（最多{REASON_LENGTH}字）。")
    if reason:
        return Presence.LEAVE, reason
    if state not in Presence.values:
        raise ValidationError(f"{who}的出席情况无效，请重新选择。")
    if state == Presence.LEAVE:
        raise ValidationError(f"{who}请假须填写事由。")
    return state, ""


def _expected_row(meeting: Meeting, person: attendees.Attendee, presence: str, reason: str = "") -> Attendance:
    return Attendance(meeting=meeting, member=person.member, guest_name="" if person.member else person.name,
                      presence=presence, leave_reason=reason)


@transaction.atomic
def plan_meeting(*, meeting: Meeting, user) -> Meeting:
    """Save a planned meeting with its expected attendees (`activities.attendees`), all absent for now."""
    _check_org(meeting, user)
    meeting.status = MeetingStatus.PLANNED
    meeting.created_by = user
    meeting.full_clean()
    meeting.save()
    Attendance.objects.bulk_create(
        [_expected_row(meeting, person, Presence.ABSENT) for person in attendees.expected_attendees(meeting)]
    )
    return meeting


@transaction.atomic
def log_held_meeting(*, meeting: Meeting, user, attendance: dict[int, tuple[str, str]],
                     seats: dict[int, tuple[str, str]] | None = None, planned: Meeting | None = None) -> Meeting:
    """The one-screen flow: a meeting already held, with who was there.

    `attendance` maps roster member ids to (state, leave reason) as ticked; `seats` does the same for
    committee members not on the roster. Expected attendees left out or left blank are absent; anyone
    else ticked present sat in (列席), or at a talk took part in it; blank means not there. With
    `planned` (a planned meeting of the branch) that meeting becomes the held one, its attendance
    replaced, instead of a second meeting."""
    _check_org(meeting, user)
    attendance, seats = dict(attendance), dict(seats or {})
    if planned is not None:
        meeting = _take_over(planned, meeting, user)
    else:
        meeting.created_by = user
    meeting.status = MeetingStatus.HELD
    meeting.held_at = meeting.held_at or meeting.planned_at
    meeting.full_clean()
    meeting.save()
    picked = {pk for pk, (state, reason) in attendance.items() if state == Presence.PRESENT and not reason.strip()}
    expected = attendees.expected_attendees(meeting, picked=picked)
    roster = {m.pk: m for m in Member.objects.current().filter(organization=meeting.organization_id)}
    roster.update((p.member.pk, p.member) for p in expected if p.member)
    if set(attendance) - set(roster):
        raise ValidationError("出席人员不在本支部名册中，请刷新页面后重新填写。")
    rows = []
    for person in expected:
        marks, key = (attendance, person.member.pk) if person.member else (seats, person.seat.pk)
        state, reason = marks.pop(key, ("", ""))
        rows.append(_expected_row(meeting, person, *read_mark(state or Presence.ABSENT, reason, person.name)))
    for pk, (state, reason) in attendance.items():
        if (state or reason.strip()) and read_mark(state, reason, roster[pk].name)[0] == Presence.PRESENT:
            rows.append(Attendance(meeting=meeting, member=roster[pk], expected=False, presence=Presence.PRESENT))
    if planned is not None:
        meeting.attendances.filter(Q(member__isnull=False) | Q(expected=True)).delete()
    Attendance.objects.bulk_create(rows)
    return meeting


def _take_over(planned: Meeting, details: Meeting, user) -> Meeting:
    """The planned meeting becomes the held one: the quick log's details where given, the plan's where
    left blank; the kinds of both."""
    planned = Meeting.objects.select_for_update().filter(pk=planned.pk).first()
    if planned is None or planned.organization_id != details.organization_id or planned.status != MeetingStatus.PLANNED:
        raise ValidationError({"planned": "所选的计划会议已不存在或已处理，请重新选择。"})
    planned.kinds = list(dict.fromkeys([*planned.kinds, *details.kinds]))
    planned.held_at = details.held_at
    planned.topic_category = details.topic_category
    for field in ("party_group", "topic", "place", "host", "minutes", "resolutions"):
        if getattr(details, field):
            setattr(planned, field, getattr(details, field))
    planned._history_user = user
    return planned


def is_locked(meeting: Meeting, now=None) -> bool:
    """A held meeting's record is evidence once the lock period has passed."""
    if meeting.status != MeetingStatus.HELD or not meeting.held_at:
        return False
    now = now or timezone.now()
    return now - meeting.held_at > timedelta(days=ActivityRules.current().evidence_lock_days)


def _save_with_reason(obj, user, reason: str, locked: bool):
    if locked and not reason.strip():
        raise ValidationError(f"会议召开已超过{ActivityRules.current().evidence_lock_days}天，修改须填写修改说明。")
    obj._change_reason = reason.strip() or None
    obj._history_user = user
    obj.save()


@transaction.atomic
def update_meeting(meeting: Meeting, user, reason: str = "") -> Meeting:
    _check_org(meeting, user)
    locked = is_locked(Meeting.objects.get(pk=meeting.pk))
    meeting.full_clean()
    _save_with_reason(meeting, user, reason, locked)
    return meeting


@transaction.atomic
def mark_held(meeting: Meeting, user, held_at=None) -> Meeting:
    _check_org(meeting, user)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("已取消的会议不能标记为已召开。")
    meeting.status = MeetingStatus.HELD
    meeting.held_at = held_at or meeting.planned_at
    if meeting.held_at > timezone.now() + timedelta(hours=1):
        raise ValidationError("召开时间不能晚于现在。")
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, user, reason: str) -> Meeting:
    _check_org(meeting, user)
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError("已召开的会议不能取消。")
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def set_attendance(*, meeting: Meeting, user, marks: dict[int, tuple[str, str]], reason: str = "") -> None:
    """marks: attendance id → (state, leave reason) as ticked; read like the quick log's."""
    _check_org(meeting, user)
    locked = is_locked(meeting)
    rows = {a.pk: a for a in meeting.attendances.select_related("member")}
    for pk, (state, leave_reason) in marks.items():
        row = rows.get(pk)
        if row is None:
            raise ValidationError("出席记录不属于该会议，请刷新页面后重新填写。")
        who = row.member.name if row.member else row.guest_name
        presence, leave_reason = read_mark(state, leave_reason, who)
        if not row.expected and presence != Presence.PRESENT:
            raise ValidationError(f"{who}是列席人员，只记出席。")
        if (row.presence, row.leave_reason) != (presence, leave_reason):
            row.presence, row.leave_reason = presence, leave_reason
            _save_with_reason(row, user, reason, locked)


def add_guest(*, meeting: Meeting, user, name: str) -> Attendance:
    """A person who sat in (列席) without being on the roster: present, not counted."""
    _check_org(meeting, user)
    guest = Attendance(meeting=meeting, guest_name=name.strip(), expected=False, presence=Presence.PRESENT)
    if not guest.guest_name:
        raise ValidationError("请填写列席人员姓名。")
    guest.full_clean()
    guest.save()
    return guest


def check_upload(upload) -> str:
    """An evidence file (photo, sign-in scan, PDF): type by extension and leading bytes, size from
    ActivityRules. Returns the content type; raises a Chinese ValidationError."""
    name = upload.name or "附件"
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in ALLOWED_FILES:
        raise ValidationError("只能上传 JPG、PNG、WEBP 图片或 PDF 文件。")
    limit = ActivityRules.current().max_attachment_mb * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(f"文件过大（{upload.size / 1048576:.1f} MB），上限为 {limit // 1048576} MB。")
    content_type, magics = ALLOWED_FILES[ext]
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in magics):
        raise ValidationError("文件内容与扩展名不符，请上传真实的图片或 PDF 文件。")
    return content_type


def add_attachment(meeting: Meeting, user, upload, kind: str) -> Attachment:
    _check_org(meeting, user)
    content_type = check_upload(upload)
    return Attachment.objects.create(
        meeting=meeting, kind=kind, file=upload, original_name=(upload.name or "附件")[:200],
        content_type=content_type, size=upload.size, uploaded_by=user,
    )
