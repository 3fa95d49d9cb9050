"""Writes for schemes and their criteria: copying a scheme for a new year, editing a copy that no
campaign uses yet, and putting back the shipped schemes."""

import importlib
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.scope import REVIEW, can, require
from assessments.indicator_catalog import CATALOG
from assessments.models import Criterion, Scheme


def scheme_in_use(scheme: Scheme) -> bool:
    return scheme.campaigns.exists()


def can_edit_scheme(user, scheme: Scheme) -> bool:
    """Only the owner's reviewers edit a scheme (shipped ones: superusers), and only before any campaign uses it."""
    if scheme.owner_id is None:
        allowed = user.is_superuser
    else:
        allowed = can(user, REVIEW, scheme.owner.path)
    return allowed and not scheme_in_use(scheme)


def _require_editable(user, scheme: Scheme) -> None:
    if scheme_in_use(scheme):
        raise ValidationError("该方案已用于创建周期，为保留历史结果不能修改，请复制后修改。")
    if not can_edit_scheme(user, scheme):
        raise PermissionDenied("您没有权限修改该方案。")


@transaction.atomic
def copy_scheme(*, scheme: Scheme, user, owner, name: str, year: int | None) -> Scheme:
    """A deep copy (areas, then items under their copied areas) owned by `owner`."""
    require(user, REVIEW, owner.path)
    copy = Scheme(name=name.strip() or scheme.name, year=year, source=scheme.source, owner=owner, copied_from=scheme)
    copy.full_clean()
    copy.save()
    mapping = {}
    for criterion in scheme.criteria.order_by("kind", "order", "pk"):  # "area" sorts before "item"
        old_pk = criterion.pk
        criterion.pk = None
        criterion.scheme = copy
        criterion.parent_id = mapping.get(criterion.parent_id)
        criterion.save()
        mapping[old_pk] = criterion.pk
    return copy


def _validate_criterion(criterion: Criterion) -> None:
    errors = {}
    if criterion.kind == Criterion.Kind.AREA:
        criterion.parent = None
        criterion.indicator = ""
    elif criterion.parent is None or criterion.parent.scheme_id != criterion.scheme_id or criterion.parent.kind != Criterion.Kind.AREA:
        errors["parent"] = "考核项目须属于本方案的一个考核领域。"
    if criterion.indicator and criterion.indicator not in CATALOG:
        errors["indicator"] = "未知的自动指标。"
    if criterion.kind == Criterion.Kind.ITEM and criterion.max_points <= 0:
        errors["max_points"] = "考核项目的满分应大于0。"
    if criterion.weight <= 0:
        errors["weight"] = "权重应大于0。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_criterion(*, criterion: Criterion, user) -> Criterion:
    _require_editable(user, criterion.scheme)
    _validate_criterion(criterion)
    if not criterion.order:
        criterion.order = (criterion.scheme.criteria.aggregate(n=Max("order"))["n"] or 0) + 1
    criterion.full_clean()
    criterion.save()
    _sync_area(criterion.parent)
    return criterion


@transaction.atomic
def delete_criterion(*, criterion: Criterion, user) -> None:
    _require_editable(user, criterion.scheme)
    area = criterion.parent
    criterion.delete()
    _sync_area(area)


def _sync_area(area: Criterion | None) -> None:
    """An area's maximum is the sum of its items' (shown on the scheme; totals always add items)."""
    if area is not None:
        area.max_points = sum(area.children.values_list("max_points", flat=True), Decimal("0"))
        area.save(update_fields=["max_points"])


def ensure_default_schemes() -> None:
    """Put back the shipped schemes if missing (a flushed test database, a fresh demo)."""
    importlib.import_module("assessments.migrations.0002_default_schemes").add_defaults(apps, None)
