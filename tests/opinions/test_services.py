"""The life of a 社情民意信息 (domain.md §5.3): its gates, what is fed back to the authors, and the
DutyRecords each move writes into their archives."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lvzhi.core import search
from lvzhi.core.models import Notification
from lvzhi.duty.models import DutyRecord
from lvzhi.opinions import services
from lvzhi.opinions.choices import Level, SourceKind, Status, Target
from lvzhi.opinions.models import Opinion
from tests.opinions.conftest import adopted, draft, reported

pytestmark = pytest.mark.django_db


def records(person, kind):
    return list(DutyRecord.objects.filter(person=person, kind=kind).values_list("date", "state"))


def test_a_draft_is_nobody_s_duty_until_submitted(committee, member, staff):
    o = draft(committee, member.person, staff)
    assert not DutyRecord.objects.filter(person=member.person).exists()
    assert search.search(committee, "电动自行车", kinds=["opinion"]) == []
    services.opinion_submit(opinion=o, on=date(2026, 3, 1), by=staff)
    assert records(member.person, "opinion.submitted") == [(date(2026, 3, 1), "counted")]
    assert [h.object_id for h in search.search(committee, "电动自行车", kinds=["opinion"])] == [o.pk]


def test_submitting_needs_content_and_joint_needs_a_coauthor(committee, member, staff):
    empty = draft(committee, member.person, staff, content="")
    with pytest.raises(ValidationError) as err:
        services.opinion_submit(opinion=empty, by=staff)
    assert "content" in err.value.message_dict
    joint = draft(committee, member.person, staff, kind=SourceKind.JOINT)
    with pytest.raises(ValidationError) as err:
        services.opinion_submit(opinion=joint, by=staff)
    assert "coauthors" in err.value.message_dict
    assert Opinion.objects.get(pk=joint.pk).status == Status.DRAFT


def test_adoption_is_counted_for_every_author_and_fed_back(
    committee, member, member_user, coauthor, coauthor_user, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        o = adopted(committee, member.person, staff, coauthors=[coauthor.person])
    for person in (member.person, coauthor.person):
        assert records(person, "opinion.submitted") == [(date(2026, 3, 1), "counted")]
        assert records(person, "opinion.adopted") == [(date(2026, 3, 5), "counted")]
    lead_record = DutyRecord.objects.get(person=member.person, kind="opinion.adopted")
    assert lead_record.detail["first"] is True
    assert lead_record.detail["issue"] == "《社情民意》2026年第3期"
    assert DutyRecord.objects.get(person=coauthor.person, kind="opinion.adopted").detail["first"] is False
    for user in (member_user, coauthor_user):
        note = Notification.objects.get(user=user, key=f"opinion:{o.pk}:adopt")
        assert "已被采用" in note.text
    assert o.steps.filter(kind="feedback").count() == 1


def test_adoption_needs_an_issue_number(committee, member, staff):
    o = draft(committee, member.person, staff)
    services.opinion_submit(opinion=o, by=staff)
    with pytest.raises(ValidationError) as err:
        services.opinion_adopt(opinion=o, issue="  ", by=staff)
    assert "issue" in err.value.message_dict
    assert not DutyRecord.objects.filter(kind="opinion.adopted").exists()


def test_declining_needs_a_note_and_writes_no_adoption(
    committee, member, member_user, staff, django_capture_on_commit_callbacks
):
    o = draft(committee, member.person, staff)
    services.opinion_submit(opinion=o, by=staff)
    with pytest.raises(ValidationError):
        services.opinion_decline(opinion=o, refer=False, note="", by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.opinion_decline(opinion=o, refer=True, note="已转区应急管理局参考。", by=staff)
    o.refresh_from_db()
    assert o.status == Status.REFERRED
    assert not DutyRecord.objects.filter(kind="opinion.adopted").exists()
    assert "已转区应急管理局参考" in Notification.objects.get(user=member_user).text
    with pytest.raises(ValidationError):  # a closed piece cannot be adopted after all
        services.opinion_adopt(opinion=o, issue="第1期", by=staff)


def test_only_adopted_information_is_reported_and_each_target_once(committee, member, staff):
    o = draft(committee, member.person, staff)
    services.opinion_submit(opinion=o, by=staff)
    with pytest.raises(ValidationError):
        services.opinion_report(opinion=o, target=Target.GOVERNMENT, by=staff)
    o = reported(committee, member.person, staff, title="另一条信息")
    assert o.status == Status.REPORTED
    with pytest.raises(ValidationError) as err:
        services.opinion_report(opinion=o, target=Target.PARTY_COMMITTEE, recipient="区委办公室", by=staff)
    assert "target" in err.value.message_dict
    services.opinion_report(
        opinion=o, target=Target.UPPER_CPPCC, recipient="市政协", on=date(2026, 3, 9), by=staff
    )
    assert o.reports.count() == 2


def test_an_instruction_reaches_the_archive_with_the_highest_level(
    committee, member, member_user, staff, django_capture_on_commit_callbacks
):
    o = reported(committee, member.person, staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.opinion_instruct(
            opinion=o,
            level=Level.COUNTY,
            leader="区长",
            content="请研究落实。",
            on=date(2026, 3, 20),
            by=staff,
        )
        services.opinion_instruct(
            opinion=o, level=Level.MUNICIPAL, leader="副市长", content="同意。", on=date(2026, 4, 2), by=staff
        )
    record = DutyRecord.objects.get(person=member.person, kind="opinion.instructed")
    assert record.date == date(2026, 3, 20)
    assert record.detail["level"] == Level.MUNICIPAL
    assert record.detail["count"] == 2
    assert (
        Notification.objects.filter(user=member_user, key__startswith=f"opinion:{o.pk}:instruct").count() == 2
    )


def test_an_instruction_needs_a_report_first_and_a_date_after_it(committee, member, staff):
    o = adopted(committee, member.person, staff)
    with pytest.raises(ValidationError):
        services.opinion_instruct(opinion=o, level=Level.COUNTY, leader="区长", content="阅。", by=staff)
    services.opinion_report(opinion=o, target=Target.GOVERNMENT, on=date(2026, 3, 8), by=staff)
    with pytest.raises(ValidationError) as err:
        services.opinion_instruct(
            opinion=o, level=Level.COUNTY, leader="区长", content="阅。", on=date(2026, 3, 1), by=staff
        )
    assert "instructed_on" in err.value.message_dict
    assert not DutyRecord.objects.filter(kind="opinion.instructed").exists()


def test_upper_adoption_is_only_for_the_higher_cppcc(committee, member, staff):
    o = reported(committee, member.person, staff)
    report = o.reports.get()
    with pytest.raises(ValidationError):
        services.opinion_upper_adopt(report=report, by=staff)
    upper = services.opinion_report(opinion=o, target=Target.UPPER_CPPCC, on=date(2026, 3, 9), by=staff)
    services.opinion_upper_adopt(report=upper, issue="《商洛政协信息》第5期", on=date(2026, 3, 20), by=staff)
    assert DutyRecord.objects.get(person=member.person, kind="opinion.adopted").detail["upper"] is True


def test_a_body_s_information_is_no_member_s_duty(committee, member, staff):
    o = adopted(committee, member.person, staff, kind=SourceKind.BODY, body="民盟区总支")
    assert o.source_name == "民盟区总支"
    assert not DutyRecord.objects.filter(person=member.person).exists()


def test_a_body_needs_its_name(committee, member, staff):
    with pytest.raises(ValidationError) as err:
        draft(committee, member.person, staff, kind=SourceKind.BODY, body=" ")
    assert "body" in err.value.message_dict


def test_a_stale_edit_is_refused(committee, member, staff):
    o = draft(committee, member.person, staff)
    services.opinion_update(opinion=o, data={"title": "新标题"}, expected_version=o.version, by=staff)
    stale = Opinion.objects.get(pk=o.pk)
    stale.version -= 1
    with pytest.raises(ValidationError):
        services.opinion_update(
            opinion=stale, data={"title": "旧页面的标题"}, expected_version=stale.version, by=staff
        )
    assert Opinion.objects.get(pk=o.pk).title == "新标题"


def test_deleting_a_draft_leaves_nothing(committee, member, staff):
    o = draft(committee, member.person, staff)
    services.opinion_delete_draft(opinion=o, by=staff)
    assert not Opinion.objects.exists()
