"""Schemes as data: the shipped defaults, copying for a new year, and versioning that keeps old results."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assessments import schemes, selectors
from assessments.models import Criterion, ItemAssessment, Scheme
from tests.test_assess_workflow import build_campaign, reviewed, submitted

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def defaults(db):
    schemes.ensure_default_schemes()
    return {s.name: s for s in Scheme.objects.filter(owner__isnull=True)}


def test_the_three_defaults_are_shipped(defaults):
    ten = defaults["行业示范基层党组织建设（十个示范）"]
    areas = list(ten.criteria.filter(kind="area").values_list("title", flat=True))
    assert [a[:4] for a in areas] == ["理论学习", "政治引领", "服务群众", "融合发展", "队伍建设", "党建活动", "文化建设",
                                      "组织活动", "制度建设", "要素保障"]
    assert selectors.max_total(ten) == Decimal("100")
    five = defaults["党建示范点“五好四化”"]
    assert five.criteria.filter(kind="area").count() == 9 and selectors.max_total(five) == Decimal("100")
    nine = defaults["党建阵地“九有”标准"]
    assert list(nine.criteria.filter(kind="item").values_list("indicator", flat=True))[:2] == [
        "venue:activity_room", "venue:reading_room"]
    schemes.ensure_default_schemes()  # idempotent
    assert Scheme.objects.filter(owner__isnull=True).count() == 3


def test_copy_is_deep_and_editing_it_leaves_old_results_intact(tree):
    campaign = build_campaign(tree)
    old_scheme = campaign.scheme
    p = reviewed(submitted(campaign, tree.a, tree.secretary_a), tree.staff_w)
    before = (p.self_total, p.final_total, sorted(p.items.values_list("criterion__title", "criterion__max_points")))

    copy = schemes.copy_scheme(scheme=old_scheme, user=tree.staff_w, owner=tree.w, name="2026年示范方案", year=2026)
    assert (copy.copied_from, copy.owner, copy.year) == (old_scheme, tree.w, 2026)
    assert copy.criteria.count() == old_scheme.criteria.count()
    assert not copy.criteria.filter(parent__scheme=old_scheme).exists()  # parents point inside the copy
    service = copy.criteria.get(title="为群众办实事")
    service.title, service.max_points = "为群众办实事好事", Decimal("20")
    schemes.save_criterion(criterion=service, user=tree.staff_w)
    schemes.delete_criterion(criterion=copy.criteria.get(title="制度执行"), user=tree.staff_w)
    assert copy.criteria.get(kind="area", title="服务群众").max_points == Decimal("20")

    p.refresh_from_db()
    after = (p.self_total, p.final_total, sorted(p.items.values_list("criterion__title", "criterion__max_points")))
    assert after == before
    assert ItemAssessment.objects.filter(criterion__scheme=copy).count() == 0
    assert old_scheme.criteria.get(title="为群众办实事").max_points == Decimal("10")


def test_a_scheme_in_use_cannot_be_edited(tree, client):
    campaign = build_campaign(tree)
    criterion = campaign.scheme.criteria.get(title="制度执行")
    criterion.max_points = Decimal("50")
    with pytest.raises(ValidationError, match="复制"):
        schemes.save_criterion(criterion=criterion, user=tree.staff_w)
    with pytest.raises(ValidationError):
        schemes.delete_criterion(criterion=criterion, user=tree.staff_w)
    client.force_login(tree.staff_w)
    assert client.get(reverse("assessments:criterion_edit", args=[criterion.pk])).status_code == 403
    assert "不能修改" in client.get(campaign.scheme.get_absolute_url()).content.decode()


def test_who_may_copy_and_edit(tree, defaults):
    ten = defaults["行业示范基层党组织建设（十个示范）"]
    assert not schemes.can_edit_scheme(tree.staff_w, ten)  # shipped schemes: superusers only
    assert schemes.can_edit_scheme(tree.superuser, ten)
    with pytest.raises(PermissionDenied):
        schemes.copy_scheme(scheme=ten, user=tree.staff_x, owner=tree.w, name="借用", year=2026)
    copy = schemes.copy_scheme(scheme=ten, user=tree.staff_w, owner=tree.w, name="东海2026", year=2026)
    assert schemes.can_edit_scheme(tree.staff_w, copy) and not schemes.can_edit_scheme(tree.staff_x, copy)
    assert copy not in Scheme.objects.restrict(tree.staff_x)
    assert copy in Scheme.objects.restrict(tree.staff_w)


def test_criterion_rules(tree):
    scheme = Scheme.objects.create(name="新方案", year=2026, owner=tree.w)
    area = schemes.save_criterion(criterion=Criterion(scheme=scheme, kind="area", title="领域"), user=tree.staff_w)
    with pytest.raises(ValidationError):
        schemes.save_criterion(criterion=Criterion(scheme=scheme, kind="item", title="无领域", max_points=5),
                               user=tree.staff_w)
    with pytest.raises(ValidationError):
        schemes.save_criterion(criterion=Criterion(scheme=scheme, parent=area, kind="item", title="x", max_points=5,
                                                   indicator="typed_by_hand"), user=tree.staff_w)
    item = schemes.save_criterion(criterion=Criterion(scheme=scheme, parent=area, kind="item", title="出席率",
                                                      max_points=5, indicator="attendance"), user=tree.staff_w)
    assert item.order == 2 and item.indicator_label == "党员参加组织生活出席率"


def test_copy_and_edit_through_the_pages(client, tree, defaults):
    ten = defaults["行业示范基层党组织建设（十个示范）"]
    client.force_login(tree.staff_w)
    response = client.post(reverse("assessments:scheme_copy", args=[ten.pk]), {"name": "东海2026", "year": 2026, "owner": tree.w.pk})
    copy = Scheme.objects.get(name="东海2026")
    assert response.url == copy.get_absolute_url()
    item = copy.criteria.get(title="按期换届")
    data = {"kind": "item", "parent": item.parent_id, "order": 2, "title": "按期换届（含届中调整）", "max_points": "4",
            "weight": "1", "evidence_required": "", "indicator": "elections", "description": ""}
    assert client.post(reverse("assessments:criterion_edit", args=[item.pk]), data).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.max_points) == ("按期换届（含届中调整）", Decimal("4"))
    assert ten.criteria.filter(title="按期换届").exists()
    client.force_login(tree.secretary_a)
    assert client.post(reverse("assessments:scheme_copy", args=[ten.pk]), {"name": "x", "year": 2026, "owner": tree.a.pk}).status_code == 403
    assert not Scheme.objects.filter(name="x").exists()


def test_the_scheme_page_says_how_each_automatic_item_is_computed(client, tree, defaults):
    client.force_login(tree.secretary_a)
    page = client.get(defaults["行业示范基层党组织建设（十个示范）"].get_absolute_url()).content.decode()
    assert "自动：发展党员各环节按期率" in page
    assert "在培养人员中没有逾期未办发展环节的比例" in page
