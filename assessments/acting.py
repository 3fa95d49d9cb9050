"""Who acts on one branch's assessment, and saving a change with that person in its history.

The branch (CHANGE on its own path) writes its plan, its self-assessment, its evidence and how it
rectified a problem; a reviewer (REVIEW on the subtree, holding no branch role at that branch) scores,
decides and lists problems. The services of assessments/ ask here before they write.
"""

from django.core.exceptions import PermissionDenied
from django.db import models

from accounts.models import Role
from accounts.scope import CHANGE, REVIEW, require

BRANCH_ROLES = (Role.SECRETARY, Role.ORGANIZER)


def require_branch(user, participation) -> None:
    require(user, CHANGE, participation.branch.path)


def require_reviewer(user, participation) -> None:
    require(user, REVIEW, participation.branch.path)
    if user.roles.filter(organization=participation.branch_id, role__in=BRANCH_ROLES).exists():
        raise PermissionDenied("不能评审本人任职的支部。")


def is_reviewer(user, participation) -> bool:
    try:
        require_reviewer(user, participation)
    except PermissionDenied:
        return False
    return True


def save_by(obj, user, fields: list[str]) -> None:
    """Validate the fields written and save them as `user`: the history row names who changed them
    (None: the records changed them, not a person). Uploaded files are checked where they are received
    (activities.services.check_upload); the storage shortens their names."""
    written = set(fields)
    obj.full_clean(exclude=[f.name for f in obj._meta.fields if f.name not in written or isinstance(f, models.FileField)],
                   validate_unique=False, validate_constraints=False)
    obj._history_user = user
    obj.save(update_fields=fields)
