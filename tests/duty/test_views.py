"""The archive's pages: who may open whose archive, confirmations and appeals, the 常委's report, and the
staff pages (appeals, ranking, rules)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from lvzhi.duty.models import Appeal, Confirmation, DutyRecord, ScoringScheme
from lvzhi.duty.scoring import year_scores
from lvzhi.study.models import SessionAttendance
from tests.duty.conftest import ABSENT, PRESENT, study_day

pytestmark = pytest.mark.django_db


def url(name, committee, *args):
    return reverse(f"duty:{name}", args=[committee.code, *args])


@pytest.fixture
def absence(committee, member, two_versions):
    """The member marked absent (unexcused) at a study session in 2025."""
    session = study_day(committee, date(2025, 9, 1), {member.person_id: ABSENT})
    return session, DutyRecord.objects.get(person=member.person, kind="study.absent")


def test_a_member_sees_their_own_archive_and_staff_see_anyone(
    client, committee, member, member_user, staff, absence
):
    client.force_login(member_user)
    assert client.get(url("mine", committee)).url == url("archive", committee, member.person_id)
    page = client.get(url("archive", committee, member.person_id))
    assert page.status_code == 200
    assert "学习党的二十大精神" in page.content.decode()
    assert reverse("study:session", args=[committee.code, absence[0].pk]) in page.content.decode()
    client.force_login(staff)
    assert client.get(url("archive", committee, member.person_id)).status_code == 200


def test_other_members_and_outsiders_get_404_on_a_members_archive(
    client, committee, member, colleague, outsider, absence
):
    for user in (colleague, outsider):
        client.force_login(user)
        for name in ("archive", "archive_print", "archive_docx", "archive_pdf"):
            assert client.get(url(name, committee, member.person_id)).status_code == 404
        record = absence[1]
        assert (
            client.post(url("record_appeal", committee, record.pk), {"claim": "present"}).status_code == 404
        )
    client.logout()
    assert client.get(url("archive", committee, member.person_id)).status_code == 302  # to the login


def test_a_plain_member_cannot_do_staff_moves(client, committee, member_user, staff, absence, member):
    client.force_login(member_user)
    client.post(url("record_appeal", committee, absence[1].pk), {"claim": "present", "reason": "我在场"})
    appeal = Appeal.objects.get()
    for name, args in (("appeals", ()), ("scores", ()), ("rules_new", ())):
        assert client.get(url(name, committee, *args)).status_code == 403
    assert (
        client.post(url("appeal_resolve", committee, appeal.pk), {"decision": "approve"}).status_code == 403
    )
    assert client.post(url("year_finalize", committee), {"year": 2025}).status_code == 403
    assert client.get(url("scores", committee)).status_code == 403
    # and staff may not respond for a member
    client.force_login(staff)
    assert client.post(url("record_confirm", committee, absence[1].pk)).status_code == 403


def test_an_appeal_changes_nothing_until_approved_then_corrects_source_record_and_score(
    client, committee, member, member_user, staff, absence
):
    session, record = absence
    before = year_scores(committee, 2025)[member.person_id].score
    client.force_login(member_user)
    client.post(
        url("record_appeal", committee, record.pk), {"claim": "present", "reason": "我当天在场，签到表可查"}
    )
    appeal = Appeal.objects.get(person=member.person)
    assert appeal.status == Appeal.Status.PENDING
    assert SessionAttendance.objects.get(session=session, person=member.person).status == ABSENT
    assert DutyRecord.objects.get(pk=record.pk).kind == "study.absent"
    assert year_scores(committee, 2025)[member.person_id].score == before == Decimal("16")

    client.force_login(staff)
    client.post(url("appeal_resolve", committee, appeal.pk), {"decision": "approve", "note": "核实属实"})
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.APPROVED
    assert SessionAttendance.objects.get(session=session, person=member.person).status == PRESENT
    assert list(DutyRecord.objects.filter(person=member.person).values_list("kind", flat=True)) == [
        "study.attended"
    ]
    assert year_scores(committee, 2025)[member.person_id].score == Decimal("25")


def test_a_rejected_appeal_needs_a_note_and_changes_nothing(client, committee, member_user, staff, absence):
    client.force_login(member_user)
    client.post(url("record_appeal", committee, absence[1].pk), {"claim": "excused", "reason": "已请假"})
    appeal = Appeal.objects.get()
    client.force_login(staff)
    client.post(url("appeal_resolve", committee, appeal.pk), {"decision": "reject"})
    assert Appeal.objects.get().status == Appeal.Status.PENDING
    client.post(url("appeal_resolve", committee, appeal.pk), {"decision": "reject", "note": "未见请假条"})
    assert Appeal.objects.get().status == Appeal.Status.REJECTED
    assert DutyRecord.objects.get().state == "counted"


def test_a_kind_without_a_correct_hook_refuses_approval(client, committee, member, member_user, staff):
    from lvzhi.study import services as study

    training = study.training_create(
        committee=committee,
        data={
            "title": "委员履职培训",
            "organizer": "市政协",
            "start_on": date(2025, 5, 1),
            "end_on": date(2025, 5, 2),
            "hours": Decimal("8"),
        },
        participants=[member.person],
    )
    record = DutyRecord.objects.get(kind="study.training")
    client.force_login(member_user)
    client.post(url("record_appeal", committee, record.pk), {"claim": "not_mine", "reason": "未参加"})
    client.force_login(staff)
    response = client.post(
        url("appeal_resolve", committee, Appeal.objects.get().pk), {"decision": "approve"}, follow=True
    )
    assert "来源页面更正" in response.content.decode()
    assert Appeal.objects.get().status == Appeal.Status.PENDING
    assert training.participations.count() == 1


def test_responses_survive_a_resync_of_the_record(client, committee, member, member_user, absence):
    session, record = absence
    client.force_login(member_user)
    client.post(url("record_confirm", committee, record.pk))
    DutyRecord.objects.filter(pk=record.pk).delete()  # a re-sync may replace the row
    from lvzhi.duty.services import duty_record_sync

    duty_record_sync(session)
    new = DutyRecord.objects.get(person=member.person)
    assert new.pk != record.pk
    assert Confirmation.objects.count() == 1
    assert "本人已确认" in client.get(url("archive", committee, member.person_id)).content.decode()


def test_a_standing_member_writes_the_report_until_staff_mark_it_submitted(
    client, committee, standing_member, standing_user, member_user, member, staff
):
    year = date.today().year
    client.force_login(standing_user)
    edit = url("report_edit", committee, standing_member.person_id, year)
    client.post(edit, {"text": "一年来认真参加常委会议，提交提案三件。"})
    page = client.get(url("archive", committee, standing_member.person_id)).content.decode()
    assert "提交提案三件" in page
    client.force_login(staff)
    client.post(url("report_submit", committee, standing_member.person_id, year))
    client.force_login(standing_user)
    client.post(edit, {"text": "改写", "version": 1})
    assert (
        "提交提案三件"
        in client.get(url("archive_print", committee, standing_member.person_id)).content.decode()
    )
    # a plain 委员 has no report to write
    client.force_login(member_user)
    response = client.post(url("report_edit", committee, member.person_id, year), {"text": "报告"})
    assert "只有常委" in response.content.decode()


def test_staff_rank_members_and_publish_a_new_rule_version(
    client, committee, member, colleague, staff, absence
):
    client.force_login(staff)
    page = client.get(url("scores", committee) + "?year=2025").content.decode()
    assert page.index("李同事") < page.index("王建国")  # 20 before 16
    form = client.get(url("rules_new", committee)).context["form"]
    data = {**form.initial, "valid_from": "2026-01-01", "name": "新办法"}
    response = client.post(url("rules_new", committee), data)
    assert response.status_code == 302
    assert ScoringScheme.objects.get(committee=committee, valid_from=date(2026, 1, 1)).items.count() == 2
    assert client.get(url("rules", committee)).status_code == 200
    assert client.get(url("appeals", committee)).status_code == 200


def test_the_archive_page_takes_a_bounded_number_of_queries(
    client, committee, member, member_user, two_versions, django_assert_max_num_queries
):
    for day in range(1, 20):
        study_day(committee, date(2025, 3, day), {member.person_id: PRESENT})
    client.force_login(member_user)
    with django_assert_max_num_queries(40):
        assert client.get(url("archive", committee, member.person_id)).status_code == 200


def test_each_records_appeal_form_has_its_own_ids(client, committee, member, member_user, two_versions):
    """One form per record: a label must name its own record's field (and a screen reader's too)."""
    import re

    for day in (1, 2, 3):
        study_day(committee, date(2025, 3, day), {member.person_id: PRESENT})
    client.force_login(member_user)
    html = client.get(url("archive", committee, member.person_id)).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for record in DutyRecord.objects.filter(person=member.person):
        assert f'for="id_claim_{record.pk}"' in html
        assert f'id="id_reason_{record.pk}"' in html
