from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from accounts.choices import Role  # noqa: F401 - imported from here by most callers
from accounts.scope import RestrictedQuerySet


class User(AbstractUser):
    name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    member = models.OneToOneField(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="user",
        verbose_name="对应党员", help_text="关联后，本人会收到所在支部的会议提醒。",
    )
    email_reminders = models.BooleanField("接收邮件提醒", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self):
        return self.name or self.username


class RoleAssignment(models.Model):
    """A role a user holds, bound to one organization and (for most actions) its subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles", verbose_name="用户")
    organization = models.ForeignKey(
        "branches.Organization", on_delete=models.PROTECT, related_name="role_assignments", verbose_name="党组织"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="授权人"
    )
    granted_at = models.DateTimeField("授权时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "角色授权"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="unique_role_per_org"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


def organization_model():
    """branches.Organization, reached through the role's relation: accounts sits below branches
    (docs/architecture.md), so it names the model the way its foreign key does, not by an import."""
    return RoleAssignment._meta.get_field("organization").related_model
