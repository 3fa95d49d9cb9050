"""Aggregations behind the dashboards, all computed in the database. The number of queries does not
depend on the size of the subtree: every figure is one grouped query, whatever it counts."""

from contextlib import contextmanager
from datetime import datetime, time

from django.db import connection, transaction
from django.utils import timezone

from branches.models import RuleSet
from dashboards import figures
from dashboards.focus import Focus
from dashboards.selectors.coverage import RATES, coverage
from dashboards.selectors.life import life
from dashboards.selectors.people import committee_gap_summary, elections, member_structure, pipeline


@contextmanager
def reading(focus: Focus, rules: RuleSet | None = None):
    """The figures under the focus brought up to date, then a transaction for the page's reads with
    planner settings for analytic queries (JIT compiling costs more than these queries take)."""
    figures.refresh(focus.org.path, now=_moment(focus), rules=rules)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true)")
        yield


def _moment(focus: Focus):
    """Now, or noon of the focus's day when a report is made for another day."""
    if focus.today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(focus.today, time(12)))


def dashboard(focus: Focus, kind: str = "") -> dict:
    rules = RuleSet.current()
    with reading(focus, rules):
        return {
            "rules": rules,
            "coverage": coverage(focus, rules),
            "rates": RATES,
            "life": life(focus, kind),
            "elections": elections(focus),
            "committee_gaps": committee_gap_summary(focus, rules),
            "members": member_structure(focus),
            "pipeline": pipeline(focus),
            "as_of": timezone.localtime(),
        }

