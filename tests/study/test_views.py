"""The study pages and API: scoping, the member's own reading, stale edits, attendance, exports."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.study import services
from lvzhi.study.choices import AttendanceStatus, Layer
from lvzhi.study.models import ReadingLog, StudyGroup, StudySession
from tests import factories
from tests.study.conftest import log_for

pytestmark = pytest.mark.django_db


def url(name, committee, **kwargs):
    return reverse(f"study:{name}", kwargs={"committee": committee.code, **kwargs})


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_outsider_sees_nothing(client, outsider, committee, group, study_session, campaign, member):
    log = log_for(campaign, member.person, date(2026, 2, 1))
    client.force_login(outsider)
    for page in (
        url("groups", committee),
        url("group", committee, pk=group.pk),
        url("sessions", committee),
        url("session", committee, pk=study_session.pk),
        url("trainings", committee),
        url("reading", committee),
        url("campaign", committee, pk=campaign.pk),
        url("reading_logs", committee),
        url("reading_mine", committee),
        url("reading_report", committee),
        url("log_edit", committee, pk=log.pk),
    ):
        assert client.get(page).status_code == 404, page
    assert client.post(url("session", committee, pk=study_session.pk), {}).status_code == 404
    for path in ("study/sessions/", "study/reading-logs/"):
        assert api(outsider).get(f"/api/v1/committees/{committee.code}/{path}").status_code == 404


def test_a_member_sees_and_edits_only_their_own_reading(
    client, committee, campaign, member, member_user, reader
):
    mine = log_for(campaign, member.person, date(2026, 2, 1), notes="我的心得")
    theirs = log_for(campaign, reader.person, date(2026, 2, 3), notes="别人的心得")
    client.force_login(member_user)
    page = client.get(url("reading_mine", committee)).content.decode()
    assert "我的心得" in page
    assert "别人的心得" not in page
    listed = client.get(url("reading_logs", committee)).context["rows"]
    assert [log.pk for log in listed] == [mine.pk]
    assert client.get(url("log_edit", committee, pk=theirs.pk)).status_code == 404
    assert client.get(url("log_edit", committee, pk=mine.pk)).status_code == 200
    data = api(member_user).get(f"/api/v1/committees/{committee.code}/study/reading-logs/").json()
    assert [row["id"] for row in data["results"]] == [mine.pk]
    # The staff pages are not theirs.
    assert client.get(url("sessions", committee)).status_code == 403
    assert client.get(url("reading", committee)).status_code == 302  # to 我的读书


def test_a_member_logs_their_own_reading_from_the_phone_page(
    client, committee, campaign, member, member_user
):
    client.force_login(member_user)
    book = campaign.books.first()
    response = client.post(
        url("log_create", committee),
        {
            "campaign": campaign.pk,
            "book": book.pk,
            "started_on": "2026-03-01",
            "hours": "3.5",
            "notes": "受益匪浅",
        },
    )
    assert response.status_code == 302
    log = ReadingLog.objects.get()
    assert (log.person_id, log.title, str(log.hours)) == (member.person_id, book.title, "3.5")
    # A member cannot slip someone else's name in: the person field is not theirs to fill.
    client.post(
        url("log_create", committee),
        {"campaign": campaign.pk, "person": 999, "title": "红岩", "started_on": "2026-03-02", "hours": "1"},
    )
    assert set(ReadingLog.objects.values_list("person_id", flat=True)) == {member.person_id}


def test_a_stale_edit_of_a_session_is_refused_and_keeps_what_was_typed(
    client, staff, committee, study_session
):
    client.force_login(staff)
    form = client.get(url("session_edit", committee, pk=study_session.pk)).context["form"]
    services.session_update(
        session=study_session, data={"topic": "别人先改了"}, expected_version=study_session.version
    )
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(group=study_session.group_id, held_on="2026-03-05", topic="我的修改")
    response = client.post(url("session_edit", committee, pk=study_session.pk), data)
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    assert "我的修改" in response.content.decode()
    study_session.refresh_from_db()
    assert study_session.topic == "别人先改了"


def test_staff_record_a_session_and_its_attendance(client, staff, committee, group, member, reader):
    client.force_login(staff)
    response = client.post(
        url("session_create", committee),
        {
            "layer": Layer.GROUP,
            "held_on": "2026-04-02",
            "topic": "学习习近平新时代中国特色社会主义思想",
            "group": group.pk,
            "mode": "online",
            "venue": "学习强国",
        },
    )
    session = StudySession.objects.get()
    assert response["Location"] == session.get_absolute_url()
    page = client.get(session.get_absolute_url())
    assert {p.pk for p, _mark in page.context["roster"]} == {member.person_id, reader.person_id}
    client.post(
        session.get_absolute_url(),
        {
            f"status-{member.person_id}": AttendanceStatus.PRESENT,
            f"status-{reader.person_id}": AttendanceStatus.EXCUSED,
            f"reason-{reader.person_id}": "外出",
        },
    )
    assert dict(session.attendances.values_list("person_id", "status")) == {
        member.person_id: AttendanceStatus.PRESENT,
        reader.person_id: AttendanceStatus.EXCUSED,
    }
    everyone = client.get(session.get_absolute_url() + "?roster=all").context["roster"]
    assert member.person_id in {p.pk for p, _mark in everyone}


def test_the_group_leader_marks_attendance_but_a_plain_member_may_not(
    client, committee, study_session, member, member_user, reader
):
    client.force_login(member_user)  # the group's leader
    client.post(study_session.get_absolute_url(), {f"status-{reader.person_id}": AttendanceStatus.PRESENT})
    assert study_session.attendances.count() == 1
    reader_client = client.__class__()
    reader_client.force_login(reader)
    assert reader_client.post(study_session.get_absolute_url(), {}).status_code in (403, 404)


def test_a_member_cannot_create_sessions_or_groups(client, committee, member_user):
    client.force_login(member_user)
    assert client.get(url("session_create", committee)).status_code == 403
    assert client.get(url("group_create", committee)).status_code == 403


def test_staff_create_a_group_from_the_page(client, staff, committee, member, reader):
    client.force_login(staff)
    response = client.post(
        url("group_create", committee),
        {
            "name": "第二学习组",
            "leader": member.person_id,
            "members": [reader.person_id],
            "established_on": "2026-01-05",
            "active": "on",
        },
    )
    group = StudyGroup.objects.get(name="第二学习组")
    assert response["Location"] == group.get_absolute_url()
    assert group.memberships.count() == 2


def test_the_session_list_filters_and_exports_what_it_shows(client, staff, committee, study_session, member):
    other = services.session_create(
        committee=committee,
        data={
            "layer": Layer.CHAIRS,
            "held_on": date(2026, 5, 1),
            "topic": "主席会议学习",
            "speaker": member.person,
        },
    )
    client.force_login(staff)
    shown = client.get(url("sessions", committee), {"layer": Layer.CHAIRS}).context["rows"]
    assert [s.pk for s in shown] == [other.pk]
    ranged = client.get(url("sessions", committee), {"from": "2026-03-01", "to": "2026-03-31"}).context[
        "rows"
    ]
    assert [s.pk for s in ranged] == [study_session.pk]
    assert [s.pk for s in client.get(url("sessions", committee), {"lecture": "1"}).context["rows"]] == [
        other.pk
    ]
    assert client.get(url("sessions", committee), {"from": "2026-13-01"}).status_code == 404
    response = client.get(url("sessions", committee), {"layer": Layer.CHAIRS, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("日期", "层级", "学习组/专委会/党支部", "学习主题")
    assert [r[3] for r in rows[1:]] == ["主席会议学习"]
    assert rows[1][5] == "是"


def test_the_session_list_pages_with_a_constant_number_of_queries(
    client, staff, committee, group, member, reader, django_assert_max_num_queries
):
    client.force_login(staff)

    def add(n):
        for i in range(n):
            s = services.session_create(
                committee=committee,
                data={
                    "layer": Layer.GROUP,
                    "held_on": date(2026, 1, 1 + i % 28),
                    "topic": f"学习{i}",
                    "group": group,
                    "speaker": member.person,
                },
            )
            services.attendance_set(session=s, marks={reader.person_id: (AttendanceStatus.PRESENT, "")})

    add(3)
    with django_assert_max_num_queries(30) as small:
        client.get(url("sessions", committee))
    add(60)
    with django_assert_max_num_queries(30) as large:
        response = client.get(url("sessions", committee))
    assert len(response.context["rows"]) == 50
    assert len(large.captured_queries) == len(small.captured_queries)


def test_trainings_list_and_export(client, staff, committee, member, reader):
    client.force_login(staff)
    client.post(
        url("training_create", committee),
        {
            "title": "委员履职能力培训",
            "organizer": "市政协",
            "start_on": "2026-06-01",
            "end_on": "2026-06-02",
            "hours": "12",
            "participants": [member.person_id, reader.person_id],
        },
    )
    page = client.get(url("trainings", committee))
    assert page.context["person_times"] == 2
    response = client.get(url("trainings", committee), {"export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "委员履职能力培训"
    assert rows[1][5] == 2


def test_the_participation_report_counts_groups_and_sectors(
    client, staff, committee, group, campaign, member, reader
):
    log_for(campaign, member.person, date(2026, 2, 1), hours="2")
    log_for(campaign, member.person, date(2026, 3, 1), hours="3", book=campaign.books.last())
    factories.make_member(committee, name="未读者")
    client.force_login(staff)
    response = client.get(url("reading_report", committee))
    (row,) = response.context["by_group"]
    assert (row.members, row.readers, row.books, row.hours) == (2, 1, 2, 5)
    sectors = {r.name: r for r in response.context["by_sector"]}
    assert sum(r.readers for r in sectors.values()) == 1
    assert [(r.person.pk, r.books) for r in response.context["readers"]] == [(member.person_id, 2)]
    export = client.get(url("reading_report", committee), {"export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["按学习组", "按界别", "委员读书"]
    grouped = client.get(url("reading_logs", committee), {"group": group.pk}).context["rows"]
    assert {log.person_id for log in grouped} == {member.person_id}


def test_the_campaign_page_adds_a_book_for_staff_only(client, staff, committee, campaign, member_user):
    client.force_login(staff)
    client.post(url("campaign", committee, pk=campaign.pk), {"title": "苏东坡传", "author": "林语堂"})
    assert campaign.books.filter(title="苏东坡传").exists()
    client.force_login(member_user)
    assert client.post(url("campaign", committee, pk=campaign.pk), {"title": "x"}).status_code == 403


def test_the_sessions_api_lists_with_attendance_counts(
    committee, staff, leader, study_session, member, member_user
):
    services.attendance_set(session=study_session, marks={member.person_id: (AttendanceStatus.PRESENT, "")})
    rows = api(leader).get(f"/api/v1/committees/{committee.code}/study/sessions/").json()["results"]
    assert [(r["id"], r["present"], r["group"]) for r in rows] == [(study_session.pk, 1, "第一学习组")]
    assert api(member_user).get(f"/api/v1/committees/{committee.code}/study/sessions/").status_code == 403


def test_every_page_opens_for_staff_and_the_shell_shows_the_study_menu(
    client, staff, committee, group, study_session, campaign, member
):
    log = log_for(campaign, member.person, date(2026, 2, 1))
    sharing = services.sharing_create(
        campaign=campaign, data={"held_on": date(2026, 4, 23), "topic": "分享会"}, sharers=[member.person]
    )
    training = services.training_create(
        committee=committee,
        data={
            "title": "培训",
            "organizer": "市委党校",
            "start_on": date(2026, 5, 1),
            "end_on": date(2026, 5, 1),
            "hours": 4,
        },
        participants=[member.person],
    )
    client.force_login(staff)
    for page in (
        url("groups", committee),
        url("group", committee, pk=group.pk),
        url("group_edit", committee, pk=group.pk),
        url("group_create", committee),
        url("sessions", committee),
        url("session_create", committee) + f"?group={group.pk}",
        url("session", committee, pk=study_session.pk),
        url("session_edit", committee, pk=study_session.pk),
        url("trainings", committee),
        url("training_create", committee),
        url("training_edit", committee, pk=training.pk),
        url("reading", committee),
        url("campaign_create", committee),
        url("campaign", committee, pk=campaign.pk),
        url("reading_logs", committee),
        url("log_create", committee),
        url("log_edit", committee, pk=log.pk),
        url("sharing_create", committee) + f"?campaign={campaign.pk}",
        url("sharing_edit", committee, pk=sharing.pk),
        url("reading_report", committee),
    ):
        response = client.get(page)
        assert response.status_code == 200, page
    assert "理论学习" in response.content.decode()
    assert url("sessions", committee) in response.content.decode()


def test_a_member_deletes_their_own_log(client, committee, campaign, member, member_user):
    log = log_for(campaign, member.person, date(2026, 2, 1))
    client.force_login(member_user)
    client.post(url("log_edit", committee, pk=log.pk), {"delete": "1"})
    assert not ReadingLog.objects.exists()


def test_the_other_lists_keep_a_constant_number_of_queries(
    client, staff, committee, campaign, member, member_user, django_assert_max_num_queries
):
    """Groups, trainings, the reading pages and the participation report: the same number of queries
    with three times the records."""

    def add(n, start):
        for i in range(start, start + n):
            person = factories.make_member(committee, name=f"委员{i}").person
            services.group_create(
                committee=committee,
                data={"name": f"学习组{i}", "leader": person, "established_on": date(2026, 1, 10)},
                members=[member.person],
                by=staff,
            )
            services.training_create(
                committee=committee,
                data={"title": f"培训{i}", "organizer": "市政协", "start_on": date(2026, 6, 1),
                      "end_on": date(2026, 6, 2), "hours": "6"},
                participants=[person, member.person],
                by=staff,
            )  # fmt: skip
            log_for(campaign, person, date(2026, 2, 1 + i % 27))
            log_for(campaign, member.person, date(2026, 3, 1 + i % 27))
            services.sharing_create(
                campaign=campaign,
                data={"held_on": date(2026, 4, 1 + i % 27), "topic": f"分享{i}"},
                sharers=[person],
                attendees=[member.person],
                by=staff,
            )

    pages = {
        staff: ["groups", "trainings", "reading", "reading_logs", "reading_report"],
        member_user: ["reading_mine"],
    }

    def measure():
        counts = {}
        for user, names in pages.items():
            client.force_login(user)
            for name in names:
                with django_assert_max_num_queries(40) as captured:
                    assert client.get(url(name, committee)).status_code == 200, name
                counts[name] = len(captured.captured_queries)
        return counts

    add(3, 0)
    small = measure()
    add(9, 3)
    assert measure() == small
