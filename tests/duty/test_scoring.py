"""Annual scores under effective-dated scheme versions, caps, grades, the default scheme and frozen years."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from lvzhi.duty.models import AnnualScore, DutyRecord, ScoringScheme
from lvzhi.duty.scoring import removal_warnings, year_scores
from lvzhi.duty.services import year_finalize
from lvzhi.meetings.models import Meeting
from lvzhi.org.models import Person
from tests.duty.conftest import ABSENT, EXCUSED, PRESENT, study_day

pytestmark = pytest.mark.django_db


def score_of(committee, person, year=2025):
    return year_scores(committee, year)[person.pk]


def test_a_new_committee_starts_with_the_default_scheme(committee):
    scheme = ScoringScheme.objects.get(committee=committee)
    assert scheme.base_score == 50
    assert [b.grade for b in scheme.bands.all()] == ["优秀", "良好", "称职", "不称职"]
    assert scheme.items.filter(kind="meetings.absent", match={"meeting_type": "plenary"}).get().points == -10


def test_each_record_is_scored_under_its_own_version_and_caps_and_grade_use_the_last(
    committee, member, two_versions
):
    pid = member.person_id
    for day in (date(2025, 3, 1), date(2025, 5, 1), date(2025, 8, 1), date(2025, 9, 1)):
        study_day(committee, day, {pid: PRESENT})
    study_day(committee, date(2025, 4, 1), {pid: ABSENT})
    study_day(committee, date(2025, 10, 1), {pid: ABSENT})
    study_day(committee, date(2025, 2, 1), {pid: EXCUSED})
    study_day(committee, date(2024, 12, 1), {pid: PRESENT})  # another year: not counted
    s = score_of(committee, member.person)
    # attended: 2 x 2 (甲) + 2 x 5 (乙) = 14, capped at 乙's 12; absent: -3 (甲) - 4 (乙) = -7;
    # excused: -1 under 甲 (乙 drops the item); base 20 (乙)
    assert s.score == Decimal("24")
    assert s.grade == "合格"  # 乙's bands; 甲 would say 甲
    items = {i.code: (i.count, i.raw, i.points) for i in s.items}
    assert items["study"] == (4, Decimal("14"), Decimal("12"))
    assert items["absence"] == (2, Decimal("-7"), Decimal("-7"))
    assert items["excused"] == (1, Decimal("-1"), Decimal("-1"))


def test_an_excused_absence_scores_differently_from_an_unexcused_one(
    committee, member, colleague, two_versions
):
    study_day(committee, date(2025, 9, 1), {member.person_id: ABSENT, colleague.person_id: EXCUSED})
    scores = year_scores(committee, 2025)
    assert scores[member.person_id].score == Decimal("16")
    assert scores[colleague.person_id].score == Decimal("20")


def _meeting_absence(committee, person, on, meeting_type, state="counted", source_id=1):
    return DutyRecord.objects.create(
        committee=committee,
        person=person,
        kind="meetings.absent",
        source_type=ContentType.objects.get_for_model(Person),
        source_id=source_id,
        date=on,
        state=state,
        detail={"meeting_type": meeting_type, "title": "全体会议"},
    )


def test_the_default_scheme_penalizes_unexcused_plenary_and_standing_absences(committee, member, colleague):
    _meeting_absence(committee, member.person, date(2025, 1, 10), "plenary", source_id=1)
    _meeting_absence(committee, member.person, date(2025, 4, 10), "standing", source_id=2)
    _meeting_absence(committee, colleague.person, date(2025, 1, 10), "plenary", "excused", source_id=1)
    scores = year_scores(committee, 2025)
    assert scores[member.person_id].score == Decimal("35")  # 50 - 10 - 5
    assert scores[member.person_id].grade == "不称职"
    assert scores[colleague.person_id].score == Decimal("50")


def test_members_near_a_removal_threshold_are_warned(committee, member, colleague):
    for n in range(2):
        _meeting_absence(committee, member.person, date(2024 + n, 1, 10), "plenary", source_id=n + 1)
    _meeting_absence(committee, colleague.person, date(2025, 1, 10), "plenary", source_id=1)
    warnings = removal_warnings(committee, 2025)
    assert [(w.person_id, w.count, w.reached) for w in warnings] == [(member.person_id, 2, False)]
    _meeting_absence(committee, member.person, date(2025, 3, 10), "plenary", source_id=5)
    assert removal_warnings(committee, 2025)[0].reached


def test_a_finalized_year_does_not_move(committee, member, two_versions, staff):
    pid = member.person_id
    study_day(committee, date(2025, 9, 1), {pid: PRESENT})
    year_finalize(committee=committee, year=2025, by=staff, today=date(2026, 1, 5))
    assert AnnualScore.objects.get(person_id=pid, year=2025).score == Decimal("25")
    study_day(committee, date(2025, 10, 1), {pid: ABSENT})
    ScoringScheme.objects.filter(name="乙办法").update(base_score=90)
    s = score_of(committee, member.person)
    assert (s.score, s.frozen) == (Decimal("25"), True)
    with pytest.raises(ValidationError):
        year_finalize(committee=committee, year=2025, by=staff, today=date(2026, 1, 5))
    with pytest.raises(ValidationError):
        year_finalize(committee=committee, year=2026, by=staff, today=date(2026, 6, 1))


def test_scores_for_the_whole_committee_take_a_constant_number_of_queries(
    committee, member, colleague, two_versions, django_assert_max_num_queries
):
    study_day(committee, date(2025, 9, 1), {member.person_id: PRESENT, colleague.person_id: ABSENT})
    with django_assert_max_num_queries(7):
        scores = year_scores(committee, 2025)
    assert len(scores) == 2


def test_a_member_built_from_meetings_and_service_scores_by_hand_under_the_default_and_its_successor(
    committee, member, staff
):
    """The default scheme (安庆 2018: base 50, unexcused 全体会议 −10, each activity +2 capped at 10, ≥60
    称职) is succeeded on 2025-07-01 by a version with base 60, unexcused 全体会议 −15, each service
    activity +4 capped at 12, and its own grades (≥75 优秀, ≥60 合格, else 不合格).

    The member in 2025, from the meetings and service apps:
      2025-03-10 全体会议, absent without leave ........ under the default: −10
      2025-04-05/12/19 three service activities ....... under the default: 3 × 2 = +6
      2025-09-10 全体会议, absent without leave ........ under the successor: −15
      2025-10-08/15 two service activities ............ under the successor: 2 × 4 = +8
      2025-11-10 全体会议, absent with approved leave ... excused: no item in either version
    Activities 6 + 8 = 14, capped by the version in force at the year's end: 12 (the default's cap 10
    would give 10). Base: the successor's 60 (the default's would be 50). Score 60 − 10 − 15 + 12 = 47,
    graded by the successor: 不合格 (the default would call 47 不称职)."""
    from datetime import datetime

    from django.utils import timezone

    from lvzhi.duty.services import scheme_version_create
    from lvzhi.meetings import services as meetings
    from lvzhi.service import services as service
    from tests.duty.conftest import item
    from tests.meetings.conftest import make_meeting

    def plenary(month, absent=True, leave=False):
        meeting = make_meeting(
            committee,
            "plenary",
            by=staff,
            title=f"第{month}月全体会议",
            starts_at=timezone.make_aware(datetime(2025, month, 10, 9)),
            ends_at=timezone.make_aware(datetime(2025, month, 10, 17)),
        )
        if leave:
            asked = meetings.leave_request(meeting=meeting, person=member.person, reason="出差", by=staff)
            meetings.leave_approve(leave=asked, by=staff)
        if absent:
            meetings.attendance_set(meeting=meeting, person=member.person, status=ABSENT, by=staff)
        meetings.meeting_mark_held(meeting=meeting, by=staff)
        return meeting

    def activity(on):
        service.activity_create(
            committee=committee,
            data={
                "title": "义务理发",
                "kind": "haircut",
                "held_on": on,
                "place": "社区",
                "beneficiaries": 30,
            },
            participants=[member.person],
        )

    scheme_version_create(
        committee=committee,
        name="修订办法",
        valid_from=date(2025, 7, 1),
        base_score=60,
        items=[
            item("meetings", "meetings.absent", -15, cap=50, match={"meeting_type": "plenary"}),
            item("activities", "service.activity", 4, cap=12),
        ],
        bands=[
            {"min_score": 75, "grade": "优秀"},
            {"min_score": 60, "grade": "合格"},
            {"min_score": -9999, "grade": "不合格"},
        ],
        by=staff,
    )
    plenary(3)
    for day in (5, 12, 19):
        activity(date(2025, 4, day))
    plenary(9)
    for day in (8, 15):
        activity(date(2025, 10, day))
    plenary(11, leave=True)
    assert (
        DutyRecord.objects.filter(person=member.person, kind="meetings.absent", state="excused").count() == 1
    )

    s = score_of(committee, member.person)
    items = {i.code: (i.count, i.raw, i.points) for i in s.items if i.count}
    assert items == {
        "meetings": (2, Decimal("-25"), Decimal("-25")),
        "activities": (5, Decimal("14"), Decimal("12")),
    }
    assert (s.base, s.score, s.grade) == (Decimal("60"), Decimal("47"), "不合格")

    # finalized in 2026, the year no longer moves: not even when the March absence is excused later
    year_finalize(committee=committee, year=2025, by=staff, today=date(2026, 1, 5))
    march = Meeting.objects.get(title="第3月全体会议")
    late = meetings.leave_request(meeting=march, person=member.person, reason="补办请假", by=staff)
    meetings.leave_approve(leave=late, by=staff)
    assert (
        DutyRecord.objects.filter(person=member.person, kind="meetings.absent", state="excused").count() == 2
    )
    frozen = score_of(committee, member.person)
    assert (frozen.score, frozen.grade, frozen.frozen) == (Decimal("47"), "不合格", True)
