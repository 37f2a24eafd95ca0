"""The meeting pages and API: scoping, who may mark and approve, leave for oneself, the printables and
the directory's masking per role."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.meetings import services
from lvzhi.meetings.choices import LeaveStatus, MeetingStatus
from lvzhi.meetings.models import LeaveRequest, Meeting
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def url(name, committee, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"committee": committee.code, **kwargs})


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_outsider_sees_nothing(client, outsider, committee, standing_meeting, standing_member):
    leave = services.leave_request(
        meeting=standing_meeting, person=standing_member.person, reason="出差", by=standing_member
    )
    client.force_login(outsider)
    pk = standing_meeting.pk
    for page in (
        url("list", committee),
        url("create", committee),
        url("mine", committee),
        url("directory", committee),
        url("detail", committee, pk=pk),
        url("edit", committee, pk=pk),
        url("notice", committee, pk=pk),
        url("signin", committee, pk=pk),
        url("meeting_directory", committee, pk=pk),
    ):
        assert client.get(page).status_code == 404, page
    for action in ("attendance", "notify", "held", "leave", "invitees", "minutes"):
        assert client.post(url(action, committee, pk=pk), {}).status_code == 404, action
    assert client.post(url("leave_decide", committee, pk=pk, leave=leave.pk), {}).status_code == 404
    for path in ("committee-meetings/", f"committee-meetings/{pk}/"):
        assert api(outsider).get(f"/api/v1/committees/{committee.code}/{path}").status_code == 404


def test_staff_create_a_meeting_and_the_list_filters_it(client, staff, committee, chair, standing_member):
    client.force_login(staff)
    response = client.post(
        url("create", committee),
        {
            "type": "standing",
            "title": "政协测试区第十五届委员会第十八次常委会议",
            "starts_at": "2026-03-20T09:00",
            "ends_at": "2026-03-20T12:00",
            "place": "区政协三楼会议室",
            "agenda": "传达学习全国两会精神\n\n协商通过有关人事事项",
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert list(meeting.agenda.values_list("order", "text")) == [
        (1, "传达学习全国两会精神"),
        (2, "协商通过有关人事事项"),
    ]
    assert meeting.invitees.count() == 2
    page = client.get(meeting.get_absolute_url())
    assert "协商通过有关人事事项" in page.content.decode()
    assert len(page.context["rows"]) == 2
    assert [
        m.pk for m in client.get(url("list", committee), {"type": "standing", "year": "2026"}).context["rows"]
    ] == [meeting.pk]
    assert not client.get(url("list", committee), {"type": "chairs"}).context["rows"]
    assert not client.get(url("list", committee), {"status": "held"}).context["rows"]
    assert not client.get(url("list", committee), {"from": "2026-03-21"}).context["rows"]
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(url("list", committee), {"export": "xlsx"}).content)
    ).active
    assert sheet.cell(2, 1).value == meeting.title


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(client, staff, committee, standing_meeting):
    client.force_login(staff)
    form = client.get(url("edit", committee, pk=standing_meeting.pk)).context["form"]
    services.meeting_update(meeting=standing_meeting, data={"place": "别人改了"}, expected_version=0)
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        starts_at=form["starts_at"].value().strftime("%Y-%m-%dT%H:%M"),
        ends_at=form["ends_at"].value().strftime("%Y-%m-%dT%H:%M"),
        title="我的修改",
    )
    response = client.post(url("edit", committee, pk=standing_meeting.pk), data)
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    assert "我的修改" in response.content.decode()
    standing_meeting.refresh_from_db()
    assert standing_meeting.place == "别人改了"


def test_a_member_cannot_make_staff_moves(
    client, committee, standing_meeting, standing_member, chair, member_user
):
    me = standing_member.person
    leave = services.leave_request(meeting=standing_meeting, person=chair.person, reason="出差", by=chair)
    client.force_login(standing_member)
    pk = standing_meeting.pk
    assert client.get(url("detail", committee, pk=pk)).status_code == 200  # invited: sees the notice
    assert client.get(url("detail", committee, pk=pk)).context["rows"] == []  # but not the others' lines
    assert client.get(url("list", committee)).status_code == 403
    assert client.get(url("directory", committee)).status_code == 403
    assert client.get(url("signin", committee, pk=pk)).status_code == 403
    assert client.get(url("edit", committee, pk=pk)).status_code == 403
    assert client.post(url("attendance", committee, pk=pk), {f"status-{me.pk}": "present"}).status_code == 403
    assert client.post(url("notify", committee, pk=pk)).status_code == 403
    decide = url("leave_decide", committee, pk=pk, leave=leave.pk)
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    assert not standing_meeting.invitees.filter(attendance="present").exists()
    assert LeaveRequest.objects.get().status == LeaveStatus.PENDING
    client.force_login(member_user)  # not invited to a 常委会议: the meeting is not theirs to see
    assert client.get(url("detail", committee, pk=pk)).status_code == 404


def test_a_member_asks_leave_only_for_themselves_and_the_chair_approves(
    client, committee, standing_meeting, standing_member, chair
):
    client.force_login(standing_member)
    pk = standing_meeting.pk
    response = client.post(url("leave", committee, pk=pk), {"reason": "因公出差", "person": chair.person_id})
    assert response.status_code == 302
    leave = LeaveRequest.objects.get()
    assert (leave.person_id, leave.reason) == (standing_member.person_id, "因公出差")  # "person" ignored
    client.force_login(chair)
    pending = client.get(url("mine", committee)).context["pending"]
    assert [lv.pk for lv in pending] == [leave.pk]
    client.post(
        url("leave_decide", committee, pk=pk, leave=leave.pk), {"decision": "approve", "note": "同意"}
    )
    leave.refresh_from_db()
    assert (leave.status, leave.decision_note) == (LeaveStatus.APPROVED, "同意")
    client.force_login(standing_member)
    upcoming = client.get(url("mine", committee)).context["upcoming"]
    assert [(i.meeting_id, lv.status) for i, lv in upcoming] == []  # a draft is not announced yet
    services.meeting_notify(meeting=standing_meeting)
    upcoming = client.get(url("mine", committee)).context["upcoming"]
    assert [(i.meeting_id, lv.status) for i, lv in upcoming] == [(pk, LeaveStatus.APPROVED)]


def test_staff_mark_attendance_and_close_the_meeting(
    client, staff, committee, standing_meeting, chair, standing_member
):
    client.force_login(staff)
    pk = standing_meeting.pk
    client.post(
        url("attendance", committee, pk=pk),
        {f"status-{chair.person_id}": "present", f"status-{standing_member.person_id}": "absent"},
    )
    assert dict(standing_meeting.invitees.values_list("person_id", "attendance")) == {
        chair.person_id: "present",
        standing_member.person_id: "absent",
    }
    client.post(url("notify", committee, pk=pk))
    client.post(url("held", committee, pk=pk))
    standing_meeting.refresh_from_db()
    assert standing_meeting.status == MeetingStatus.HELD
    client.post(url("minutes", committee, pk=pk), {"minutes": "会议协商通过了有关事项。"})
    standing_meeting.refresh_from_db()
    assert standing_meeting.minutes == "会议协商通过了有关事项。"


def test_the_notice_and_signin_sheet_print_and_open_as_docx(client, staff, committee, standing_meeting):
    client.force_login(staff)
    pk = standing_meeting.pk
    page = client.get(url("notice", committee, pk=pk)).content.decode()
    assert f"关于召开{standing_meeting.title}的通知" in page
    assert "传达学习文件" in page
    for name, title in (
        ("notice", f"关于召开{standing_meeting.title}的通知"),
        ("signin", f"{standing_meeting.title}签到表"),
    ):
        response = client.get(url(name, committee, pk=pk), {"format": "docx"})
        document = Document(io.BytesIO(response.content))
        assert title in "".join(p.text for p in document.paragraphs)
    signin = Document(io.BytesIO(client.get(url("signin", committee, pk=pk), {"format": "docx"}).content))
    rows = [[c.text for c in r.cells] for r in signin.tables[0].rows]
    assert rows[0] == ["序号", "姓名", "界别", "职务", "签名"]
    names = [r[1] for r in rows[1:]]
    assert names == [r.person.name for r in client.get(url("signin", committee, pk=pk)).context["rows"]]
    assert names == sorted(
        names, key=lambda n: standing_meeting.invitees.get(person__name=n).person.stroke_key
    )
    assert all(r[4] == "" for r in rows[1:])


def test_phones_in_the_directory_are_masked_unless_the_role_may_see_them(
    client, staff, leader, committee, standing_meeting, standing_member
):
    client.force_login(leader)
    page = client.get(url("directory", committee)).content.decode()
    assert "139****5678" in page
    assert "13912345678" not in page
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(url("directory", committee), {"export": "xlsx"}).content)
    ).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert "139****5678" in cells
    assert "13912345678" not in cells
    client.force_login(staff)
    assert (
        "13912345678"
        in client.get(url("meeting_directory", committee, pk=standing_meeting.pk)).content.decode()
    )
    client.get(url("directory", committee), {"export": "xlsx"})
    assert AuditEvent.objects.filter(action="export", detail__kind="directory", detail__full=True).exists()


def test_the_directory_never_carries_an_id_number_for_any_role(
    client, staff, leader, committee, standing_meeting, standing_member
):
    """A 通讯录 is handed round: it holds contact data only (PIPL minimum necessary), so the ID number is
    absent in full and masked alike, whoever prints or exports it."""
    person = standing_member.person
    person.id_number = "11010519491231002X"
    person.save()
    for user in (leader, staff):
        client.force_login(user)
        for page in (
            url("directory", committee),
            url("meeting_directory", committee, pk=standing_meeting.pk),
        ):
            html = client.get(page).content.decode()
            sheet = openpyxl.load_workbook(io.BytesIO(client.get(page, {"export": "xlsx"}).content)).active
            cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
            for text in (html, cells):
                assert "钱常委" in text
                assert "11010519491231002X" not in text
                assert person.id_number_masked not in text
        signin = client.get(url("signin", committee, pk=standing_meeting.pk), {"format": "docx"}).content
        body = " ".join(c.text for t in Document(io.BytesIO(signin)).tables for r in t.rows for c in r.cells)
        assert "钱常委" in body
        assert "1101" not in body


def test_the_api_lists_meetings_and_an_invitee_sees_only_their_line(
    committee, staff, standing_meeting, standing_member, member_user
):
    base = f"/api/v1/committees/{committee.code}/committee-meetings/"
    rows = api(staff).get(base).json()["results"]
    assert [(r["id"], r["n_invitees"]) for r in rows] == [
        (standing_meeting.pk, standing_meeting.invitees.count())
    ]
    detail = api(standing_member).get(f"{base}{standing_meeting.pk}/").json()
    assert detail["agenda"] == ["传达学习文件", "协商有关事项"]
    assert [i["name"] for i in detail["invitees"]] == ["钱常委"]
    assert api(member_user).get(base).json()["results"] == []
    assert api(member_user).get(f"{base}{standing_meeting.pk}/").status_code == 404


def test_the_list_keeps_its_query_count(client, staff, committee, django_assert_max_num_queries):
    for n in range(3):
        make_meeting(committee, title=f"主席会议{n}", type="chairs")
    client.force_login(staff)
    with django_assert_max_num_queries(20):
        client.get(url("list", committee))
