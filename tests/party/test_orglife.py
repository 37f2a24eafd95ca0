"""Organizational life: the calendar against the rules, 补录 approval, quorum, check-in, records, scoping."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from lvzhi.core.figures import Period, evaluate
from lvzhi.core.roles import Role
from lvzhi.duty.models import DutyRecord
from lvzhi.org.choices import Position
from lvzhi.party.choices import AttendanceStatus, BranchKind, MeetingKind
from lvzhi.party.models import Attendance, RhythmRule
from lvzhi.party.orglife import compliance, quorum
from lvzhi.party.services import attendance_set, meeting_approve, meeting_checkin, meeting_record
from tests import factories

pytestmark = pytest.mark.django_db
P, E, A = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT


def hold(branch, kind, on, entered=None, **kw):
    return meeting_record(
        branch=branch, kind=kind, held_on=on, topic=f"{kind}{on}", today=entered or on, **kw
    )


def row(calendars, branch, kind):
    calendar = next(c for c in calendars if c.branch == branch)
    return next(cells for rule, cells in calendar.rows if rule.meeting_kind == kind)


def test_a_branch_that_missed_its_second_quarter_general_meeting_shows_exactly_that_gap(
    committee, economy_branch
):
    for on in (date(2025, 2, 10), date(2025, 8, 5), date(2025, 11, 20)):
        hold(economy_branch, MeetingKind.GENERAL, on)
    cells = row(compliance(committee, 2025, date(2026, 1, 10)), economy_branch, MeetingKind.GENERAL)
    assert [(c.label, c.status) for c in cells] == [
        ("第1季度", "held"),
        ("第2季度", "missing"),
        ("第3季度", "held"),
        ("第4季度", "held"),
    ]
    # In the middle of the year the future is not "missing": the current quarter is open or due soon.
    lectures = row(compliance(committee, 2025, date(2025, 9, 25)), economy_branch, MeetingKind.LECTURE)
    assert [c.status for c in lectures] == ["missing", "missing", "due_soon", "upcoming"]
    august = row(compliance(committee, 2025, date(2025, 8, 1)), economy_branch, MeetingKind.LECTURE)
    assert august[2].status == "open"


def test_a_late_entry_counts_only_after_approval(committee, economy, economy_branch, staff):
    member = factories.make_member(committee, political="01", sc=economy, branch=economy_branch).person
    late = hold(economy_branch, MeetingKind.GENERAL, date(2025, 5, 10), entered=date(2025, 5, 30))
    assert late.is_late
    attendance_set(meeting=late, marks={member.pk: (P, "")}, by=staff)
    today = date(2026, 1, 10)
    assert row(compliance(committee, 2025, today), economy_branch, MeetingKind.GENERAL)[1].status == "missing"
    assert DutyRecord.objects.get(person=member).state == "pending"
    assert evaluate(committee, Period(date(2025, 1, 1), date(2025, 12, 31)))["orglife_meetings"].value == 0
    meeting_approve(meeting=late, by=staff)
    assert row(compliance(committee, 2025, today), economy_branch, MeetingKind.GENERAL)[1].status == "held"
    assert DutyRecord.objects.get(person=member).state == "counted"
    with pytest.raises(ValidationError):
        meeting_approve(meeting=late, by=staff)
    on_time = hold(economy_branch, MeetingKind.GENERAL, date(2025, 6, 1), entered=date(2025, 6, 8))
    assert not on_time.is_late  # within the policy's 7 days


def test_a_general_meeting_without_quorum_is_flagged(committee, economy, economy_branch, staff):
    voting = [
        factories.make_member(committee, political="01", sc=economy, branch=economy_branch).person
        for _ in range(4)
    ]
    probationary = factories.make_member(committee, political="02", sc=economy, branch=economy_branch).person
    meeting = hold(economy_branch, MeetingKind.GENERAL, date(2025, 3, 1))
    attendance_set(
        meeting=meeting,
        marks={voting[0].pk: (P, ""), voting[1].pk: (P, ""), probationary.pk: (P, "")},
        by=staff,
    )
    q = quorum(meeting)
    assert (q.present, q.voting, q.ok) == (2, 4, False)  # half is not more than half; 预备党员 do not count
    attendance_set(meeting=meeting, marks={voting[2].pk: (P, "")}, by=staff)
    assert quorum(meeting).ok
    assert quorum(hold(economy_branch, MeetingKind.LECTURE, date(2025, 3, 2))) is None


def test_rules_are_data_per_committee_and_branch_kind(committee, economy_branch):
    assert RhythmRule.objects.filter(committee=committee).count() == 8  # installed with the committee
    RhythmRule.objects.create(
        committee=committee,
        meeting_kind=MeetingKind.COMMITTEE,
        branch_kind=BranchKind.FUNCTIONAL,
        period="quarter",
        min_count=1,
        effective_from=date(2020, 1, 1),
    )
    cells = row(compliance(committee, 2025, date(2026, 1, 10)), economy_branch, MeetingKind.COMMITTEE)
    assert len(cells) == 4  # the functional branch's own rule: quarterly, not monthly


def test_every_attendance_and_absence_is_a_duty_record(committee, economy, economy_branch, staff):
    a, b, c = (
        factories.make_member(committee, political="01", sc=economy, branch=economy_branch).person
        for _ in range(3)
    )
    meeting = hold(economy_branch, MeetingKind.THEME_DAY, date(2025, 4, 1))
    with pytest.raises(ValidationError, match="请假须写明原因"):
        attendance_set(meeting=meeting, marks={b.pk: (E, "")}, by=staff)
    attendance_set(meeting=meeting, marks={a.pk: (P, ""), b.pk: (E, "出差"), c.pk: (A, "")}, by=staff)
    records = {(r.person_id, r.kind, r.state) for r in DutyRecord.objects.all()}
    assert records == {
        (a.pk, "orglife.attended", "counted"),
        (b.pk, "orglife.absent", "excused"),
        (c.pk, "orglife.absent", "counted"),
    }
    non_cpc = factories.make_member(committee, political="13").person
    with pytest.raises(ValidationError):
        attendance_set(meeting=meeting, marks={non_cpc.pk: (P, "")}, by=staff)


def test_check_in_needs_the_token_and_a_cpc_member(committee, economy, economy_branch):
    person = factories.make_member(committee, political="01", sc=economy, branch=economy_branch).person
    user = factories.user_with_role(committee, Role.MEMBER, person=person)
    meeting = hold(economy_branch, MeetingKind.LECTURE, date(2025, 4, 1))
    with pytest.raises(PermissionDenied):
        meeting_checkin(meeting=meeting, token="wrong", by=user)
    meeting_checkin(meeting=meeting, token=meeting.checkin_token, by=user)
    assert Attendance.objects.get(meeting=meeting).method == "checkin"
    outsider_person = factories.make_member(committee, political="13").person
    stranger = factories.user_with_role(committee, Role.MEMBER, person=outsider_person)
    with pytest.raises(ValidationError):
        meeting_checkin(meeting=meeting, token=meeting.checkin_token, by=stranger)


def test_the_check_in_page_on_a_phone(client, committee, economy, economy_branch):
    person = factories.make_member(committee, political="01", sc=economy, branch=economy_branch).person
    user = factories.user_with_role(committee, Role.MEMBER, person=person)
    meeting = hold(economy_branch, MeetingKind.LECTURE, date(2025, 4, 1))
    url = reverse(
        "party:meeting_checkin",
        kwargs={"committee": committee.code, "pk": meeting.pk, "token": meeting.checkin_token},
    )
    assert client.get(url).status_code == 302  # log in first
    client.force_login(user)
    assert client.get(url.replace(meeting.checkin_token, "x" * 22)).status_code == 404
    assert "签到" in client.get(url).content.decode()
    assert "已签到" in client.post(url).content.decode()
    assert Attendance.objects.get(meeting=meeting, person=person).status == P


def test_figures_count_meetings_and_dual_org_life_with_evidence(
    client, committee, economy, economy_branch, staff, leader
):
    chair = factories.make_member(committee, political="01", position=Position.CHAIR).person
    member = factories.make_member(committee, political="01", sc=economy, branch=economy_branch).person
    meeting = hold(economy_branch, MeetingKind.THEME_DAY, date(2025, 7, 1))
    attendance_set(meeting=meeting, marks={member.pk: (P, ""), chair.pk: (P, "")}, by=staff)
    hold(economy_branch, MeetingKind.LECTURE, date(2025, 8, 1), entered=date(2025, 9, 1))  # late, unapproved
    values = evaluate(committee, Period(date(2025, 1, 1), date(2025, 12, 31)))
    assert (values["orglife_meetings"].value, values["dual_orglife_attendances"].value) == (1, 1)
    client.force_login(leader)
    listed = client.get(values["dual_orglife_attendances"].source).content.decode()
    assert meeting.topic in listed
    assert "领导干部 1 人次" in listed  # the figure counts person-times
    assert "lecture2025-08-01" not in client.get(values["orglife_meetings"].source).content.decode()


def test_who_may_do_what_on_the_pages(client, committee, economy, economy_branch, leader, outsider, staff):
    meeting = hold(economy_branch, MeetingKind.LECTURE, date(2025, 4, 1), entered=date(2025, 5, 1))
    detail = meeting.get_absolute_url()
    client.force_login(outsider)
    for url in (
        reverse("party:meetings", kwargs={"committee": committee.code}),
        detail,
        reverse("party:compliance", kwargs={"committee": committee.code}),
    ):
        assert client.get(url).status_code == 404
    client.force_login(leader)
    assert client.get(detail).status_code == 200
    assert client.post(detail, {"action": "approve"}).status_code == 403
    assert (
        client.get(reverse("party:meeting_create", kwargs={"committee": committee.code})).status_code == 403
    )
    # A secretary records and approves for their own branch only.
    secretary = factories.make_member(committee, political="01", sc=economy, branch=economy_branch).person
    economy_branch.secretary = secretary
    economy_branch.save()
    other = factories.functional_branch(committee, factories.special_committee(committee, "文史委员会"))
    user = factories.user_with_role(committee, Role.BRANCH_SECRETARY, person=secretary)
    client.force_login(user)
    create = reverse("party:meeting_create", kwargs={"committee": committee.code})
    data = {"kind": "lecture", "held_on": "2025-06-01", "topic": "党课"}
    assert client.post(create, {**data, "branch": other.pk}).status_code == 200  # not a choice for them
    assert client.post(create, {**data, "branch": economy_branch.pk}).status_code == 302
    assert client.post(detail, {"action": "approve"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.approved_at is not None
    client.force_login(staff)
    page = client.get(
        reverse("party:compliance", kwargs={"committee": committee.code}), {"year": 2025}
    ).content.decode()
    assert economy_branch.name in page
    assert "未召开" in page
    assert (
        client.get(
            reverse("party:compliance", kwargs={"committee": committee.code}), {"year": "abc"}
        ).status_code
        == 404
    )


def test_the_cli_prints_the_calendar(committee, economy_branch, capsys):
    hold(economy_branch, MeetingKind.GENERAL, date(2025, 2, 10))
    call_command("orglife", "compliance", "--committee", committee.code, "--year", "2025", "--json")
    data = json.loads(capsys.readouterr().out)
    general = next(r for r in data["branches"][0]["rules"] if r["meeting"] == "支部党员大会")
    assert next(p["status"] for p in general["periods"]) == "held"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有代码"):
        call_command("orglife", "compliance", "--committee", "nope")


def test_the_api_serves_meetings_and_the_calendar_to_readers_only(
    committee, economy_branch, leader, outsider
):
    from rest_framework.test import APIClient

    hold(economy_branch, MeetingKind.GENERAL, date(2025, 2, 10))
    api = APIClient()
    api.force_authenticate(outsider)
    base = f"/api/v1/committees/{committee.code}"
    assert api.get(f"{base}/meetings/").status_code == 404
    assert api.get(f"{base}/orglife/compliance/").status_code == 404
    api.force_authenticate(leader)
    meetings = api.get(f"{base}/meetings/").json()["results"]
    assert [(m["kind"], m["counts"]) for m in meetings] == [("general", True)]
    calendar = api.get(f"{base}/orglife/compliance/", {"year": 2025}).json()
    general = next(r for r in calendar["branches"][0]["rules"] if r["meeting"] == "支部党员大会")
    assert general["periods"][0]["status"] == "held"
    assert api.get(f"{base}/orglife/compliance/", {"year": "x"}).status_code == 400


def test_the_leaders_page_counts_dual_org_life_contact_visits_and_duties(
    client, committee, economy, economy_branch, staff, leader, outsider
):
    chair = factories.make_member(committee, name="赵主席", political="01", position=Position.CHAIR).person
    factories.make_member(committee, name="钱委员", political="01", sc=economy, branch=economy_branch)
    meeting = hold(economy_branch, MeetingKind.THEME_DAY, date(2025, 7, 1))
    attendance_set(meeting=meeting, marks={chair.pk: (P, "")}, by=staff)
    url = reverse("party:leader", kwargs={"committee": committee.code, "pk": chair.pk}) + "?year=2025"
    client.force_login(staff)
    client.post(url, {"action": "contact", "branch": economy_branch.pk, "since": "2025-01-01"})
    point = economy_branch.contact_points.get()
    client.post(url, {"action": "visit", "point": point.pk, "on": "2025-03-02", "note": "参加支部活动"})
    assert (
        "不在联系期间内"
        in client.post(
            url, {"action": "visit", "point": point.pk, "on": "2024-03-02", "note": "早于联系"}, follow=True
        ).content.decode()
    )
    client.post(url, {"action": "duty", "text": "指导经济委员会党支部开展组织生活"})
    listing = client.get(
        reverse("party:leaders", kwargs={"committee": committee.code}), {"year": 2025}
    ).content.decode()
    assert "赵主席" in listing
    assert "钱委员" not in listing
    page = client.get(url).content.decode()
    assert "指导经济委员会党支部开展组织生活" in page
    assert "参加支部活动" in page
    assert "参加 1 次" in page
    client.force_login(leader)
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "duty", "text": "越权"}).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_reminders_go_once_to_the_secretary_and_staff_before_a_period_closes(
    client,
    committee,
    economy,
    economy_branch,
    staff,
    settings,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from lvzhi.core.models import Notification
    from lvzhi.party.orglife import remind

    settings.LVZHI_EMAIL_NOTIFICATIONS = True
    secretary = factories.make_member(committee, political="01", sc=economy, branch=economy_branch).person
    economy_branch.secretary = secretary
    economy_branch.save()
    secretary_user = factories.user_with_role(
        committee, Role.BRANCH_SECRETARY, person=secretary, email="s@example.org"
    )
    hold(economy_branch, MeetingKind.COMMITTEE, date(2025, 9, 5))  # September's 支委会 is held
    with_due = date(2025, 9, 26)  # Q3 党员大会 and 党课, and September's other monthly meetings, are due
    with django_capture_on_commit_callbacks(execute=True):
        sent = remind(committee, with_due)
    texts = set(Notification.objects.filter(user=secretary_user).values_list("text", flat=True))
    assert "经济委员会党支部第3季度的支部党员大会尚未召开（09月30日截止，应至少1次）" in texts
    assert not any("支部委员会" in t for t in texts)  # held: no reminder
    assert Notification.objects.filter(user=staff).count() == len(texts)
    assert sent == 2 * len(texts)
    assert remind(committee, with_due) == 0  # idempotent
    assert len(mailoutbox) == len(texts)  # only the secretary has an address
    client.force_login(secretary_user)
    page = client.get(reverse("core:notifications")).content.decode()
    assert "尚未召开" in page
    client.post(reverse("core:notifications"))
    assert not Notification.objects.filter(user=secretary_user, read_at__isnull=True).exists()
    call_command("orglife", "remind", "--committee", committee.code)


def test_the_meetings_list_keeps_a_constant_number_of_queries(
    client, committee, economy_branch, staff, django_assert_max_num_queries
):
    client.force_login(staff)
    url = reverse("party:meetings", kwargs={"committee": committee.code})
    hold(economy_branch, MeetingKind.LECTURE, date(2025, 1, 1))
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    for day in range(1, 29):
        hold(economy_branch, MeetingKind.THEME_DAY, date(2025, 2, day))
    with django_assert_max_num_queries(40) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_party_groups_democratic_life_meeting(client, committee, economy_branch, staff):
    chair = factories.make_member(committee, name="赵主席", political="01", position=Position.CHAIR).person
    vices = [
        factories.make_member(committee, political="01", position=Position.VICE_CHAIR).person
        for _ in range(2)
    ]
    with pytest.raises(ValidationError):
        meeting_record(
            branch=economy_branch,
            kind=MeetingKind.LEADERSHIP_LIFE,
            held_on=date(2025, 1, 20),
            topic="x",
            today=date(2025, 1, 20),
        )
    life = meeting_record(
        branch=None,
        committee=committee,
        kind=MeetingKind.LEADERSHIP_LIFE,
        held_on=date(2025, 1, 20),
        topic="民主生活会",
        today=date(2025, 1, 20),
    )
    attendance_set(
        meeting=life, marks={chair.pk: (P, ""), vices[0].pk: (P, ""), vices[1].pk: (E, "出差")}, by=staff
    )
    q = quorum(life)
    assert (q.present, q.voting, q.ok) == (2, 3, True)  # at least two thirds
    attendance_set(meeting=life, marks={vices[0].pk: (E, "生病")}, by=staff)
    assert not quorum(life).ok
    calendars = compliance(committee, 2025, date(2026, 1, 10))
    group = next(c for c in calendars if c.branch is None)
    assert group.name == "政协党组"
    assert [(rule.meeting_kind, [c.status for c in cells]) for rule, cells in group.rows] == [
        (MeetingKind.LEADERSHIP_LIFE, ["held"])
    ]
    branch_rules = {rule.meeting_kind for rule, _cells in row_source(calendars, economy_branch)}
    assert MeetingKind.LEADERSHIP_LIFE not in branch_rules
    client.force_login(staff)
    page = client.get(life.get_absolute_url()).content.decode()
    assert "政协党组" in page
    assert "赵主席" in page
    create = reverse("party:meeting_create", kwargs={"committee": committee.code})
    both = client.post(
        create, {"branch": economy_branch.pk, "kind": "leadership", "held_on": "2025-02-01", "topic": "x"}
    )
    assert "不属于党支部" in both.content.decode()
    none = client.post(create, {"kind": "lecture", "held_on": "2025-02-01", "topic": "x"})
    assert "请选择党支部" in none.content.decode()


def row_source(calendars, branch):
    return next(c for c in calendars if c.branch == branch).rows
