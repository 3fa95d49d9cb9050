"""The one place that decides what a user may see and do, by organization subtree.

Every scoped model's queryset inherits `RestrictedQuerySet` and names the path of the
organization that owns a row (`scope_path_field`); views call `.restrict(user, action)`.
A row outside the user's view scope is 404, a visible row outside the action's scope is 403.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from accounts.choices import Role

VIEW = "view"
CHANGE = "change"  # edit the organization's own records (meetings, roster, units)
REVIEW = "review"  # score assessments, circulate reports
EXPORT = "export"  # export lists, see personal data unmasked
MANAGE = "manage"  # create accounts and grant roles
ACCEPT = "accept"  # take in (or return) a member transferred from another organization

ACTIONS = (VIEW, CHANGE, REVIEW, EXPORT, MANAGE, ACCEPT)

# Which actions a role allows, and whether over the whole subtree or the organization itself.
ROLE_GRANTS: dict[str, dict[str, bool]] = {
    Role.SECRETARY: {VIEW: True, CHANGE: False, ACCEPT: False},
    Role.ORGANIZER: {VIEW: True, CHANGE: False, ACCEPT: False},
    Role.STAFF: {VIEW: True, REVIEW: True, EXPORT: True, ACCEPT: True},
    Role.ADMIN: {VIEW: True, CHANGE: True, REVIEW: True, EXPORT: True, MANAGE: True, ACCEPT: True},
}
# Value: True = the organization and everything below it; False = that organization only.
# ACCEPT is about rows passing from one organization to another (`PassageQuerySet`): over the
# organization only, what is addressed to it; over a subtree, only what passes between two
# organizations both inside it, i.e. a common parent of sender and receiver decides for both sides.


@dataclass(frozen=True)
class Reach:
    path: str
    subtree: bool

    def q(self, field: str) -> Q:
        return Q(**{f"{field}__startswith": self.path}) if self.subtree else Q(**{field: self.path})

    def covers(self, path: str) -> bool:
        return path.startswith(self.path) if self.subtree else path == self.path

    def passage_q(self, sender_field: str, receiver_field: str) -> Q:
        """ACCEPT's rule as a filter (see ROLE_GRANTS)."""
        return self.q(receiver_field) & self.q(sender_field) if self.subtree else self.q(receiver_field)

    def covers_passage(self, sender_path: str, receiver_path: str) -> bool:
        return self.covers(receiver_path) and (not self.subtree or self.covers(sender_path))


def reaches(user, action: str) -> list[Reach] | None:
    """The organization paths the user may act on; None means everywhere (superuser)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    cache = getattr(user, "_scope_cache", None)
    if cache is None:
        rows = user.roles.filter(organization__status="active").values_list("role", "organization__path")
        cache = user._scope_cache = list(rows)
    found = []
    for role, path in cache:
        grant = ROLE_GRANTS.get(role, {})
        if action in grant:
            found.append(Reach(path, grant[action]))
    return found


def scope_q(user, action: str, field: str) -> Q | None:
    found = reaches(user, action)
    if found is None:
        return None
    q = Q(pk__in=[])
    for reach in found:
        q |= reach.q(field)
    return q


class RestrictedQuerySet(models.QuerySet):
    scope_path_field = "organization__path"

    def restrict(self, user, action: str = VIEW):
        q = scope_q(user, action, self.scope_path_field)
        return self if q is None else self.filter(q)

    @classmethod
    def as_manager(cls, scope_path_field: str | None = None):
        if scope_path_field:
            cls = type(cls.__name__, (cls,), {"scope_path_field": scope_path_field})
        return super().as_manager.__func__(cls)


class PassageQuerySet(RestrictedQuerySet):
    """Rows that pass from a sending organization to a receiving one (组织关系转接). Either side
    sees them (VIEW), ACCEPT follows the rule under ROLE_GRANTS, every other action belongs to the
    sending side. An end outside the system is an empty (null) organization."""

    sender_path_field = "from_organization__path"
    receiver_path_field = "to_organization__path"

    def restrict(self, user, action: str = VIEW):
        found = reaches(user, action)
        if found is None:
            return self
        q = Q(pk__in=[])
        for reach in found:
            if action == VIEW:
                q |= reach.q(self.sender_path_field) | reach.q(self.receiver_path_field)
            elif action == ACCEPT:
                q |= reach.passage_q(self.sender_path_field, self.receiver_path_field)
            else:
                q |= reach.q(self.sender_path_field)
        return self.filter(q)


def can_accept(user, *, sender_path: str, receiver_path: str) -> bool:
    found = reaches(user, ACCEPT)
    return found is None or any(reach.covers_passage(sender_path, receiver_path) for reach in found)


def require_accept(user, *, sender_path: str, receiver_path: str) -> None:
    if not can_accept(user, sender_path=sender_path, receiver_path=receiver_path):
        raise PermissionDenied("您没有权限办理此项接收。")


def can(user, action: str, path: str) -> bool:
    found = reaches(user, action)
    return found is None or any(reach.covers(path) for reach in found)


def require(user, action: str, path: str) -> None:
    if not can(user, action, path):
        raise PermissionDenied("您没有权限执行此操作。")


def roles_held(user) -> set[str]:
    if user.is_superuser:
        return set(Role.values)
    reaches(user, VIEW)
    return {role for role, _ in user._scope_cache}


def is_admin(user) -> bool:
    return user.is_superuser or Role.ADMIN in roles_held(user)
