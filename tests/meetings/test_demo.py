"""The demo's meetings: a year of them, with attendance, leave and a few unexcused absences."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from lvzhi.core.demo import DEMO_CODE
from lvzhi.core.figures import Period, evaluate
from lvzhi.duty.models import DutyRecord
from lvzhi.meetings.choices import LeaveStatus, MeetingStatus, MeetingType
from lvzhi.meetings.models import LeaveRequest, Meeting
from lvzhi.org.models import Committee

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_year_of_meetings(client):
    call_command("demo", "--no-serve")
    committee = Committee.objects.get(code=DEMO_CODE)
    today = timezone.localdate()
    held = Meeting.objects.filter(committee=committee, status=MeetingStatus.HELD)
    count = {t: held.filter(type=t).count() for t in MeetingType.values}
    assert count[MeetingType.PLENARY] == 1
    assert 4 <= count[MeetingType.STANDING] <= 5
    assert 9 <= count[MeetingType.CHAIRS] <= 11
    assert count[MeetingType.SPECIAL] >= 3
    assert 1 <= count[MeetingType.TOPICAL] <= 2
    assert held.filter(title__contains="第十八次常委会议").exists()
    plenary = held.get(type=MeetingType.PLENARY)
    assert plenary.invitees.count() == 209
    leaves = LeaveRequest.objects.filter(committee=committee)
    assert leaves.filter(status=LeaveStatus.APPROVED).count() >= 5
    assert leaves.filter(status=LeaveStatus.REJECTED).count() == 1
    assert leaves.filter(status=LeaveStatus.PENDING).count() == 1  # the meeting ahead
    records = DutyRecord.objects.filter(committee=committee)
    assert records.filter(kind="meetings.absent", state="excused").exists()
    assert 1 <= records.filter(kind="meetings.absent", state="counted").count() <= 10
    assert records.filter(kind="meetings.attended").count() > 400
    values = evaluate(committee, Period(today - timedelta(days=365), today))
    assert values["committee_meetings"].value == held.count()
    client.post("/accounts/login/", {"username": "demo-member", "password": "Lvzhi@Demo2026"})
    page = client.get(f"/c/{DEMO_CODE}/committee-meetings/mine/")
    assert page.status_code == 200
    assert len(page.context["upcoming"]) == 1
    assert len(page.context["past"]) >= 1
