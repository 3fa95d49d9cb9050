"""Who is told: branch secretaries, the parent organization's staff, attendees with accounts."""

from collections import defaultdict

from accounts.models import Role, RoleAssignment, User
from branches.models import Organization

SECRETARY_ROLES = (Role.SECRETARY, Role.ORGANIZER)
OVERSIGHT_ROLES = (Role.STAFF, Role.ADMIN)


class Directory:
    """Role holders loaded once per sweep (a few queries whatever the number of organizations)."""

    def __init__(self):
        self.secretaries: dict[int, set[int]] = defaultdict(set)
        self.staff_by_path: dict[str, set[int]] = defaultdict(set)
        rows = RoleAssignment.objects.filter(user__is_active=True, organization__status="active").values_list(
            "user_id", "organization_id", "organization__path", "role")
        for user_id, org_id, path, role in rows:
            if role in SECRETARY_ROLES:
                self.secretaries[org_id].add(user_id)
            if role in OVERSIGHT_ROLES:
                self.staff_by_path[path].add(user_id)

    def secretaries_of(self, org_id: int) -> set[int]:
        return self.secretaries.get(org_id, set())

    def parent_staff_of(self, path: str) -> set[int]:
        return self.staff_by_path.get(path[: -Organization.steplen], set())


def users_of_members(member_ids) -> dict[int, int]:
    """member id → user id, for members who have an account."""
    return dict(User.objects.filter(member_id__in=member_ids, is_active=True).values_list("member_id", "pk"))
