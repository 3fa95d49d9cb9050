"""Import a roster: parse, validate and (optionally) write, in batches of rows.

Per batch: one query fetches the existing members by ID number (locked when writing), then at
most one statement writes the new members and one the changed ones, each with their history rows
(members.importing.writer), and one records organization moves. Writing happens inside one transaction; once any row is invalid
nothing more is written, the remaining rows are still checked, and the transaction rolls back."""

from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from openpyxl.utils import get_column_letter

from accounts.scope import CHANGE, can
from members.importing import writer
from members.importing.orgs import OrgIndex
from members.importing.reader import FileError, open_table
from members.importing.rows import Row, check_member, column_label, parse_row
from members.models import Member, MemberTransfer
from members.transfers.models import TransferDirection
from members.signals import members_written
from members.templatetags.masking import mask

IMPORT_FIELDS = (
    "name", "gender", "ethnicity", "birth_date", "id_number", "education", "phone", "job", "joined_on",
    "confirmed_on", "status", "category", "organization_id", "party_group_id",
)
ALL_FIELDS = tuple(f.attname for f in Member._meta.concrete_fields)
REASON = "名册导入"


def setting(name: str, default: int) -> int:
    return getattr(settings, name, default)


@dataclass
class Outcome:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_rows: int = 0
    errors: list = field(default_factory=list)  # {"row", "column", "letter", "message"}
    preview: list = field(default_factory=list)  # {"row", "action", "name", "id", "org", "changes"}
    written: bool = False
    truncated: bool = False  # more errors than ROSTER_IMPORT_MAX_ERRORS: the list stops there
    batches: int = 0
    estimated_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.error_rows

    def summary(self) -> str:
        return (f"共 {self.total} 行：新增 {self.created}，更新 {self.updated}，未变 {self.unchanged}，"
                f"错误 {self.error_rows} 行")


def import_roster(data: bytes, user, *, default_org=None, write=False, actor=None, progress=None,
                  batch_size=None) -> Outcome:
    """`user` decides the scope (Organization.objects.restrict(user, CHANGE)); `actor` is recorded
    as who did it (history, transfers); `progress(rows done, rows expected)` is called once the
    sheet is open and after each batch. Raises FileError for a file that cannot be read at all."""
    table = open_table(data, has_default_org=default_org is not None)
    orgs = OrgIndex(user)
    default = None
    if default_org is not None:
        default, message = orgs.resolve(default_org.code)
        if default is None:
            raise FileError(f"默认党组织：{message}")
    run = _Run(user, actor, table.columns, write)
    run.outcome.estimated_rows = table.estimated_rows
    rows = table.rows()
    size = batch_size or setting("ROSTER_IMPORT_BATCH_SIZE", 2000)
    if progress:
        progress(0, table.estimated_rows)
    with transaction.atomic() if write else nullcontext():
        while batch := list(islice(rows, size)):
            run.batch([parse_row(n, cells, table.columns, orgs, default) for n, cells in batch])
            if progress:
                progress(run.outcome.total, table.estimated_rows)
        if write and not run.outcome.ok:
            transaction.set_rollback(True)
        elif write and run.touched:
            members_written.send(sender=Member, organization_ids=run.touched)
    run.outcome.written = write and run.outcome.ok
    return run.outcome


class _Run:
    def __init__(self, user, actor, columns, write):
        self.touched: set[int] = set()  # organizations whose members were written
        self.user, self.actor, self.columns, self.write = user, actor, columns, write
        self.outcome = Outcome()
        self.seen: dict[str, int] = {}
        self.preview_limit = setting("ROSTER_IMPORT_PREVIEW_ROWS", 500)
        self.error_limit = setting("ROSTER_IMPORT_MAX_ERRORS", 20000)

    def batch(self, rows: list[Row]) -> None:
        out = self.outcome
        out.batches += 1
        out.total += len(rows)
        existing = self._existing([r.values["id_number"] for r in rows if self._id_ok(r)])
        creates, updates, moves = [], [], []
        for row in rows:
            old = existing.get(row.values.get("id_number")) if self._id_ok(row) else None
            member, changes = self._merge(row, old)
            if row.errors:
                self._failed(row)
            elif old is None:
                creates.append(member)
                self._note(row, "create", "")
            elif not changes:
                out.unchanged += 1
                self._note(row, "unchanged", "")
            else:
                updates.append(member)
                self._note(row, "update", "、".join(column_label(f) for f in changes))
                if "organization_id" in changes:
                    moves.append((old["id"], old["organization_id"], member["organization_id"]))
        out.created += len(creates)
        out.updated += len(updates)
        if self.write and out.ok:
            self._save(creates, updates, moves)

    def _id_ok(self, row: Row) -> bool:
        return "id_number" in row.values and not any(f == "id_number" for f, _ in row.errors)

    def _existing(self, numbers: list[str]) -> dict[str, dict]:
        members = Member.objects.filter(id_number__in=numbers)
        if self.write:
            members = members.select_for_update(of=("self",))
        return {m["id_number"]: m for m in members.values(*ALL_FIELDS, "organization__path")}

    def _merge(self, row: Row, old: dict | None) -> tuple[dict, list[str]]:
        values = row.values
        if self._id_ok(row):
            first = self.seen.setdefault(values["id_number"], row.number)
            if first != row.number:
                row.error("id_number", f"与第 {first} 行的公民身份号码重复。")
        if old is None:
            check_member(row, values)
            return values, []
        if not can(self.user, CHANGE, old["organization__path"]):
            row.error("id_number", "该党员已在其他党组织登记，不在您的管理范围内；如需调入请办理组织关系转接。")
        elif old["archived_on"]:
            row.error("id_number", f"该党员已于 {old['archived_on']:%Y-%m-%d} 移出名册，不能通过导入恢复。")
        member = {f: old[f] for f in ALL_FIELDS} | values
        if "party_group" not in self.columns and member["organization_id"] != old["organization_id"]:
            member["party_group_id"] = None
        check_member(row, member)
        return member, [f for f in IMPORT_FIELDS if member[f] != old[f]]

    def _failed(self, row: Row) -> None:
        out = self.outcome
        out.error_rows += 1
        for name, message in row.errors:
            if len(out.errors) >= self.error_limit:
                out.truncated = True
                continue
            index = self.columns.get(name)
            letter = get_column_letter(index + 1) if index is not None else ""
            out.errors.append({"row": row.number, "column": column_label(name), "letter": letter,
                               "message": message})
        self._note(row, "error", "；".join(f"{column_label(n)}：{m}" for n, m in row.errors))

    def _note(self, row: Row, action: str, detail: str) -> None:
        if len(self.outcome.preview) < self.preview_limit:
            self.outcome.preview.append({
                "row": row.number, "action": action, "name": row.values.get("name", ""),
                "id": mask(row.values.get("id_number", "")), "org": row.org.name if row.org else "",
                "detail": detail,
            })

    def _save(self, creates: list[dict], updates: list[dict], moves: list[tuple]) -> None:
        actor_id = getattr(self.actor, "pk", None)
        if creates:
            writer.create_members(creates, actor_id, REASON)
        if updates:
            writer.update_members(updates, IMPORT_FIELDS, actor_id, REASON)
        self.touched |= {m["organization_id"] for m in creates + updates} | {o for _, o, _ in moves}
        if moves:
            MemberTransfer.objects.bulk_create([
                MemberTransfer(member_id=pk, direction=TransferDirection.INTERNAL, from_organization_id=old,
                               to_organization_id=new, transferred_on=timezone.localdate(), reason=REASON,
                               created_by=self.actor)
                for pk, old, new in moves
            ])
