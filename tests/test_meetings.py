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
    data = {"kinds": ["theme_day"], "planned_at": "2026-11-28T15:00", "topic": "研究发展党员",
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


def quick_log(client, tree, **fields):
    client.force_login(tree.secretary_a)
    moment = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    data = {"kinds": ["theme_day"], "held_at": moment, "topic": "学习二十大精神", "topic_category": "theory", **fields}
    return client.post(reverse("activities:quick_log", args=[tree.a.pk]), data)


def test_quick_log_records_a_held_meeting_with_presence_and_leave(client, tree, crew):
    response = quick_log(client, tree, kinds=["theme_day", "lecture"], **{
        f"state_{crew[0].pk}": "present", f"state_{crew[1].pk}": "absent",
        f"state_{crew[2].pk}": "leave", f"reason_{crew[2].pk}": "出差"})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.status == "held" and meeting.kinds == ["theme_day", "lecture"]
    presence = {a.member.name: (a.presence, a.leave_reason) for a in meeting.attendances.all()}
    assert presence == {"张一": ("present", ""), "李二": ("absent", ""), "王三": ("leave", "出差")}


def test_a_leave_reason_means_leave_even_when_present_is_ticked(client, tree, crew):
    quick_log(client, tree, **{f"state_{crew[0].pk}": "present", f"reason_{crew[0].pk}": "出差",
                               f"state_{crew[1].pk}": "present", f"reason_{crew[1].pk}": "  "})
    meeting = Meeting.objects.get()
    presence = {a.member.name: (a.presence, a.leave_reason) for a in meeting.attendances.all()}
    assert presence["张一"] == ("leave", "出差") and presence["李二"] == ("present", "")
    assert "出席 1，请假 1，缺席 1" in client.get(meeting.get_absolute_url()).text  # 王三 was not marked


def test_quick_log_leave_needs_a_reason_and_nothing_is_written(client, tree, crew):
    response = quick_log(client, tree, **{f"state_{crew[0].pk}": "leave"})
    assert response.status_code == 200 and "张一请假须填写事由" in response.text
    assert not Meeting.objects.exists()


def test_quick_log_saves_minutes_and_resolutions(client, tree, crew):
    quick_log(client, tree, minutes="书记传达会议精神，大家逐一发言。", resolutions="下月开展志愿服务。")
    meeting = Meeting.objects.get()
    assert meeting.minutes == "书记传达会议精神，大家逐一发言。" and meeting.resolutions == "下月开展志愿服务。"
    text = client.get(meeting.get_absolute_url()).text
    assert "会议记录" in text and "下月开展志愿服务。" in text


@pytest.mark.parametrize("junk", [{"state_abc": "present"}, {"reason_1x": "出差"}, {"state_99999999999999999999": "present"}])
def test_junk_attendance_fields_are_a_chinese_400(client, tree, crew, junk):
    response = quick_log(client, tree, **junk)
    assert response.status_code == 400 and "无效" in response.text
    assert not Meeting.objects.exists()
    plan(client, tree)
    meeting = Meeting.objects.get()
    response = client.post(reverse("activities:attendance", args=[meeting.pk]), junk)
    assert response.status_code == 400 and "无效" in response.text


@pytest.mark.parametrize("fields, message", [
    ({"state_{pk}": "maybe"}, "出席情况无效"),
    ({"state_{pk}": "leave", "reason_{pk}": "出" * 101}, "请假事由过长"),
])
def test_bad_attendance_values_are_a_form_error(client, tree, crew, fields, message):
    response = quick_log(client, tree, **{k.format(pk=crew[0].pk): v for k, v in fields.items()})
    assert response.status_code == 200 and message in response.text
    assert not Meeting.objects.exists()


def test_someone_not_on_the_roster_cannot_be_logged(client, tree, crew):
    stranger = MemberFactory(organization=tree.b, name="外人")
    response = quick_log(client, tree, **{f"state_{stranger.pk}": "present"})
    assert response.status_code == 200 and "不在本支部名册中" in response.text
    assert not Meeting.objects.exists()


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
    response = client.post(url, {f"state_{rows['张一'].pk}": "leave"}, follow=True)
    assert "张一请假须填写事由" in response.text
    client.post(url, {f"state_{rows['张一'].pk}": "present", f"state_{rows['李二'].pk}": "leave",
                      f"reason_{rows['李二'].pk}": "病假", f"state_{rows['王三'].pk}": "present",
                      f"reason_{rows['王三'].pk}": "出差"})
    assert Attendance.objects.get(pk=rows["李二"].pk).leave_reason == "病假"
    assert Attendance.objects.get(pk=rows["张一"].pk).presence == "present"
    assert Attendance.objects.get(pk=rows["王三"].pk).presence == "leave"  # a reason means leave
    assert "出席 1，请假 2，缺席 0" in client.get(meeting.get_absolute_url()).text


def test_a_guest_sits_in_and_is_never_counted(client, tree, crew):
    plan(client, tree)
    meeting = Meeting.objects.get()
    client.post(reverse("activities:guest", args=[meeting.pk]), {"name": "王经理"})
    guest = Attendance.objects.get(guest_name="王经理")
    assert not guest.expected and guest.presence == "present"
    response = client.post(reverse("activities:attendance", args=[meeting.pk]), {f"state_{guest.pk}": "absent"},
                           follow=True)
    assert "王经理是列席人员，只记出席" in response.text
    assert "应到 3 人：出席 0，请假 0，缺席 3（出席率 0%）；列席 1 人" in response.text
    response = client.post(reverse("activities:guest", args=[meeting.pk]), {"name": "名" * 51}, follow=True)
    assert response.status_code == 200 and Attendance.objects.filter(expected=False).count() == 1


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
