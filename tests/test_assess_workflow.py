"""The review workflow and its permissions, totals, ranking ties, history, evidence, 问题清单 → 整改."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from activities.models import Meeting
from assessments import campaigns, problems, schemes, selectors, venues, workflow
from assessments.models import Criterion, Participation, Rectification, Scheme, Venue
from branches.models import Organization
from tests.factories import grant

pytestmark = [pytest.mark.django_db]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def build_scheme(owner=None, name="测试示范方案") -> Scheme:
    """组织活动 (theme days, computed, 10) · 服务群众 (manual, 10, evidence) · 制度建设 (manual, 5, area weight 2)."""
    scheme = Scheme.objects.create(name=name, year=2025, owner=owner)
    life = Criterion.objects.create(scheme=scheme, kind="area", order=1, title="组织活动")
    Criterion.objects.create(scheme=scheme, parent=life, kind="item", order=1, title="主题党日按月开展",
                             max_points=10, indicator="meetings:theme_day")
    service = Criterion.objects.create(scheme=scheme, kind="area", order=2, title="服务群众")
    Criterion.objects.create(scheme=scheme, parent=service, kind="item", order=1, title="为群众办实事",
                             max_points=10, evidence_required="服务照片")
    rules = Criterion.objects.create(scheme=scheme, kind="area", order=3, title="制度建设", weight=2)
    Criterion.objects.create(scheme=scheme, parent=rules, kind="item", order=1, title="制度执行", max_points=5)
    return scheme


def build_campaign(tree, year=2025):
    campaign = campaigns.create_campaign(user=tree.staff_w, scheme=build_scheme(tree.w), organizer=tree.w,
                                         name=f"{year}年度示范党支部创建", year=year)
    campaigns.add_participants(campaign=campaign, user=tree.staff_w, branches=[tree.a, tree.b])
    return campaign


def fill_plan(participation):
    plan = participation.plan
    plan.highlight_1, plan.targets, plan.measures = "党建引领业务", "建成示范支部", "每月一次主题党日"
    plan.deadline, plan.contact_leader, plan.responsible = date(2026, 7, 31), "王委员", "李书记"
    plan.save()


def items_of(participation) -> dict:
    return {i.criterion.title: i for i in participation.items.select_related("criterion")}


def submitted(campaign, branch, user, service="9", rules="4.5") -> Participation:
    p = campaign.participations.get(branch=branch)
    fill_plan(p)
    items = items_of(p)
    workflow.save_self_scores(participation=p, user=user, scores={items["为群众办实事"].pk: (service, "走访群众"),
                                                                  items["制度执行"].pk: (rules, "")})
    workflow.submit(participation=p, user=user)
    return p


def reviewed(p, user, service="8", rules="4") -> Participation:
    items = items_of(p)
    workflow.save_reviewer_scores(participation=p, user=user, scores={items["为群众办实事"].pk: (service, "较好"),
                                                                      items["制度执行"].pk: (rules, "")})
    return workflow.mark_reviewed(participation=p, user=user, comment="总体较好")


@pytest.fixture
def campaign(tree):
    return build_campaign(tree)


def test_campaign_gets_default_phases_and_one_row_per_item(tree, campaign):
    assert [(ph.name, ph.starts_on, ph.ends_on) for ph in campaign.phases.all()] == [
        ("安排部署", date(2025, 5, 1), date(2025, 6, 30)), ("推进", date(2025, 7, 1), date(2025, 12, 31)),
        ("完善提升", date(2026, 1, 1), date(2026, 5, 31)), ("总结推广", date(2026, 6, 1), date(2026, 7, 31))]
    assert (campaign.period_start, campaign.period_end) == (date(2025, 5, 1), date(2026, 7, 31))
    assert campaign.participations.count() == 2
    assert all(p.items.count() == 3 for p in campaign.participations.all())
    with pytest.raises(ValidationError):
        campaigns.add_participants(campaign=campaign, user=tree.staff_w, branches=[tree.w])  # not a branch
    with pytest.raises(PermissionDenied):
        campaigns.add_participants(campaign=campaign, user=tree.staff_x, branches=[tree.c])


def test_self_assessment_review_and_approval_with_weighted_totals(tree, campaign):
    p = campaign.participations.get(branch=tree.a)
    items = items_of(p)
    with pytest.raises(ValidationError, match="创建方案"):
        workflow.submit(participation=p, user=tree.secretary_a)
    fill_plan(p)
    workflow.save_self_scores(participation=p, user=tree.secretary_a, scores={items["为群众办实事"].pk: ("9", "走访群众")})
    with pytest.raises(ValidationError, match="制度执行"):
        workflow.submit(participation=p, user=tree.secretary_a)
    with pytest.raises(ValidationError, match="0到5"):
        workflow.save_self_scores(participation=p, user=tree.secretary_a, scores={items["制度执行"].pk: ("6", "")})
    workflow.save_self_scores(participation=p, user=tree.secretary_a, scores={items["制度执行"].pk: ("4.5", "")})
    warnings = workflow.submit(participation=p, user=tree.secretary_a)
    assert "为群众办实事" in warnings[0]  # evidence required but none attached: flagged, not blocked
    p.refresh_from_db()
    assert p.status == "submitted"
    assert p.self_total == Decimal("18.00")  # 9 + 4.5 × area weight 2 + theme days computed as 0 (none held)
    with pytest.raises(ValidationError):
        workflow.save_self_scores(participation=p, user=tree.secretary_a, scores={items["制度执行"].pk: ("5", "")})
    with pytest.raises(ValidationError, match="尚未评分"):
        workflow.mark_reviewed(participation=p, user=tree.staff_w)
    with pytest.raises(ValidationError, match="须先完成评审"):
        workflow.approve(participation=p, user=tree.staff_w)
    reviewed(p, tree.staff_w)
    workflow.approve(participation=p, user=tree.staff_w)
    p.refresh_from_db()
    assert (p.status, p.final_total, p.reviewed_by) == ("approved", Decimal("16.00"), tree.staff_w)
    with pytest.raises(ValidationError):
        workflow.save_reviewer_scores(participation=p, user=tree.staff_w, scores={items["制度执行"].pk: ("5", "")})


def test_returned_assessment_goes_back_to_the_branch(tree, campaign):
    p = submitted(campaign, tree.a, tree.secretary_a)
    with pytest.raises(ValidationError, match="意见"):
        workflow.return_for_revision(participation=p, user=tree.staff_w, comment=" ")
    workflow.return_for_revision(participation=p, user=tree.staff_w, comment="佐证不足")
    items = items_of(p)
    workflow.save_self_scores(participation=p, user=tree.secretary_a, scores={items["为群众办实事"].pk: ("7", "补充")})
    workflow.submit(participation=p, user=tree.secretary_a)
    assert Participation.objects.get(pk=p.pk).status == "submitted"


def test_reviewer_column_and_decisions_are_403_for_the_branch(client, tree, campaign):
    p = submitted(campaign, tree.a, tree.secretary_a)
    item = items_of(p)["为群众办实事"]
    client.force_login(tree.secretary_a)
    response = client.post(reverse("assessments:review_scores", args=[p.pk]), {f"review_{item.pk}": "10"})
    assert response.status_code == 403
    for action in ("reviewed", "approve", "return"):
        assert client.post(reverse("assessments:transition", args=[p.pk, action]), {"comment": "x"}).status_code == 403
    assert client.post(reverse("assessments:problem_add", args=[p.pk]), {}).status_code == 403
    item.refresh_from_db()
    assert item.reviewer_score is None
    page = client.get(p.get_absolute_url()).content.decode()
    assert f'name="review_{item.pk}"' not in page


def test_staff_cannot_write_the_self_column(client, tree, campaign):
    p = campaign.participations.get(branch=tree.a)
    item = items_of(p)["为群众办实事"]
    client.force_login(tree.staff_w)
    assert client.post(reverse("assessments:self_scores", args=[p.pk]), {f"self_{item.pk}": "10"}).status_code == 403
    assert client.post(reverse("assessments:transition", args=[p.pk, "submit"])).status_code == 403


def test_secretary_who_is_also_staff_cannot_review_the_own_branch(tree, campaign):
    grant(tree.secretary_a, tree.w, Role.STAFF)
    tree.secretary_a._scope_cache = None
    p = submitted(campaign, tree.a, tree.secretary_a)
    with pytest.raises(PermissionDenied):
        reviewed(p, tree.secretary_a)
    q = submitted(campaign, tree.b, tree.secretary_b)
    reviewed(q, tree.secretary_a)  # another branch of the subtree is fine
    assert Participation.objects.get(pk=q.pk).status == "reviewed"


def test_outside_scope_is_404(client, tree, campaign):
    p = campaign.participations.get(branch=tree.a)
    for user in (tree.secretary_b, tree.staff_x):
        client.force_login(user)
        assert client.get(p.get_absolute_url()).status_code == 404
        assert client.post(reverse("assessments:review_scores", args=[p.pk]), {}).status_code == 404
    client.force_login(tree.staff_x)
    assert client.get(campaign.get_absolute_url()).status_code == 404
    client.force_login(tree.secretary_a)
    assert client.get(p.get_absolute_url()).status_code == 200
    assert client.get(campaign.get_absolute_url()).status_code == 200


def _row(name, status, total):
    return Participation(branch=Organization(name=name), status=status, final_total=Decimal(total))


def test_ranking_ties_share_a_rank_and_skip_the_next():
    rows = [_row("丁", "reviewed", "80"), _row("甲", "approved", "90"), _row("丙", "reviewed", "85"),
            _row("乙", "approved", "85"), _row("戊", "submitted", "99"), _row("己", "reviewed", "80")]
    result = [(r.rank, r.participation.branch.name) for r in selectors.ranking(rows)]
    assert result == [(1, "甲"), (2, "丙"), (2, "乙"), (4, "丁"), (4, "己"), (None, "戊")]


def test_campaign_page_ranks_equal_totals_together(client, tree, campaign):
    for branch, user in ((tree.a, tree.secretary_a), (tree.b, tree.secretary_b)):
        reviewed(submitted(campaign, branch, user), tree.staff_w)
    client.force_login(tree.staff_w)
    rows = client.get(campaign.get_absolute_url()).context["rows"]
    assert [(r.rank, r.participation.final_total) for r in rows] == [(1, Decimal("16.00")), (1, Decimal("16.00"))]
    client.force_login(tree.secretary_a)  # a branch sees its own row, ranked among all
    rows = client.get(campaign.get_absolute_url()).context["rows"]
    assert [(r.rank, r.participation.branch) for r in rows] == [(1, tree.a)]


def test_every_score_change_is_in_the_history(client, tree, campaign):
    p = submitted(campaign, tree.a, tree.secretary_a)
    items = items_of(p)
    workflow.save_reviewer_scores(participation=p, user=tree.staff_w, scores={items["为群众办实事"].pk: ("8", "")})
    workflow.save_reviewer_scores(participation=p, user=tree.staff_w, scores={items["为群众办实事"].pk: ("7.5", "佐证偏少")})
    changes = selectors.score_history(p)
    reviewer = [(c.old, c.new, c.user) for c in changes if c.field == "评审分"]
    assert reviewer == [(Decimal("8.00"), Decimal("7.50"), tree.staff_w), (None, Decimal("8.00"), tree.staff_w)]
    assert any(c.field == "自评分" and c.new == Decimal("9.00") and c.user == tree.secretary_a for c in changes)
    assert any(c.field == "状态" and c.new == "已提交" for c in changes)
    client.force_login(tree.staff_w)
    page = client.get(reverse("assessments:history", args=[p.pk])).content.decode()
    assert "佐证偏少" in page and "7.50" in page


def test_evidence_files_and_meeting_links(client, tree, campaign, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = campaign.participations.get(branch=tree.a)
    item = items_of(p)["为群众办实事"]
    url = reverse("assessments:evidence_add", args=[item.pk])
    client.force_login(tree.secretary_a)
    response = client.post(url, {"file": SimpleUploadedFile("服务.png", PNG), "note": "走访"}, follow=True)
    assert "佐证材料已添加" in response.content.decode()
    for bad in (SimpleUploadedFile("x.txt", b"hello"), SimpleUploadedFile("fake.png", b"GIF89a....")):
        response = client.post(url, {"file": bad}, follow=True)
        assert "佐证材料已添加" not in response.content.decode()
    now = timezone.now()
    other = Meeting.objects.create(organization=tree.b, kinds=["theme_day"], status="held", planned_at=now, held_at=now, topic="乙")
    own = Meeting.objects.create(organization=tree.a, kinds=["theme_day"], status="held", planned_at=now, held_at=now, topic="甲")
    client.post(url, {"meeting": other.pk})
    client.post(url, {"meeting": own.pk})
    assert [(e.original_name, e.meeting_id) for e in item.evidence.all()] == [("服务.png", None), ("", own.pk)]
    evidence = item.evidence.first()
    assert client.get(reverse("assessments:evidence_file", args=[evidence.pk])).status_code == 200
    client.force_login(tree.secretary_b)
    assert client.get(reverse("assessments:evidence_file", args=[evidence.pk])).status_code == 404
    submitted(campaign, tree.a, tree.secretary_a)
    with pytest.raises(ValidationError):
        workflow.add_evidence(item=item, user=tree.secretary_a, meeting=own)


def test_problems_are_rectified_to_closure_and_overdue_items_remind_the_secretary(client, tree, campaign):
    from assessments.reminders import rectification_candidates
    from reminders import sweep
    from reminders.models import Reminder, ReminderSettings
    from reminders.recipients import Directory

    p = submitted(campaign, tree.a, tree.secretary_a)
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        problems.add_problem(participation=p, user=tree.secretary_a, description="问题", measure="措施", owner="张三",
                             deadline=today)
    problem = problems.add_problem(participation=p, user=tree.staff_w, description="主题党日形式单一", measure="制定年度计划",
                                   owner="组织委员", deadline=today - timedelta(days=3), item=items_of(p)["为群众办实事"])
    row = problem.rectifications.get()

    found = rectification_candidates(today, ReminderSettings.current(), Directory(), "")
    assert [(c.kind, c.subject, c.recipients) for c in found] == [
        ("rectification_overdue", f"rectification:{row.pk}", {tree.secretary_a.pk})]
    assert found[0].url.startswith(p.get_absolute_url())
    assert rectification_candidates(today, ReminderSettings.current(), Directory(), tree.x.path) == []
    assert sweep.record(found)["rectification_overdue"] == 1
    assert sweep.record(found)["rectification_overdue"] == 0  # the key makes a second sweep harmless
    assert Reminder.objects.filter(recipient=tree.secretary_a, kind="rectification_overdue").count() == 1

    client.force_login(tree.secretary_a)
    done = reverse("assessments:rectification_action", args=[row.pk, "done"])
    client.post(done, {"note": "已制定计划并执行"})
    row.refresh_from_db()
    assert row.status == Rectification.State.DONE
    assert rectification_candidates(today, ReminderSettings.current(), Directory(), "") == []
    assert client.post(reverse("assessments:rectification_action", args=[row.pk, "close"])).status_code == 403
    client.force_login(tree.staff_w)
    client.post(reverse("assessments:rectification_action", args=[row.pk, "close"]))
    row.refresh_from_db()
    assert (row.status, row.closed_on) == (Rectification.State.CLOSED, today)


def test_quarterly_report_page_and_xlsx(client, tree, campaign):
    from io import BytesIO

    from openpyxl import load_workbook

    a = reviewed(submitted(campaign, tree.a, tree.secretary_a), tree.staff_w)
    submitted(campaign, tree.b, tree.secretary_b, service="10")
    problems.add_problem(participation=a, user=tree.staff_w, description='=HYPERLINK("http://evil.example")', measure="整改",
                         owner="张三", deadline=date(2025, 8, 1), today=date(2025, 7, 10))
    client.force_login(tree.staff_w)
    url = reverse("assessments:report", args=[campaign.pk])
    response = client.get(url, {"quarter": "2025-Q3"})
    report = response.context["report"]
    assert [(r.rank, r.participation.branch, r.basis, r.total) for r in report.rows] == [
        (1, tree.a, "评审", Decimal("16.00")), (None, tree.b, "自评", Decimal("19.00"))]
    assert [a.title for a in report.areas] == ["组织活动", "服务群众", "制度建设"]
    assert report.rows[0].areas == [Decimal("0.00"), Decimal("8.00"), Decimal("8.00")]
    assert (report.found_in_quarter, len(report.open_rectifications), report.overdue_count) == (1, 1, 1)
    assert "2025年第3季度考核通报" in response.content.decode()
    assert client.get(url, {"quarter": "2025-Q5"}).status_code == 404

    response = client.get(reverse("assessments:report_xlsx", args=[campaign.pk]), {"quarter": "2025-Q3"})
    book = load_workbook(BytesIO(response.content))
    ranking = [[c.value for c in row] for row in book["排名"].iter_rows(min_row=3)]
    assert ranking[0][:5] == [1, tree.a.name, "已评审", "评审", 16]
    assert book["问题清单"]["B2"].value.startswith("'=HYPERLINK")

    client.force_login(tree.secretary_a)
    assert client.get(url).status_code == 404  # the 工委 is outside a secretary's view


def test_staff_set_up_a_campaign_through_the_pages(client, tree):
    scheme = build_scheme(tree.w)
    client.force_login(tree.secretary_a)
    assert client.get(reverse("assessments:campaign_new")).status_code == 403
    client.force_login(tree.staff_w)
    response = client.post(reverse("assessments:campaign_new"),
                           {"name": "2026年度示范创建", "scheme": scheme.pk, "organizer": tree.w.pk, "year": 2026})
    campaign = scheme.campaigns.get()
    assert response.url == reverse("assessments:participants", args=[campaign.pk])
    page = client.get(response.url).content.decode()
    assert tree.a.name in page and tree.c.name not in page
    client.post(response.url, {"branches": [tree.a.pk, tree.b.pk]})
    assert set(campaign.participations.values_list("branch", flat=True)) == {tree.a.pk, tree.b.pk}
    client.force_login(tree.staff_x)
    assert client.post(response.url, {"branches": [tree.c.pk]}).status_code == 404


def test_plan_and_tasks_through_the_pages(client, tree, campaign):
    p = campaign.participations.get(branch=tree.a)
    client.force_login(tree.secretary_a)
    data = {"highlight_1": "亮点", "targets": "目标", "measures": "措施", "deadline": "2026-07-31",
            "contact_leader": "王委员", "responsible": "李书记"}
    assert client.post(reverse("assessments:plan", args=[p.pk]), data).status_code == 302
    client.post(reverse("assessments:task_add", args=[p.pk]), {"title": "建阵地", "owner": "李书记", "deadline": "2025-06-30"})
    task = p.plan.tasks.get()
    client.post(reverse("assessments:task_done", args=[task.pk]))
    task.refresh_from_db()
    assert task.done_on == timezone.localdate() and p.plan.missing() == []
    client.force_login(tree.secretary_b)
    assert client.post(reverse("assessments:plan", args=[p.pk]), data).status_code == 404


def test_venue_checklist_is_recorded_by_the_branch(client, tree):
    url = reverse("assessments:venue", args=[tree.a.pk])
    client.force_login(tree.secretary_a)
    client.post(url, {"items": ["flag", "rules"], "address": "一楼"})
    assert tree.a.venue.items == ["flag", "rules"]
    client.force_login(tree.staff_w)
    assert client.get(url).status_code == 200
    assert client.post(url, {"items": ["av"]}).status_code == 403
    client.force_login(tree.secretary_b)
    assert client.get(url).status_code == 404


def test_pages_render_for_each_role(client, tree, campaign):
    p = submitted(campaign, tree.a, tree.secretary_a)
    for user in (tree.secretary_a, tree.staff_w, tree.admin_w, tree.superuser):
        client.force_login(user)
        for url in (reverse("assessments:index"), campaign.get_absolute_url(), p.get_absolute_url(),
                    reverse("assessments:org", args=[tree.a.pk]), reverse("assessments:schemes"),
                    reverse("assessments:scheme", args=[campaign.scheme_id])):
            assert client.get(url).status_code == 200, (user, url)


def test_text_too_long_for_its_column_is_a_chinese_error_and_nothing_is_written(tree):
    scheme = build_scheme(tree.w)
    with pytest.raises(ValidationError, match="不超过"):
        campaigns.create_campaign(user=tree.staff_w, scheme=scheme, organizer=tree.w, name="创" * 121, year=2025)
    with pytest.raises(ValidationError, match="不超过"):
        schemes.copy_scheme(scheme=scheme, user=tree.staff_w, owner=tree.w, name="方" * 121, year=2026)
    with pytest.raises(ValidationError, match="不超过"):
        venues.save_venue(organization=tree.a, user=tree.secretary_a, items=["flag"], address="址" * 201)
    assert not scheme.campaigns.exists() and list(Scheme.objects.filter(owner=tree.w)) == [scheme]
    assert not Venue.objects.exists()


def test_demo_adds_a_campaign_in_several_states(db):
    import random

    from django.core.management import call_command

    from demo.assessments import seed_assessments

    call_command("seed_demo", "--scale", "small", "--today", "2026-11-25")
    root = Organization.objects.get(code="S0001")
    if not Participation.objects.exists():  # until demo.world lists the step
        seed_assessments(root, random.Random(1), date(2026, 11, 25), "small")
    states = set(Participation.objects.values_list("status", flat=True))
    assert states == {"draft", "submitted", "reviewed", "approved", "returned"}
    assert Rectification.objects.filter(status="open", deadline__lt=date(2026, 11, 25)).exists()
    first = Organization.objects.filter(path__startswith=root.path, kind="branch", status="active").order_by("path")[0]
    assert Participation.objects.get(branch=first).status == "draft"  # the demo secretary shuji1 can try it
    seed_assessments(root, random.Random(1), date(2026, 11, 25), "province")  # skipped at province scale
