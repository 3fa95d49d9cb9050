"""The roles a user may hold. Kept apart from the models so that `accounts.scope` (which grants by
role) can be imported by the models (RoleAssignment's queryset is a RestrictedQuerySet)."""

from django.db import models


class Role(models.TextChoices):
    SECRETARY = "secretary", "支部书记"
    ORGANIZER = "organizer", "组织委员"
    STAFF = "staff", "工委/党委工作人员"
    ADMIN = "admin", "管理员"
