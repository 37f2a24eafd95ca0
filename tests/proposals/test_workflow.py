"""The life of a proposal (domain.md §5.2): the gates hold, the deadlines follow the rule, replies late
by the rule are flagged, and the records of duty follow the proposal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.core.yearmonth import add_months
from lvzhi.duty.models import DutyRecord
from lvzhi.org.models import Person
from lvzhi.proposals import services
from lvzhi.proposals.choices import (
    CosignStatus,
    HandlingRole,
    ProposerKind,
    ReplyClass,
    ReviewDecision,
    Satisfaction,
    Status,
)
from lvzhi.proposals.models import Assignment, HandlingRule, Proposal
from tests import factories
from tests.proposals.helpers import assigned, draft

pytestmark = pytest.mark.django_db


def test_a_proposal_goes_from_draft_to_closed(
    committee, session, staff, lead_member, heating, heating_user, today
):
    p = draft(committee, lead_member, staff)
    assert p.status == Status.DRAFT
    assert p.number is None
    services.proposal_submit(proposal=p, by=staff)
    assert p.status == Status.SUBMITTED
    assert p.submitted_on == today
    services.proposal_review(proposal=p, decision=ReviewDecision.REGISTER, by=staff)
    assert (p.status, p.number, p.registered_on) == (Status.REGISTERED, 1, today)
    services.proposal_assign(proposal=p, units=[(heating, HandlingRole.LEAD)], by=staff)
    a = Assignment.objects.get(proposal=p)
    assert a.deadline == add_months(today, 3)  # the default rule: 3 months
    services.proposal_reply(assignment=a, result=ReplyClass.A, text="已纳入年度改造计划。", by=heating_user)
    p.refresh_from_db()
    assert p.status == Status.REPLIED
    services.proposal_feedback(proposal=p, person=lead_member, satisfaction=Satisfaction.SATISFIED, by=staff)
    p.refresh_from_db()
    assert (p.status, p.closed_on) == (Status.CLOSED, today)
    kinds = [s.kind for s in p.steps.all()]
    assert kinds == ["create", "submit", "register", "assign", "reply", "feedback", "close"]


def test_numbers_run_per_session(committee, session, staff, lead_member):
    numbers = []
    for title in ("甲", "乙", "丙"):
        p = draft(committee, lead_member, staff, title=f"关于{title}的建议")
        services.proposal_submit(proposal=p, by=staff)
        services.proposal_review(proposal=p, decision=ReviewDecision.REGISTER, by=staff)
        numbers.append(p.number)
    assert numbers == [1, 2, 3]
    assert str(Proposal.objects.get(number=2)).startswith("第2号")


def test_no_reply_before_assignment_and_none_from_a_unit_not_assigned(
    committee, session, staff, lead_member, heating, finance, finance_user, heating_user
):
    p = assigned(committee, lead_member, staff, units=[(heating, HandlingRole.LEAD)])
    a = p.assignments.get()
    with pytest.raises(PermissionDenied):
        services.proposal_reply(assignment=a, result=ReplyClass.A, text="越权答复", by=finance_user)
    # Before 交办 there is no assignment to answer at all, and a registered proposal refuses replies.
    q = draft(committee, lead_member, staff, title="关于另一件事的建议")
    services.proposal_submit(proposal=q, by=staff)
    fake = Assignment(committee=committee, proposal=q, unit=heating, role=HandlingRole.LEAD, round=0,
                      assigned_on=q.submitted_on, deadline=q.submitted_on)  # fmt: skip
    with pytest.raises(ValidationError, match="不能答复"):
        services.proposal_reply(assignment=fake, result=ReplyClass.A, text="抢答", by=heating_user)


def test_a_reply_needs_its_class_and_only_one_per_round(
    committee, session, staff, lead_member, heating, heating_user
):
    p = assigned(committee, lead_member, staff, units=[(heating, HandlingRole.LEAD)])
    a = p.assignments.get()
    with pytest.raises(ValidationError, match="办理结果"):
        services.proposal_reply(assignment=a, text="答复", by=heating_user)
    services.proposal_reply(assignment=a, result=ReplyClass.B, text="答复", by=heating_user)
    a.refresh_from_db()
    with pytest.raises(ValidationError):
        services.proposal_reply(assignment=a, result=ReplyClass.B, text="再答复", by=heating_user)


def test_an_assisting_unit_gives_its_opinion_and_the_lead_unit_answers(
    committee, session, staff, lead_member, heating, finance, heating_user, finance_user
):
    p = assigned(
        committee, lead_member, staff, units=[(heating, HandlingRole.LEAD), (finance, HandlingRole.ASSIST)]
    )
    lead, assist = p.assignments.order_by("role").get(role="lead"), p.assignments.get(role="assist")
    services.proposal_reply(assignment=assist, text="财政将安排补助资金。", by=finance_user)
    p.refresh_from_db()
    assert p.status == Status.ASSIGNED  # a 会办 opinion is not the answer
    services.proposal_reply(assignment=lead, result=ReplyClass.A, text="答复", by=heating_user)
    p.refresh_from_db()
    assert p.status == Status.REPLIED


def test_separate_units_each_answer(
    committee, session, staff, lead_member, heating, finance, heating_user, finance_user
):
    p = assigned(
        committee,
        lead_member,
        staff,
        units=[(heating, HandlingRole.SEPARATE), (finance, HandlingRole.SEPARATE)],
    )
    services.proposal_reply(
        assignment=p.assignments.get(unit=heating), result="B", text="答复", by=heating_user
    )
    p.refresh_from_db()
    assert p.status == Status.ASSIGNED
    services.proposal_reply(
        assignment=p.assignments.get(unit=finance), result="C", text="答复", by=finance_user
    )
    p.refresh_from_db()
    assert p.status == Status.REPLIED


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ([], "至少选择"),
        (["assist"], "主办"),
        (["lead", "lead"], "主办"),
        (["lead", "separate"], "分办"),
    ],
)
def test_assignment_needs_one_lead_or_separate_units(committee, session, staff, lead_member, roles, message):
    from lvzhi.org.services import unit_create

    units = [(unit_create(committee=committee, name=f"单位{i}"), r) for i, r in enumerate(roles)]
    p = draft(committee, lead_member, staff)
    services.proposal_submit(proposal=p, by=staff)
    services.proposal_review(proposal=p, decision=ReviewDecision.REGISTER, by=staff)
    with pytest.raises(ValidationError, match=message):
        services.proposal_assign(proposal=p, units=units, by=staff)
    p.refresh_from_db()
    assert p.status == Status.REGISTERED
    assert not p.assignments.exists()


def test_feedback_only_from_the_proposers_and_unsatisfied_sends_it_back(
    committee, session, staff, lead_member, heating, heating_user, today
):
    other = factories.make_member(committee, name="李四")
    p = assigned(committee, lead_member, staff, units=[(heating, HandlingRole.LEAD)])
    services.proposal_reply(
        assignment=p.assignments.get(), result=ReplyClass.C, text="以后解决", by=heating_user
    )
    p.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.proposal_feedback(proposal=p, person=other.person, satisfaction="satisfied", by=staff)
    with pytest.raises(ValidationError, match="写明意见"):
        services.proposal_feedback(proposal=p, person=lead_member, satisfaction="unsatisfied", by=staff)
    services.proposal_feedback(
        proposal=p,
        person=lead_member,
        satisfaction="unsatisfied",
        comment="答复空泛，未提改造时间表。",
        by=staff,
    )
    p.refresh_from_db()
    assert (p.status, p.handling_round) == (Status.REDO, 2)
    again = p.assignments.get(round=2)
    assert again.unit == heating
    assert again.deadline == add_months(today, 3)
    # The first round's assignment cannot be answered again; the new round can.
    with pytest.raises(ValidationError, match="上一轮"):
        services.proposal_reply(assignment=p.assignments.get(round=1), result="A", text="x", by=heating_user)
    services.proposal_reply(assignment=again, result=ReplyClass.A, text="已列入明年改造。", by=heating_user)
    p.refresh_from_db()
    assert p.status == Status.REPLIED
    services.proposal_feedback(proposal=p, person=lead_member, satisfaction="basic", by=staff)
    p.refresh_from_db()
    assert p.status == Status.CLOSED


def test_late_replies_are_flagged(committee, session, staff, lead_member, heating, heating_user, today):
    p = assigned(committee, lead_member, staff, units=[(heating, HandlingRole.LEAD)])
    a = p.assignments.get()
    assert not a.is_late(today)
    later = a.deadline + timedelta(days=1)
    assert a.is_late(later)
    assert list(Assignment.objects.late_on(later)) == [a]
    services.proposal_reply(assignment=a, result="A", text="答复", by=heating_user, on=later)
    a.refresh_from_db()
    assert a.reply.late
    assert a.is_late(today)
    assert "逾期答复" in p.steps.get(kind="reply").note


def test_the_rule_in_force_sets_the_deadline(committee, session, staff, lead_member, heating, today):
    HandlingRule.objects.create(committee=committee, reply_months=2, effective_from=today - timedelta(days=1))
    p = assigned(committee, lead_member, staff, units=[(heating, HandlingRole.LEAD)])
    assert p.assignments.get().deadline == add_months(today, 2)


def test_joint_proposals_collect_cosignatures_before_the_deadline(
    committee, session, staff, lead_member, today
):
    a = factories.make_member(committee, name="赵一").person
    b = factories.make_member(committee, name="钱二").person
    p = draft(committee, lead_member, staff, kind=ProposerKind.JOINT, cosigners=[a, b])
    services.proposal_submit(proposal=p, by=staff)
    assert p.status == Status.COSIGNING
    assert p.cosign_deadline == today + timedelta(days=7)
    with pytest.raises(ValidationError, match="附议尚未截止"):
        services.proposal_review(proposal=p, decision=ReviewDecision.REGISTER, by=staff)
    services.proposal_cosign(proposal=p, person=a, agree=True, by=staff)
    with pytest.raises(ValidationError, match="截止"):
        services.proposal_cosign(proposal=p, person=b, agree=True, by=staff, on=today + timedelta(days=8))
    # After the deadline it goes to review with those who signed; the one who did not is no proposer.
    services.proposal_review(
        proposal=p, decision=ReviewDecision.REGISTER, by=staff, on=today + timedelta(days=8)
    )
    assert p.proposer_ids() == {lead_member.pk, a.pk}
    assert p.cosigners.get(person=b).status == CosignStatus.INVITED
    records = DutyRecord.objects.filter(source_id=p.pk).values_list("person_id", "kind")
    assert set(records) == {(lead_member.pk, "proposal.submitted"), (a.pk, "proposal.cosigned")}


def test_a_joint_proposal_nobody_signed_is_not_registered_as_joint(
    committee, session, staff, lead_member, today
):
    a = factories.make_member(committee, name="孙三").person
    p = draft(committee, lead_member, staff, kind=ProposerKind.JOINT, cosigners=[a])
    services.proposal_submit(proposal=p, by=staff)
    services.proposal_cosign(proposal=p, person=a, agree=False, by=staff)
    assert p.status == Status.SUBMITTED
    with pytest.raises(ValidationError, match="没有委员附议"):
        services.proposal_review(proposal=p, decision=ReviewDecision.REGISTER, by=staff)


def test_rejection_and_conversion_need_a_reason(committee, session, staff, lead_member):
    p = draft(committee, lead_member, staff)
    services.proposal_submit(proposal=p, by=staff)
    with pytest.raises(ValidationError, match="理由"):
        services.proposal_review(proposal=p, decision=ReviewDecision.REJECT, by=staff)
    p.refresh_from_db()
    services.proposal_review(
        proposal=p, decision=ReviewDecision.REJECT, reason="为本人解决个人问题。", by=staff
    )
    assert (p.status, p.number, p.review_note) == (Status.NOT_REGISTERED, None, "为本人解决个人问题。")


def test_conversion_makes_a_suggestion_of_the_same_proposers(committee, session, staff, lead_member):
    from lvzhi.consult.models import Suggestion

    p = draft(committee, lead_member, staff)
    services.proposal_submit(proposal=p, by=staff)
    services.proposal_review(
        proposal=p, decision=ReviewDecision.CONVERT, reason="经提案人同意转为意见建议", by=staff
    )
    suggestion = Suggestion.objects.get(committee=committee)
    assert suggestion.title == p.title
    assert list(suggestion.proposers.all()) == [lead_member]
    assert p.status == Status.CONVERTED


def test_only_a_serving_member_submits_in_their_own_name(committee, session, staff):
    staff_person = Person.objects.create(committee=committee, name="周五", gender="1", political="13")
    p = draft(committee, staff_person, staff)
    with pytest.raises(ValidationError, match="不是本届委员"):
        services.proposal_submit(proposal=p, by=staff)


def test_a_body_proposal_names_its_body(committee, session, staff, lead_member, economy):
    with pytest.raises(ValidationError):
        draft(committee, lead_member, staff, kind=ProposerKind.SPECIAL_COMMITTEE)
    p = draft(committee, lead_member, staff, kind=ProposerKind.SPECIAL_COMMITTEE, special_committee=economy)
    services.proposal_submit(proposal=p, by=staff)
    assert p.proposer_name == economy.name
    # A body's proposal is not one member's duty.
    assert not DutyRecord.objects.filter(source_id=p.pk, kind="proposal.submitted").exists()


def test_drafts_are_edited_with_the_stale_check_and_submitted_ones_not(
    committee, session, staff, lead_member
):
    p = draft(committee, lead_member, staff)
    v = p.version
    services.proposal_update(proposal=p, data={"title": "新案由"}, expected_version=v, by=staff)
    stale = Proposal.objects.get(pk=p.pk)
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.proposal_update(proposal=stale, data={"title": "旧副本"}, expected_version=v, by=staff)
    p.refresh_from_db()
    services.proposal_submit(proposal=p, by=staff)
    with pytest.raises(ValidationError, match="不能修改"):
        services.proposal_update(proposal=p, data={"title": "x"}, expected_version=p.version, by=staff)


def test_key_proposals_and_merging(committee, session, staff, lead_member, leader):
    chair = factories.make_member(committee, name="主席甲").person
    a = draft(committee, lead_member, staff)
    b = draft(committee, lead_member, staff, title="关于城区集中供暖管道更新的建议")
    for p in (a, b):
        services.proposal_submit(proposal=p, by=staff)
    services.proposal_merge(primary=a, others=[b], by=staff)
    b.refresh_from_db()
    assert (b.status, b.merged_into) == (Status.MERGED, a)
    services.proposal_review(proposal=a, decision=ReviewDecision.REGISTER, by=staff)
    services.proposal_mark_key(proposal=a, supervisor=chair, by=staff)
    a.refresh_from_db()
    assert a.is_key
    assert a.supervisor == chair


def test_no_session_means_a_clear_message(committee, staff, lead_member):
    with pytest.raises(ValidationError, match="尚未设置本届会议"):
        draft(committee, lead_member, staff)


def test_add_months_clamps_to_the_month_end():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 15), 12) == date(2027, 1, 15)


def test_the_unit_is_told_of_an_assignment_and_staff_close_with_a_reason(
    committee, session, staff, lead_member, heating, heating_user, django_capture_on_commit_callbacks
):
    from lvzhi.core.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        p = assigned(committee, lead_member, staff, units=[(heating, HandlingRole.LEAD)])
    assert Notification.objects.filter(user=heating_user, text__contains=p.title).count() == 1
    services.proposal_reply(assignment=p.assignments.get(), result="A", text="已解决", by=heating_user)
    p.refresh_from_db()
    with pytest.raises(ValidationError, match="办结说明"):
        services.proposal_close(proposal=p, note=" ", by=staff)
    services.proposal_close(proposal=p, note="提案人逾期未反馈", by=staff)
    p.refresh_from_db()
    assert p.status == Status.CLOSED
    assert p.steps.get(kind="close").note == "提案人逾期未反馈"
