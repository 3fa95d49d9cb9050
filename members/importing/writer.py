"""Batch writes: one statement per batch for new members and one for changed ones, each also
writing the members' history rows (simple_history) through a CTE. Values go as column arrays
(INSERT … SELECT FROM UNNEST / UPDATE … FROM UNNEST), with no model instance built per row:
Django's bulk_create sends the same arrays but prepares every value in Python, which was most of
the import's write time."""

from django.conf import settings
from django.db import connection
from django.utils import timezone

from members.models import Member

HISTORY = Member.history.model
MEMBER_COLUMNS = tuple(f.attname for f in Member._meta.concrete_fields if not f.primary_key)
TRACKED = ("id", *MEMBER_COLUMNS)
NEW_MEMBER = {f.attname: f.get_default() for f in Member._meta.concrete_fields if not f.primary_key}


def _arrays(names) -> str:
    fields = [Member._meta.get_field(n) for n in names]
    return ", ".join(f"%s::{f.db_type(connection).split('(')[0]}[]" for f in fields)


def _quoted(names) -> str:
    return ", ".join(f'"{n}"' for n in names)


def _execute(sql: str, rows: list[dict], names, kind: str, user_id, reason: str, written="*") -> None:
    params = [[row[n] for row in rows] for n in names]
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        extra = ("history_date", "history_change_reason", "history_type", "history_user_id")
        sql = (f"WITH written AS ({sql} RETURNING {written}) INSERT INTO \"{HISTORY._meta.db_table}\" "
               f"({_quoted(TRACKED + extra)}) SELECT {_quoted(TRACKED)}, %s, %s, %s, %s FROM written")
        params += [timezone.now(), reason, kind, user_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def create_members(rows: list[dict], user_id, reason: str) -> None:
    """Insert new members (dicts of the fields they have; model defaults for the rest)."""
    rows = [NEW_MEMBER | row for row in rows]
    sql = (f'INSERT INTO "{Member._meta.db_table}" ({_quoted(MEMBER_COLUMNS)}) '
           f"SELECT * FROM UNNEST({_arrays(MEMBER_COLUMNS)})")
    _execute(sql, rows, MEMBER_COLUMNS, "+", user_id, reason)


def update_members(rows: list[dict], names, user_id, reason: str) -> None:
    """Set `names` of existing members (rows carry their id) to the rows' values."""
    names = ("id", *[n for n in names if n != "id"])
    assignments = ", ".join(f'"{n}" = u."{n}"' for n in names[1:])
    sql = (f'UPDATE "{Member._meta.db_table}" AS t SET {assignments} FROM UNNEST({_arrays(names)}) '
           f'AS u({_quoted(names)}) WHERE t."id" = u."id"')
    _execute(sql, rows, names, "~", user_id, reason, written="t.*")
