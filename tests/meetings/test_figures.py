"""The committee_meetings figure counts the meetings held in the period, by type, and links to them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from lvzhi.core.figures import Period, evaluate
from lvzhi.meetings import services
from lvzhi.meetings.choices import MeetingType
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def held(committee, kind, day, **data):
    start = timezone.make_aware(datetime(day.year, day.month, day.day, 9))
    meeting = make_meeting(
        committee, kind, starts_at=start, ends_at=start.replace(hour=12), title=f"{kind}{day}", **data
    )
    return services.meeting_mark_held(meeting=meeting)


def test_it_counts_meetings_held_in_the_period_by_type(client, staff, committee, economy):
    held(committee, MeetingType.PLENARY, date(2026, 1, 10))
    held(committee, MeetingType.STANDING, date(2026, 3, 1))
    held(committee, MeetingType.STANDING, date(2026, 6, 1))
    held(committee, MeetingType.SPECIAL, date(2026, 4, 1), special_committee=economy)
    held(committee, MeetingType.CHAIRS, date(2025, 12, 31))  # before the period
    make_meeting(committee, MeetingType.CHAIRS, starts_at=timezone.make_aware(datetime(2026, 5, 1, 9)),
                 ends_at=timezone.make_aware(datetime(2026, 5, 1, 11)))  # not held  # fmt: skip
    value = evaluate(committee, Period(date(2026, 1, 1), date(2026, 12, 31)))["committee_meetings"]
    assert value.value == 4
    assert "全体会议1次、常委会议2次" in value.sentence
    assert "专委会会议1次" in value.sentence
    client.force_login(staff)
    listed = client.get(value.source).context["rows"]
    assert sorted(m.title for m in listed) == sorted(
        ["plenary2026-01-10", "standing2026-03-01", "standing2026-06-01", "special2026-04-01"]
    )
