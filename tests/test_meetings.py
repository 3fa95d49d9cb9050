"""Logging meetings: planning creates expected attendance, the one-screen log, attendance, evidence lock,
attachments checked by type and size, and scope."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityRules, Attachment, Attendance, Meeting
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def crew(tree):
    return [MemberFactory(organization=tree.a, name=n) for n in ("张一", "李二", "王三")]


def plan(client, tree, **overrides):
    data = {"kinds": ["committee_meeting"], "planned_at": "2026-11-28T15:00", "topic": "研究发展党员",
            "topic_category": "organization", **overrides}
    client.force_login(tree.secretary_a)
    return client.post(reverse("activities:plan", args=[tree.a.pk]), data)


def test_planning_lists_the_branch_members_as_expected(client, tree, crew):
    assert plan(client, tree).status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.status == "planned"
    assert sorted(a.member.name for a in meeting.attendances.all()) == ["张一", "李二", "王三"]
    assert set(meeting.attendances.values_list("presence", flat=True)) == {"absent"}


def test_group_meeting_needs_a_group(client, tree, crew):
    response = plan(client, tree, kinds=["group_meeting"])
    assert response.status_code == 200 and "党小组会须选择党小组" in response.text


def test_quick_log_records_a_held_meeting_with_presence_and_leave(client, tree, crew):
    client.force_login(tree.secretary_a)
    moment = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("activities:quick_log", args=[tree.a.pk]), {
        "kinds": ["committee_meeting", "lecture"], "held_at": moment, "topic": "学习二十大精神",
        "topic_category": "theory", "present": [crew[0].pk, crew[1].pk], f"leave_{crew[2].pk}": "出差",
    })
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.status == "held" and meeting.kinds == ["committee_meeting", "lecture"]
    presence = {a.member.name: (a.presence, a.leave_reason) for a in meeting.attendances.all()}
    assert presence == {"张一": ("present", ""), "李二": ("present", ""), "王三": ("leave", "出差")}


def test_quick_log_refuses_a_future_time(client, tree, crew):
    client.force_login(tree.secretary_a)
    moment = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("activities:quick_log", args=[tree.a.pk]), {
        "kinds": ["committee_meeting"], "held_at": moment, "topic": "x", "topic_category": "theory"})
    assert "不能晚于现在" in response.text and not Meeting.objects.exists()


def test_attendance_is_marked_and_leave_needs_a_reason(client, tree, crew):
    plan(client, tree)
    meeting = Meeting.objects.get()
    rows = {a.member.name: a for a in meeting.attendances.all()}
    url = reverse("activities:attendance", args=[meeting.pk])
    response = client.post(url, {f"presence_{rows['张一'].pk}": "leave"}, follow=True)
    assert "请假须填写事由" in response.text
    client.post(url, {f"presence_{rows['张一'].pk}": "present", f"presence_{rows['李二'].pk}": "leave",
                      f"reason_{rows['李二'].pk}": "病假"})
    assert Attendance.objects.get(pk=rows["李二"].pk).leave_reason == "病假"
    assert Attendance.objects.get(pk=rows["张一"].pk).presence == "present"


def test_marking_held_and_cancelling(client, tree, crew):
    plan(client, tree)
    meeting = Meeting.objects.get()
    response = client.post(reverse("activities:cancel", args=[meeting.pk]), {}, follow=True)
    assert "须填写原因" in response.text
    client.post(reverse("activities:held", args=[meeting.pk]), {"held_at": "2026-11-01T15:00"})
    meeting.refresh_from_db()
    assert meeting.status == "held" and timezone.localtime(meeting.held_at).day == 1
    response = client.post(reverse("activities:cancel", args=[meeting.pk]), {"reason": "x"}, follow=True)
    assert "已召开的会议不能取消" in response.text


def test_edits_after_the_lock_period_need_a_reason_and_are_kept(client, tree, crew):
    rules = ActivityRules.current()
    long_ago = timezone.now() - timedelta(days=rules.evidence_lock_days + 1)
    meeting = Meeting.objects.create(organization=tree.a, kinds=["theme_day"], status="held", planned_at=long_ago,
                                     held_at=long_ago, topic="原主题")
    client.force_login(tree.secretary_a)
    data = {"kinds": ["theme_day"], "planned_at": timezone.localtime(long_ago).strftime("%Y-%m-%dT%H:%M"),
            "held_at": timezone.localtime(long_ago).strftime("%Y-%m-%dT%H:%M"), "topic": "新主题",
            "topic_category": "theory"}
    response = client.post(reverse("activities:edit", args=[meeting.pk]), data)
    assert "须填写修改说明" in response.text
    assert Meeting.objects.get(pk=meeting.pk).topic == "原主题"
    response = client.post(reverse("activities:edit", args=[meeting.pk]), {**data, "reason": "更正笔误"})
    assert response.status_code == 302, response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.topic == "新主题"
    latest = meeting.history.first()
    assert latest.history_change_reason == "更正笔误" and latest.history_user == tree.secretary_a
    assert meeting.history.filter(topic="原主题").exists()


@pytest.mark.parametrize("name, content, message", [
    ("sign.exe", b"MZ" + b"\x00" * 10, "只能上传"),
    ("photo.png", b"GIF89a" + b"\x00" * 10, "内容与扩展名不符"),
])
def test_attachments_are_checked_by_type(client, tree, name, content, message):
    meeting = Meeting.objects.create(organization=tree.a, kinds=["theme_day"], planned_at=timezone.now(), topic="x")
    client.force_login(tree.secretary_a)
    response = client.post(reverse("activities:attachment", args=[meeting.pk]),
                           {"kind": "photo", "file": SimpleUploadedFile(name, content)}, follow=True)
    assert message in response.text and not Attachment.objects.exists()


def test_attachments_are_checked_by_size(client, tree):
    rules = ActivityRules.current()
    rules.max_attachment_mb = 1
    rules.save()
    meeting = Meeting.objects.create(organization=tree.a, kinds=["theme_day"], planned_at=timezone.now(), topic="x")
    client.force_login(tree.secretary_a)
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (1024 * 1024 + 1))
    response = client.post(reverse("activities:attachment", args=[meeting.pk]), {"kind": "photo", "file": big}, follow=True)
    assert "文件过大" in response.text and not Attachment.objects.exists()


def test_a_good_photo_is_stored_and_only_visible_in_scope(client, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = Meeting.objects.create(organization=tree.a, kinds=["theme_day"], planned_at=timezone.now(), topic="x")
    client.force_login(tree.secretary_a)
    client.post(reverse("activities:attachment", args=[meeting.pk]),
                {"kind": "sign_in", "file": SimpleUploadedFile("签到.png", PNG)})
    attachment = Attachment.objects.get()
    url = reverse("activities:attachment_download", args=[attachment.pk])
    assert client.get(url).status_code == 200
    client.force_login(tree.secretary_b)
    assert client.get(url).status_code == 404


def test_a_secretary_cannot_see_or_log_another_branchs_meetings(client, tree):
    meeting = Meeting.objects.create(organization=tree.b, kinds=["theme_day"], planned_at=timezone.now(), topic="x")
    client.force_login(tree.secretary_a)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(reverse("activities:list", args=[tree.b.pk])).status_code == 404
    assert client.post(reverse("activities:plan", args=[tree.b.pk]), {}).status_code == 404
    assert client.post(reverse("activities:held", args=[meeting.pk]), {"held_at": "2026-11-01T10:00"}).status_code == 404


def test_staff_see_but_cannot_log(client, tree):
    meeting = Meeting.objects.create(organization=tree.a, kinds=["theme_day"], planned_at=timezone.now(), topic="x")
    client.force_login(tree.staff_w)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(reverse("activities:plan", args=[tree.a.pk])).status_code == 403
    assert client.post(reverse("activities:held", args=[meeting.pk]), {"held_at": "2026-11-01T10:00"}).status_code == 403


def test_meeting_list_shows_calendar_and_compliance(client, tree):
    Meeting.objects.create(organization=tree.a, kinds=["theme_day"], planned_at=timezone.now(), topic="参观红色教育基地")
    client.force_login(tree.secretary_a)
    text = client.get(reverse("activities:list", args=[tree.a.pk])).text
    assert "主题党日" in text and "本期完成情况" in text and "待办" in text
