"""QR check-in at an activity: once per person, only for oneself, only inside the window, only with the
activity's token; staff corrections need a reason and are logged; the attendance and its DutyRecord
follow the check-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lvzhi.core import checkin
from lvzhi.core.models import AuditEvent, CheckIn
from lvzhi.duty.models import DutyRecord
from lvzhi.study import services as study
from lvzhi.study.choices import AttendanceStatus, Layer
from tests import factories
from tests.consult.conftest import make_consultation

pytestmark = pytest.mark.django_db
STUDY = checkin.get("study-session")


def session_on(committee, staff, day):
    return study.session_create(
        committee=committee,
        data={"layer": Layer.OFFICE, "held_on": day, "topic": "学习党的二十大精神"},
        by=staff,
    )


def page(committee, session, token=None):
    return f"/c/{committee.code}/checkin/study-session/{session.pk}/{token or checkin.token('study-session', session.pk)}/"


@pytest.fixture
def today_session(committee, staff):
    return session_on(committee, staff, timezone.localdate())


def test_a_member_checks_in_once_and_the_attendance_follows(
    client, committee, member, member_user, today_session
):
    client.force_login(member_user)
    assert "签到" in client.get(page(committee, today_session)).content.decode()
    assert 'id="checked-in"' in client.post(page(committee, today_session)).content.decode()
    attendance = today_session.attendances.get()
    assert (attendance.person, attendance.status) == (member.person, AttendanceStatus.PRESENT)
    assert DutyRecord.objects.filter(person=member.person, kind="study.attended").count() == 1
    # Twice: nothing more is recorded.
    client.post(page(committee, today_session))
    with pytest.raises(ValidationError):
        checkin.check_in(
            checkable=STUDY,
            activity=today_session,
            given_token=checkin.token("study-session", today_session.pk),
            by=member_user,
        )
    assert CheckIn.objects.count() == 1


def test_only_oneself_whatever_the_request_names(client, committee, member_user, staff, today_session):
    other = factories.make_member(committee, name="李别人").person
    client.force_login(member_user)
    client.post(page(committee, today_session), {"person": other.pk})
    assert list(CheckIn.objects.values_list("person__name", flat=True)) == [member_user.person.name]


def test_outside_the_window_nothing_is_recorded(client, committee, member_user, staff):
    yesterday = session_on(committee, staff, timezone.localdate() - timedelta(days=1))
    client.force_login(member_user)
    body = client.post(page(committee, yesterday)).content.decode()
    assert "签到已结束" in body
    tomorrow = session_on(committee, staff, timezone.localdate() + timedelta(days=1))
    assert "签到尚未开始" in client.post(page(committee, tomorrow)).content.decode()
    assert not CheckIn.objects.exists()
    assert not DutyRecord.objects.filter(kind="study.attended").exists()


def test_a_wrong_token_is_refused(client, committee, member_user, today_session):
    client.force_login(member_user)
    assert client.post(page(committee, today_session, token="0" * 20)).status_code == 404
    with pytest.raises(PermissionDenied):
        checkin.check_in(checkable=STUDY, activity=today_session, given_token="0" * 20, by=member_user)
    assert not CheckIn.objects.exists()


def test_an_outsider_and_an_account_without_a_person_cannot_check_in(
    client, committee, outsider, staff, today_session
):
    client.force_login(outsider)
    assert client.post(page(committee, today_session)).status_code == 404
    client.force_login(staff)  # a staff account with no person behind it
    assert "只有本会的委员和工作人员可以签到" in client.post(page(committee, today_session)).content.decode()
    assert not CheckIn.objects.exists()


def test_the_qr_page_is_for_whoever_records_attendance(
    client, committee, member_user, staff, outsider, today_session
):
    url = f"/c/{committee.code}/checkin/study-session/{today_session.pk}/"
    client.force_login(member_user)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    body = client.get(url).content.decode()
    assert "<svg" in body
    assert checkin.token("study-session", today_session.pk) in body
    assert client.get(f"/c/{committee.code}/checkin/no-such-kind/{today_session.pk}/").status_code == 404


def test_staff_correct_with_a_reason_that_is_logged(client, committee, member, staff, today_session):
    url = f"/c/{committee.code}/checkin/study-session/{today_session.pk}/"
    client.force_login(staff)
    client.post(url, {"person": member.person.pk, "present": "1", "reason": ""})
    assert not CheckIn.objects.exists()
    client.post(url, {"person": member.person.pk, "present": "1", "reason": "手机没电，现场签纸质签到表"})
    entry = CheckIn.objects.get()
    assert (entry.method, entry.by) == (CheckIn.Method.STAFF, staff)
    assert DutyRecord.objects.filter(person=member.person, kind="study.attended").exists()
    client.post(url, {"person": member.person.pk, "present": "0", "reason": "误登"})
    assert not CheckIn.objects.exists()
    assert not today_session.attendances.exists()
    assert not DutyRecord.objects.filter(person=member.person, kind="study.attended").exists()
    reasons = [e.detail["reason"] for e in AuditEvent.objects.filter(action="checkin_correct").order_by("id")]
    assert reasons == ["手机没电，现场签纸质签到表", "误登"]


def test_a_consultation_check_in_adds_the_participant(client, committee, economy, member, member_user, staff):
    consultation = make_consultation(committee, staff, on=timezone.localdate(), special_committee=economy)
    client.force_login(member_user)
    token = checkin.token("consultation", consultation.pk)
    client.post(f"/c/{committee.code}/checkin/consultation/{consultation.pk}/{token}/")
    assert list(consultation.participants.all()) == [member.person]
    assert DutyRecord.objects.filter(person=member.person, kind="consult.participated").exists()


def test_a_token_is_bound_to_its_activity(committee, staff, member_user, today_session):
    other = session_on(committee, staff, timezone.localdate())
    with pytest.raises(PermissionDenied):
        checkin.check_in(
            checkable=STUDY,
            activity=other,
            given_token=checkin.token("study-session", today_session.pk),
            by=member_user,
        )
    assert not CheckIn.objects.exists()


def test_a_service_activity_check_in_inside_its_times(committee, member, member_user, staff):
    from lvzhi.service import services as service

    now = timezone.now()
    activity = service.activity_create(
        committee=committee,
        data={
            "title": "义诊进社区",
            "kind": "free_clinic",
            "place": "北街社区",
            "held_on": timezone.localdate(),
            "starts_at": now + timedelta(hours=3),
            "ends_at": now + timedelta(hours=5),
            "beneficiaries": 120,
        },
        by=staff,
    )
    kind = checkin.get("service-activity")
    token = checkin.token("service-activity", activity.pk)
    with pytest.raises(ValidationError):  # more than an hour before it starts
        checkin.check_in(checkable=kind, activity=activity, given_token=token, by=member_user)
    checkin.check_in(
        checkable=kind,
        activity=activity,
        given_token=token,
        by=member_user,
        now=now + timedelta(hours=2, minutes=30),
    )
    assert list(activity.participations.values_list("person", flat=True)) == [member.person.pk]
    assert DutyRecord.objects.filter(person=member.person, kind="service.activity").exists()
    checkin.checkin_correct(
        checkable=kind, activity=activity, person=member.person, present=False, reason="误扫", by=staff
    )
    assert not activity.participations.exists()
    assert not DutyRecord.objects.filter(person=member.person, kind="service.activity").exists()
