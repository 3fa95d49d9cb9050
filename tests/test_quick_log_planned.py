"""The quick log offers this period's planned meeting of the chosen kind: choosing it marks that meeting
held (its attendance becomes what was ticked) instead of leaving a planned duplicate behind."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Attendance, Meeting
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(client, tree):
    """Branch A planned a 主题党日 early today (with 张一, 李二 expected and a guest invited), a 主题党日
    last month and a 支委会 today; branch B planned a 主题党日 today."""
    crew = [MemberFactory(organization=tree.a, name=n) for n in ("张一", "李二")]
    early_today = timezone.localtime().replace(hour=0, minute=5, second=0, microsecond=0)
    client.force_login(tree.secretary_a)
    client.post(reverse("activities:plan", args=[tree.a.pk]), {
        "kinds": ["theme_day"], "planned_at": early_today.strftime("%Y-%m-%dT%H:%M"), "topic": "参观红色教育基地",
        "topic_category": "red_education", "place": "纪念馆"})
    theme_day = Meeting.objects.get()
    Attendance.objects.create(meeting=theme_day, guest_name="王经理", expected=False, presence="present")
    last_month = early_today.replace(day=1) - timedelta(days=3)
    Meeting.objects.create(organization=tree.a, kinds=["theme_day"], planned_at=last_month, topic="上月主题党日")
    Meeting.objects.create(organization=tree.a, kinds=["committee_meeting"], planned_at=early_today, topic="支委会")
    Meeting.objects.create(organization=tree.b, kinds=["theme_day"], planned_at=early_today, topic="乙的主题党日")
    return theme_day, crew


def offers(client, tree, kinds):
    text = client.get(reverse("activities:quick_log", args=[tree.a.pk]), {"kinds": kinds}).text
    return [topic for topic in ("参观红色教育基地", "上月主题党日", "支委会", "乙的主题党日") if f"（{topic}）" in text]


def test_the_quick_log_offers_this_periods_planned_meetings_of_the_chosen_kinds(client, tree, planned):
    theme_day, _ = planned
    assert offers(client, tree, ["theme_day"]) == ["参观红色教育基地"]
    assert offers(client, tree, ["theme_day", "committee_meeting"]) == ["参观红色教育基地", "支委会"]
    assert offers(client, tree, ["lecture"]) == []
    text = client.get(reverse("activities:quick_log", args=[tree.a.pk]), {"kinds": ["theme_day"]}).text
    assert f"标记 {timezone.localtime(theme_day.planned_at):%-m月%-d日} 计划的主题党日为已召开" in " ".join(text.split())
    opened = client.get(reverse("activities:quick_log", args=[tree.a.pk])).text  # opens on 支委会
    assert "（支委会）" in opened and "（参观红色教育基地）" not in opened


def log(client, tree, crew, **fields):
    moment = (timezone.localtime() - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    return client.post(reverse("activities:quick_log", args=[tree.a.pk]), {
        "kinds": ["theme_day"], "held_at": moment, "topic_category": "red_education",
        f"state_{crew[0].pk}": "present", f"state_{crew[1].pk}": "leave", f"reason_{crew[1].pk}": "出差", **fields})


def test_choosing_it_marks_the_planned_meeting_held_with_the_attendance_ticked(client, tree, planned):
    theme_day, crew = planned
    response = log(client, tree, crew, planned=theme_day.pk, topic="", minutes="参观并重温入党誓词。")
    assert response.status_code == 302 and response["Location"] == theme_day.get_absolute_url()
    assert Meeting.objects.filter(organization=tree.a, kinds__contains=["theme_day"]).count() == 2  # + last month's
    theme_day.refresh_from_db()
    assert theme_day.status == "held" and theme_day.held_at is not None
    assert (theme_day.topic, theme_day.place, theme_day.minutes) == ("参观红色教育基地", "纪念馆", "参观并重温入党誓词。")
    rows = {a.member.name if a.member else a.guest_name: (a.presence, a.leave_reason)
            for a in theme_day.attendances.all()}
    assert rows == {"张一": ("present", ""), "李二": ("leave", "出差"), "王经理": ("present", "")}
    assert "计划的会议已标记为已召开" in client.get(theme_day.get_absolute_url()).text


def test_without_choosing_it_the_quick_log_records_a_new_meeting(client, tree, planned):
    theme_day, crew = planned
    assert log(client, tree, crew, topic="另一次主题党日").status_code == 302
    theme_day.refresh_from_db()
    assert theme_day.status == "planned"
    assert Meeting.objects.filter(topic="另一次主题党日", status="held").count() == 1


def test_a_planned_meeting_that_is_gone_or_not_ours_is_a_form_error(client, tree, planned):
    theme_day, crew = planned
    other = Meeting.objects.get(topic="乙的主题党日")
    for choice in (other.pk, "abc"):
        response = log(client, tree, crew, planned=choice, topic="")
        assert response.status_code == 200 and "所选的计划会议已不存在或已处理" in response.text
    log(client, tree, crew, planned=theme_day.pk, topic="")
    response = log(client, tree, crew, planned=theme_day.pk, topic="")  # submitted twice
    assert response.status_code == 200 and "所选的计划会议已不存在或已处理" in response.text
    assert Meeting.objects.filter(status="held").count() == 1


def test_a_new_meeting_still_needs_a_topic(client, tree, planned):
    _, crew = planned
    response = log(client, tree, crew, topic="")
    assert response.status_code == 200 and "请填写主题" in response.text
