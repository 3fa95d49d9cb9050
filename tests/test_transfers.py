"""组织关系转接 is two-sided: the sender proposes, the receiver accepts or returns, and until then the
member stays where they were. Who may accept is the receiving organization or a common parent;
a receiver is found by code AND full name, and a wrong guess never tells whether a code exists."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from branches.choices import OrgKind
from branches.models import PartyGroup
from members.transfers import services
from members.models import Member, MemberTransfer, PersonalDataLog
from members.transfers.selectors import RECEIVER_NOT_FOUND
from tests.factories import MemberFactory, UserFactory, grant, make_org

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def member(tree):
    group = PartyGroup.objects.create(branch=tree.a, name="第一党小组")
    return MemberFactory(organization=tree.a, name="张转接", party_group=group)


def user_with(role, org, username):
    user = UserFactory(username=username)
    grant(user, org, role)
    return user


def propose(client, user, member, **data):
    client.force_login(user)
    return client.post(reverse("members:transfer", args=[member.pk]), {"on": TODAY.isoformat(), **data}, follow=True)


def to_b(tree, member, **extra):
    return services.propose_transfer(member=member, user=tree.secretary_a, on=TODAY, to_organization=tree.b, **extra)


def roster_names(client, user, org):
    client.force_login(user)
    return client.get(reverse("members:list"), {"organization": org.pk}).text


def test_the_sender_proposes_by_code_and_full_name_and_the_member_stays_until_accepted(client, tree, member):
    response = propose(client, tree.secretary_a, member, to_code="B", to_name="乙公司党支部", reason="工作调动")
    assert "待 乙公司党支部 接收" in response.text
    transfer = MemberTransfer.objects.get(member=member)
    assert (transfer.status, transfer.from_organization, transfer.to_organization) == ("pending", tree.a, tree.b)
    member.refresh_from_db()
    assert member.organization == tree.a and member.party_group is not None
    assert "张转接" in roster_names(client, tree.secretary_a, tree.a)
    assert "张转接" not in roster_names(client, tree.secretary_b, tree.b)
    client.force_login(tree.secretary_a)
    page = client.get(member.get_absolute_url())
    assert "组织关系转接办理中" in page.text and "办理组织关系转接</a>" not in page.text


def test_accepting_moves_the_member_clears_the_party_group_and_records_the_date(client, tree, member):
    transfer = to_b(tree, member)
    client.force_login(tree.secretary_b)
    accept = reverse("members:transfer_accept", args=[transfer.pk])
    response = client.post(accept, {"on": TODAY.isoformat()}, follow=True)
    assert "已接收，张转接 已转入乙公司党支部" in response.text
    member.refresh_from_db()
    transfer.refresh_from_db()
    assert (member.organization, member.party_group) == (tree.b, None)
    assert (transfer.status, transfer.effective_on, transfer.decided_by) == ("accepted", TODAY, tree.secretary_b)
    assert "张转接" in roster_names(client, tree.secretary_b, tree.b)


def test_returning_keeps_the_member_and_the_sender_sees_the_reason(client, tree, member):
    transfer = to_b(tree, member)
    client.force_login(tree.secretary_b)
    client.post(reverse("members:transfer_return", args=[transfer.pk]), {"reason": "本人尚未到岗"})
    member.refresh_from_db()
    assert member.organization == tree.a
    assert MemberTransfer.objects.get().status == "returned"
    client.force_login(tree.secretary_a)
    assert "本人尚未到岗" in client.get(member.get_absolute_url()).text
    assert "本人尚未到岗" in client.get(reverse("home")).text
    assert propose(client, tree.secretary_a, member, to_code="B", to_name="乙公司党支部").status_code == 200
    assert MemberTransfer.objects.filter(status="pending").count() == 1  # a returned transfer may be sent again


def test_a_return_needs_a_reason(tree, member):
    transfer = to_b(tree, member)
    with pytest.raises(ValidationError, match="请填写退回原因"):
        services.return_transfer(transfer=transfer, user=tree.secretary_b, reason="  ")


def test_the_sender_withdraws_while_pending_and_then_nobody_can_accept(tree, member):
    transfer = to_b(tree, member)
    services.withdraw_transfer(transfer=transfer, user=tree.secretary_a)
    with pytest.raises(ValidationError, match="已撤回"):
        services.accept_transfer(transfer=transfer, user=tree.secretary_b)
    member.refresh_from_db()
    assert member.organization == tree.a


def test_the_receiver_cannot_withdraw_and_the_sender_cannot_accept(tree, member):
    transfer = to_b(tree, member)
    with pytest.raises(PermissionDenied):
        services.withdraw_transfer(transfer=transfer, user=tree.secretary_b)
    with pytest.raises(PermissionDenied):
        services.accept_transfer(transfer=transfer, user=tree.secretary_a)


def test_a_member_with_a_pending_transfer_cannot_get_a_second(client, tree, member):
    to_b(tree, member)
    with pytest.raises(ValidationError, match="已有一项办理中"):
        services.propose_transfer(member=member, user=tree.secretary_a, on=TODAY, external_name="外省某支部")
    response = propose(client, tree.secretary_a, member, external_name="外省某支部")
    assert "已有一项办理中" in response.text
    assert MemberTransfer.objects.count() == 1


@pytest.mark.parametrize("who, may", [
    ("secretary_b", True), ("organizer_b", True), ("staff_w", True), ("admin_w", True), ("superuser", True),
    ("secretary_a", False), ("staff_x", False),
])
def test_who_may_accept_a_transfer_between_two_branches_of_one_committee(tree, member, who, may):
    users = {"organizer_b": lambda: user_with(Role.ORGANIZER, tree.b, "organizer_b")}
    user = users[who]() if who in users else getattr(tree, who)
    transfer = to_b(tree, member)
    if may:
        services.accept_transfer(transfer=transfer, user=user)
        assert Member.objects.get(pk=member.pk).organization == tree.b
    else:
        with pytest.raises(PermissionDenied):
            services.accept_transfer(transfer=transfer, user=user)


def test_across_committees_only_the_receiving_branch_decides(client, tree, member):
    """Staff of either 工委 is not a common parent of A (工委 W) and C (工委 X)."""
    secretary_c = user_with(Role.SECRETARY, tree.c, "secretary_c")
    assert "待 丙公司党支部 接收" in propose(client, tree.secretary_a, member, to_code="C", to_name="丙公司党支部").text
    transfer = MemberTransfer.objects.get()
    for outsider in (tree.staff_w, tree.admin_w, tree.staff_x):
        with pytest.raises(PermissionDenied):
            services.accept_transfer(transfer=transfer, user=outsider)
    client.force_login(secretary_c)
    assert "张转接" in client.get(reverse("home")).text
    client.post(reverse("members:transfer_accept", args=[transfer.pk]))
    assert Member.objects.get(pk=member.pk).organization == tree.c


@pytest.mark.parametrize("code, name", [
    ("NOPE", "乙公司党支部"),        # no such code
    ("C", "乙公司党支部"),           # a code outside the user's scope, with another name
    ("C", "丙公司"),                 # that code with a near miss of its name
    ("X", "临江市两新工委"),          # code and name right, but not a branch
    ("D", "丁公司党支部"),           # code and name right, but dissolved
])
def test_every_failed_lookup_gets_the_same_error(client, tree, member, code, name):
    make_org(tree.w, code="D", name="丁公司党支部", status="dissolved")
    response = propose(client, tree.secretary_a, member, to_code=code, to_name=name)
    assert RECEIVER_NOT_FOUND in response.text and "不存在" not in response.text
    assert not MemberTransfer.objects.exists()


def test_the_full_name_may_differ_in_full_width_brackets_and_spaces(tree, member):
    make_org(tree.w, code="E", name="戊公司（二期）党支部")
    from members.transfers.selectors import find_receiver

    assert find_receiver(" E ", "戊公司 (二期) 党支部").code == "E"


def test_a_branch_cannot_transfer_to_itself_or_for_another_branchs_member(tree, member):
    with pytest.raises(ValidationError, match="相同"):
        services.propose_transfer(member=member, user=tree.secretary_a, on=TODAY, to_organization=tree.a)
    with pytest.raises(PermissionDenied):
        services.propose_transfer(member=member, user=tree.secretary_b, on=TODAY, to_organization=tree.b)
    with pytest.raises(PermissionDenied):
        services.propose_transfer(member=member, user=tree.staff_w, on=TODAY, to_organization=tree.b)


def test_accepting_fails_when_the_member_has_left_the_sender_meanwhile(tree, member):
    transfer = to_b(tree, member)
    Member.objects.filter(pk=member.pk).update(archived_on=TODAY, archive_reason="死亡")
    with pytest.raises(ValidationError, match="已不在转出组织的名册上"):
        services.accept_transfer(transfer=transfer, user=tree.secretary_b)


def test_an_accept_date_before_the_transfer_or_in_the_future_is_refused(tree, member):
    transfer = to_b(tree, member)
    with pytest.raises(ValidationError, match="不能早于转出日期"):
        services.accept_transfer(transfer=transfer, user=tree.secretary_b, on=TODAY - timedelta(days=1))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.accept_transfer(transfer=transfer, user=tree.secretary_b, on=TODAY + timedelta(days=1))


def test_letters_out_of_the_system_are_numbered_per_year(tree):
    people = [MemberFactory(organization=tree.a) for _ in range(3)]
    dates = [date(2025, 12, 30), date(2026, 1, 5), date(2026, 2, 1)]
    letters = [services.propose_transfer(member=m, user=tree.secretary_a, on=d, external_name="外省某支部")
               for m, d in zip(people, dates)]
    assert [t.letter_number for t in letters] == ["〔2025〕第 0001 号", "〔2026〕第 0001 号", "〔2026〕第 0002 号"]
    services.withdraw_transfer(transfer=letters[2], user=tree.secretary_a)
    fourth = services.propose_transfer(member=people[2], user=tree.secretary_a, on=date(2026, 3, 1),
                                       external_name="外省某支部")
    assert fourth.letter_number == "〔2026〕第 0003 号"  # a withdrawn letter's number is not reused


def test_out_of_the_system_the_member_leaves_the_roll_when_the_receipt_comes_back(client, tree, member):
    response = propose(client, tree.secretary_a, member, external_name="外省某县某支部")
    assert "已开具组织关系介绍信 〔" in response.text
    transfer = MemberTransfer.objects.get()
    assert "张转接" in roster_names(client, tree.secretary_a, tree.a)  # the letter travels first
    letter = client.get(reverse("members:transfer_letter", args=[transfer.pk])).text
    assert transfer.letter_number in letter and member.id_number in letter and "回　执" in letter
    assert PersonalDataLog.objects.filter(member=member, detail__contains="介绍信").exists()
    client.post(reverse("members:transfer_receipt", args=[transfer.pk]), {"on": TODAY.isoformat()}, follow=True)
    member.refresh_from_db()
    assert member.archived_on == TODAY and "外省某县某支部" in member.archive_reason
    assert MemberTransfer.objects.get().status == "completed"
    assert "张转接" not in roster_names(client, tree.secretary_a, tree.a)


def test_only_the_sender_prints_the_letter(client, tree, member):
    transfer = services.propose_transfer(member=member, user=tree.secretary_a, on=TODAY, external_name="外省某支部")
    client.force_login(tree.staff_w)
    assert client.get(reverse("members:transfer_letter", args=[transfer.pk])).status_code == 403
    internal = to_b(tree, MemberFactory(organization=tree.a))
    client.force_login(tree.secretary_a)
    assert client.get(reverse("members:transfer_letter", args=[internal.pk])).status_code == 404


def test_both_workbenches_show_the_pending_transfer(client, tree, member):
    to_b(tree, member)
    client.force_login(tree.secretary_b)
    incoming = client.get(reverse("home")).text
    assert "待我方接收" in incoming and "接收张转接" in incoming
    client.force_login(tree.secretary_a)
    outgoing = client.get(reverse("home")).text
    assert "我方转出" in outgoing and "待对方接收" in outgoing and "待我方接收" not in outgoing
    client.force_login(tree.staff_x)
    assert "张转接" not in client.get(reverse("home")).text


@pytest.mark.parametrize("show, listed", [
    ("pending", {"待办", "外出"}), ("outgoing", {"待办", "外出", "调走"}), ("incoming", {"转来"}), ("done", {"调走", "转来"}),
])
def test_an_organizations_transfer_list(client, tree, show, listed):
    pending = MemberFactory(organization=tree.a, name="待办")
    to_b(tree, pending)
    services.propose_transfer(member=MemberFactory(organization=tree.a, name="外出"), user=tree.secretary_a, on=TODAY,
                              external_name="外省某支部")
    back = MemberFactory(organization=tree.a, name="调走")
    services.accept_transfer(transfer=to_b(tree, back), user=tree.secretary_b)
    incoming = MemberFactory(organization=tree.b, name="转来")
    services.accept_transfer(transfer=services.propose_transfer(
        member=incoming, user=tree.secretary_b, on=TODAY, to_organization=tree.a), user=tree.secretary_a)
    client.force_login(tree.secretary_a)
    text = client.get(reverse("members:transfers", args=[tree.a.pk]), {"show": show}).text
    assert {name for name in ("待办", "外出", "调走", "转来") if f">{name}</a>" in text} == listed


def test_the_member_page_lists_only_moves_that_happened(client, tree, member):
    services.return_transfer(transfer=to_b(tree, member), user=tree.secretary_b, reason="名额已满")
    services.accept_transfer(transfer=to_b(tree, member), user=tree.secretary_b)
    client.force_login(tree.secretary_b)
    text = client.get(member.get_absolute_url()).text
    section = text.split("<h2>组织关系转接</h2>")[1]
    moves, unsuccessful = section.split("未办成的转接")
    assert moves.count("系统内调整") == 1
    assert "已退回（名额已满）" in unsuccessful


def test_the_other_sides_code_never_shows_for_a_dissolved_or_unknown_receiver_in_the_service(tree, member):
    dissolved = make_org(tree.x, code="F", name="己公司党支部", kind=OrgKind.BRANCH, status="dissolved")
    with pytest.raises(ValidationError) as failed:
        services.propose_transfer(member=member, user=tree.secretary_a, on=TODAY, to_organization=dissolved)
    assert failed.value.messages == [RECEIVER_NOT_FOUND]


def test_the_accept_filter_and_the_accept_check_agree(tree):
    """restrict(user, ACCEPT) (workbench) lists exactly the transfers can_accept lets the service decide."""
    from accounts.scope import ACCEPT, can_accept

    secretary_c = user_with(Role.SECRETARY, tree.c, "secretary_c")
    a_to_b = to_b(tree, MemberFactory(organization=tree.a))
    a_to_c = services.propose_transfer(member=MemberFactory(organization=tree.a), user=tree.secretary_a, on=TODAY,
                                       to_organization=tree.c)
    letter = services.propose_transfer(member=MemberFactory(organization=tree.a), user=tree.secretary_a, on=TODAY,
                                       external_name="外省某支部")
    users = [tree.secretary_a, tree.secretary_b, secretary_c, tree.staff_w, tree.staff_x, tree.admin_w, tree.superuser]
    for user in users:
        listed = set(MemberTransfer.objects.restrict(user, ACCEPT).filter(direction="internal"))
        allowed = {t for t in (a_to_b, a_to_c) if can_accept(
            user, sender_path=t.from_organization.path, receiver_path=t.to_organization.path)}
        assert listed == allowed, user
        assert letter not in set(MemberTransfer.objects.restrict(user, ACCEPT)) or user.is_superuser
    assert set(MemberTransfer.objects.restrict(tree.staff_w, ACCEPT)) == {a_to_b}
    assert set(MemberTransfer.objects.restrict(secretary_c, ACCEPT)) == {a_to_c}
