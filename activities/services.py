"""Writes for organizational life: plan, log, hold, cancel, attendance, attachments."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.scope import CHANGE, require
from activities.choices import MeetingKind, MeetingStatus, Presence
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


def expected_members(meeting: Meeting):
    members = Member.objects.current().filter(organization=meeting.organization_id)
    if meeting.party_group_id and MeetingKind.GROUP_MEETING in meeting.kinds:
        members = members.filter(party_group=meeting.party_group_id)
    return members


def _check_org(meeting: Meeting, user) -> None:
    require(user, CHANGE, meeting.organization.path)
    if meeting.organization.kind not in BRANCH_KINDS and meeting.organization.kind != "general_branch":
        raise ValidationError("会议须登记在党支部或党总支。")


@transaction.atomic
def plan_meeting(meeting: Meeting, user) -> Meeting:
    """Save a planned meeting; its expected attendees are the branch's (or group's) members."""
    _check_org(meeting, user)
    meeting.status = MeetingStatus.PLANNED
    meeting.created_by = user
    meeting.full_clean()
    meeting.save()
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, member=m, presence=Presence.ABSENT) for m in expected_members(meeting)]
    )
    return meeting


@transaction.atomic
def log_held_meeting(meeting: Meeting, user, present_ids, leave: dict[int, str] | None = None) -> Meeting:
    """The one-screen flow: a meeting already held, with who was there."""
    _check_org(meeting, user)
    meeting.status = MeetingStatus.HELD
    meeting.held_at = meeting.held_at or meeting.planned_at
    meeting.created_by = user
    meeting.full_clean()
    meeting.save()
    leave = leave or {}
    present_ids = {int(i) for i in present_ids}
    Attendance.objects.bulk_create([
        Attendance(meeting=meeting, member=m, presence=_presence(m.pk, present_ids, leave), leave_reason=leave.get(m.pk, ""))
        for m in expected_members(meeting)
    ])
    return meeting


def _presence(member_id, present_ids, leave):
    if member_id in present_ids:
        return Presence.PRESENT
    return Presence.LEAVE if member_id in leave else Presence.ABSENT


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
def set_attendance(meeting: Meeting, user, marks: dict[int, tuple[str, str]], reason: str = "") -> None:
    """marks: attendance id → (presence, leave reason)."""
    _check_org(meeting, user)
    locked = is_locked(meeting)
    rows = {a.pk: a for a in meeting.attendances.all()}
    for pk, (presence, leave_reason) in marks.items():
        row = rows.get(pk)
        if row is None:
            raise ValidationError("出席记录不属于该会议。")
        if presence not in Presence.values:
            raise ValidationError("出席情况无效。")
        if presence == Presence.LEAVE and not leave_reason.strip():
            raise ValidationError(f"{row.member or row.guest_name} 请假须填写事由。")
        if (row.presence, row.leave_reason) != (presence, leave_reason.strip() if presence == Presence.LEAVE else ""):
            row.presence = presence
            row.leave_reason = leave_reason.strip() if presence == Presence.LEAVE else ""
            _save_with_reason(row, user, reason, locked)


def add_guest(meeting: Meeting, user, name: str) -> Attendance:
    _check_org(meeting, user)
    if not name.strip():
        raise ValidationError("请填写列席人员姓名。")
    guest = Attendance(meeting=meeting, guest_name=name.strip(), presence=Presence.PRESENT)
    guest.full_clean()  # a name longer than the column is a message, not a database error
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
