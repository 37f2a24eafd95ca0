"""A check-in re-syncs only the checking-in person's DutyRecords: the result is what a full sync of the
meeting writes, and the check-in's work does not grow with the number of invitees."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lvzhi.core import checkin
from lvzhi.duty.models import DutyRecord
from lvzhi.duty.services import SyncResult, duty_record_sync
from lvzhi.meetings import duty, services
from lvzhi.meetings.choices import MeetingType
from tests import factories

pytestmark = pytest.mark.django_db
MEETING = checkin.get("committee-meeting")


def open_meeting(committee, people):
    now = timezone.now()
    return services.meeting_create(
        committee=committee,
        data={
            "type": MeetingType.STANDING,
            "title": "全体委员会议",
            "starts_at": now - timedelta(minutes=10),
            "ends_at": now + timedelta(hours=2),
            "place": "会议中心",
        },
        invitees=people,
    )


def members(committee, n):
    return [
        factories.user_with_role(committee, "member", person=factories.make_member(committee).person)
        for _ in range(n)
    ]


def snapshot(meeting):
    return sorted(
        DutyRecord.objects.filter(source_id=meeting.pk, kind__startswith="meetings.").values_list(
            "person_id", "kind", "state", "date", "detail"
        )
    )


def tap(meeting, user):
    return checkin.check_in(
        checkable=MEETING, activity=meeting, given_token=checkin.token(MEETING.kind, meeting.pk), by=user
    )


def test_per_person_syncs_after_check_ins_equal_a_full_re_sync(committee, staff, chair):
    users = members(committee, 8)
    meeting = open_meeting(committee, [u.person for u in users])
    # A mixed list: an approved leave, an absence marked by the office, then check-ins one by one.
    leave = services.leave_request(meeting=meeting, person=users[0].person, reason="出差", by=staff)
    services.leave_approve(leave=leave, by=chair)
    services.attendance_set(meeting=meeting, person=users[1].person, status="absent", by=staff)
    for user in users[2:7]:
        tap(meeting, user)
    services.attendance_set(meeting=meeting, person=users[3].person, status="absent", by=staff, reason="离会")
    after_check_ins = snapshot(meeting)
    assert [(p, k) for p, k, *_ in after_check_ins] == sorted(
        [(users[1].person_id, duty.ABSENT), (users[3].person_id, duty.ABSENT)]
        + [(u.person_id, duty.ATTENDED) for u in (users[2], *users[4:7])]
    )
    # A full sync derives everyone from the meeting and finds nothing to change.
    assert duty_record_sync(meeting) == SyncResult()
    assert snapshot(meeting) == after_check_ins
    # Held: the unmarked person with approved leave gets an excused absence from the full sync, and a
    # per-person sync of them alone writes exactly that record.
    services.meeting_mark_held(meeting=meeting, by=staff)
    held = snapshot(meeting)
    DutyRecord.objects.filter(person=users[0].person).delete()
    assert duty_record_sync(meeting, persons=[users[0].person_id]) == SyncResult(created=1)
    assert snapshot(meeting) == held


def test_a_per_person_sync_reads_and_writes_only_those_persons(committee, staff):
    users = members(committee, 3)
    meeting = open_meeting(committee, [u.person for u in users])
    for user in users:
        tap(meeting, user)
    a, b, c = (u.person for u in users)
    # Someone else's record gone missing is not this sync's business; the full sync restores it.
    DutyRecord.objects.filter(person=b).delete()
    DutyRecord.objects.filter(person=c).update(state="excused")
    assert duty_record_sync(meeting, persons=[a.pk]) == SyncResult()
    assert duty_record_sync(meeting, persons=[c.pk]) == SyncResult(updated=1)
    assert duty_record_sync(meeting) == SyncResult(created=1)
    # A cleared mark deletes only that person's record.
    services.attendance_set(meeting=meeting, person=a, status="", by=staff)
    assert sorted(DutyRecord.objects.values_list("person_id", flat=True)) == sorted([b.pk, c.pk])


def test_a_check_in_costs_the_same_queries_for_a_small_and_a_large_meeting(
    client, committee, django_assert_max_num_queries
):
    """The check-in POST (the page and the write) is a fixed number of queries, however many are invited."""
    counts = []
    for size in (2, 25):
        users = members(committee, size)
        meeting = open_meeting(committee, [u.person for u in users])
        url = checkin.url(committee, MEETING.kind, meeting.pk)
        client.force_login(users[-1])
        client.get(url)
        with django_assert_max_num_queries(40) as captured:
            body = client.post(url).content.decode()
        assert 'id="checked-in"' in body
        counts.append(len(captured.captured_queries))
        assert DutyRecord.objects.filter(source_id=meeting.pk, person=users[-1].person).count() == 1
    assert counts[0] == counts[1], counts
