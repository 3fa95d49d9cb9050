from django import forms

from accounts.models import Role, organization_model
from accounts.scope import MANAGE


class OrganizationCodeField(forms.CharField):
    """An organization typed by its code, resolved only within the user's manage scope."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self, value):
        code = super().clean(value).strip()
        org = organization_model().objects.restrict(self.user, MANAGE).filter(code=code, status="active").first()
        if org is None:
            raise forms.ValidationError(f"组织代码“{code}”不存在，或不在您的管理范围内。")
        return org


class GrantRoleForm(forms.Form):
    organization = OrganizationCodeField(label="组织代码", max_length=32)
    role = forms.ChoiceField(label="角色", choices=Role.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].user = user


class NewUserForm(GrantRoleForm):
    username = forms.CharField(label="用户名", max_length=150)
    name = forms.CharField(label="姓名", max_length=50)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=8)

    field_order = ["username", "name", "password", "organization", "role"]
