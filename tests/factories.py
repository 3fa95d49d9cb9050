"""Test data builders. Trees are built through treebeard so paths are real."""

from dataclasses import dataclass
from datetime import date

import factory
from django.contrib.auth import get_user_model

from accounts.models import Role, RoleAssignment
from branches.choices import FoundingMode, OrgKind, UnitType
from branches.models import HostUnit, Organization, UnitCoverage
from branches.validators import credit_code_check_char
from members.models import Member
from members.validators import id_check_char

_seq = {"org": 0}


def make_org(parent=None, **attrs) -> Organization:
    _seq["org"] += 1
    attrs.setdefault("code", f"T{_seq['org']:05d}")
    attrs.setdefault("name", f"测试党组织{_seq['org']}")
    attrs.setdefault("kind", OrgKind.BRANCH)
    if parent is None:
        return Organization.add_root(**attrs)
    parent.refresh_from_db()
    return parent.add_child(**attrs)


def make_credit_code(n: int) -> str:
    body = f"91330100{n:09d}"
    return body + credit_code_check_char(body)


def make_id_number(n: int, birth: date = date(1985, 6, 15), female: bool = False) -> str:
    order = (n % 499) * 2 + (0 if female else 1)
    body = f"330102{birth:%Y%m%d}{order:03d}"
    return body + id_check_char(body)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("pass-word-123")


class HostUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostUnit

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    credit_code = factory.Sequence(make_credit_code)
    unit_type = UnitType.PRIVATE_ENTERPRISE


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"党员{n}")
    gender = "male"
    birth_date = date(1985, 6, 15)
    id_number = factory.Sequence(make_id_number)
    joined_on = date(2010, 7, 1)
    confirmed_on = date(2011, 7, 1)


def grant(user, org, role) -> None:
    RoleAssignment.objects.create(user=user, organization=org, role=role)


@dataclass
class Tree:
    """工委 W with branches A and B; another 工委 X with branch C. One user per role."""

    w: Organization
    a: Organization
    b: Organization
    x: Organization
    c: Organization
    unit_a: HostUnit
    unit_b: HostUnit
    secretary_a: object
    secretary_b: object
    staff_w: object
    staff_x: object
    admin_w: object
    superuser: object


def build_tree() -> Tree:
    w = make_org(code="W", name="东海市两新工委", kind=OrgKind.WORK_COMMITTEE)
    a = make_org(w, code="A", name="甲公司党支部", founding_mode=FoundingMode.SINGLE)
    b = make_org(w, code="B", name="乙公司党支部", founding_mode=FoundingMode.SINGLE)
    x = make_org(code="X", name="临江市两新工委", kind=OrgKind.WORK_COMMITTEE)
    c = make_org(x, code="C", name="丙公司党支部", founding_mode=FoundingMode.SINGLE)
    unit_a = HostUnitFactory(name="甲公司", managed_by=w)
    unit_b = HostUnitFactory(name="乙公司", managed_by=w)
    UnitCoverage.objects.create(unit=unit_a, organization=a)
    UnitCoverage.objects.create(unit=unit_b, organization=b)
    users = {}
    for username, org, role in [
        ("secretary_a", a, Role.SECRETARY), ("secretary_b", b, Role.SECRETARY),
        ("staff_w", w, Role.STAFF), ("staff_x", x, Role.STAFF), ("admin_w", w, Role.ADMIN),
    ]:
        users[username] = UserFactory(username=username)
        grant(users[username], org, role)
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    return Tree(w=w, a=Organization.objects.get(pk=a.pk), b=Organization.objects.get(pk=b.pk),
                x=x, c=Organization.objects.get(pk=c.pk), unit_a=unit_a, unit_b=unit_b, superuser=superuser, **users)
