"""Every move of a proposal is one service (domain.md §5.2): it checks the gate, writes the proposal, its
timeline step and its DutyRecords in one transaction, and notifies after the commit. Views, the API,
the import and the CLI all call these."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.attachments import attachment_add
from lvzhi.core.audit import audit_log
from lvzhi.core.notifications import notify
from lvzhi.duty.services import duty_record_sync
from lvzhi.org.models import Committee, Person, TermMembership, Unit
from lvzhi.proposals.choices import (
    ANSWERING_ROLES,
    HANDLING_STATES,
    CosignStatus,
    HandlingRole,
    ProposerKind,
    ReviewDecision,
    Satisfaction,
    Status,
    StepKind,
)
from lvzhi.proposals.models import (
    Assignment,
    Cosigner,
    Feedback,
    HandlingRule,
    Proposal,
    ProposalSession,
    Reply,
    Step,
)
from lvzhi.proposals.similar import index_proposal

EDITABLE = ("kind", "title", "reasons", "measures", "category", "special_committee", "sector", "organization")


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _step(proposal: Proposal, kind: str, by: Any, *, on: date | None = None, note: str = "") -> Step:
    step = Step(
        committee_id=proposal.committee_id,
        proposal=proposal,
        kind=kind,
        to_status=proposal.status,
        on=on,
        by=by if getattr(by, "pk", None) else None,
        by_name=str(getattr(by, "person", None) or getattr(by, "username", "") or "")[:60],
        note=note,
    )
    step.save()
    return step


def _gate(proposal: Proposal, allowed: Iterable[str], action: str) -> None:
    if proposal.status not in allowed:
        raise ValidationError(
            _("当前状态为「%(status)s」，不能%(action)s。")
            % {"status": proposal.get_status_display(), "action": action}
        )


def _save(proposal: Proposal, kind: str, by: Any, *, on: date | None = None, note: str = "") -> Proposal:
    proposal.full_clean()
    proposal.save()
    _step(proposal, kind, by, on=on, note=note)
    duty_record_sync(proposal)
    index_proposal(proposal)
    audit_log(f"proposal_{kind}", user=by, obj=proposal, detail={"status": proposal.status})
    return proposal


def _users_of(people: Iterable[int]) -> list[Any]:
    from lvzhi.accounts.models import User

    return list(User.objects.filter(person_id__in=list(people), is_active=True))


def _unit_users(committee_id: int, unit_ids: Iterable[int]) -> list[Any]:
    from lvzhi.accounts.models import User

    return User.of_units(committee_id, unit_ids)


def _notify_later(people: Iterable[int], proposal: Proposal, key: str, text: str) -> None:
    ids = list(people)
    transaction.on_commit(
        lambda: notify(
            users=_users_of(ids),
            committee=proposal.committee,
            key=f"proposal:{proposal.pk}:{key}",
            text=text,
            url=proposal.get_absolute_url(),
        )
    )


def _is_member(person: Person, session: ProposalSession, on: date) -> bool:
    return TermMembership.objects.filter(person=person, term=session.term).active_on(on).exists()


# --- drafting ---------------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    committee: Committee,
    lead: Person,
    data: dict[str, Any],
    cosigners: Sequence[Person] = (),
    on: date | None = None,
    by: Any,
) -> Proposal:
    """A draft in the session current on the day; only its author sees it until it is submitted."""
    today = _today(on)
    session = ProposalSession.current(committee, today)
    if session is None:
        raise ValidationError(_("尚未设置本届会议，请先由工作人员在“提案设置”中添加。"))
    if lead.committee_id != committee.pk:
        raise ValidationError({"lead": _("提案人不属于本政协。")})
    proposal = Proposal(committee=committee, session=session, lead=lead, created_by=by if by else None)
    for field in EDITABLE:
        if field in data:
            setattr(proposal, field, data[field])
    proposal.full_clean()
    proposal.save()
    _set_cosigners(proposal, cosigners)
    _step(proposal, StepKind.CREATE, by, on=today)
    return proposal


def _set_cosigners(proposal: Proposal, people: Sequence[Person]) -> None:
    wanted = {p.pk: p for p in people if p.pk != proposal.lead_id}
    if any(p.committee_id != proposal.committee_id for p in wanted.values()):
        raise ValidationError({"cosigners": _("附议人须为本政协委员。")})
    if proposal.kind != ProposerKind.JOINT and wanted:
        raise ValidationError({"cosigners": _("只有委员联名提案需要附议人。")})
    proposal.cosigners.exclude(person_id__in=list(wanted)).delete()
    have = set(proposal.cosigners.values_list("person_id", flat=True))
    Cosigner.objects.bulk_create(
        Cosigner(committee_id=proposal.committee_id, proposal=proposal, person=p)
        for pk, p in wanted.items()
        if pk not in have
    )


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    data: dict[str, Any],
    cosigners: Sequence[Person] | None = None,
    expected_version: int | None,
    by: Any,
) -> Proposal:
    """Edit a draft; a copy edited elsewhere in the meantime is refused (the typed text stays on the form)."""
    _gate(proposal, [Status.DRAFT], _("修改"))
    proposal.claim_version(expected_version)
    for field in EDITABLE:
        if field in data:
            setattr(proposal, field, data[field])
    proposal.full_clean()
    proposal.save()
    if cosigners is not None:
        _set_cosigners(proposal, cosigners)
    return proposal


@transaction.atomic
def proposal_delete_draft(*, proposal: Proposal, by: Any) -> None:
    _gate(proposal, [Status.DRAFT], _("删除"))
    audit_log("proposal_delete", user=by, obj=proposal)
    proposal.delete()


@transaction.atomic
def proposal_submit(*, proposal: Proposal, by: Any, on: date | None = None) -> Proposal:
    """Submit a draft. A joint proposal first collects its 附议 until the deadline; the others go to 审查."""
    _gate(proposal, [Status.DRAFT], _("提交"))
    today = _today(on)
    missing = {f: _("提交前请写明%(what)s。") % {"what": w} for f, w in (("reasons", _("理由")), ("measures", _("建议")))
               if not getattr(proposal, f).strip()}  # fmt: skip
    if missing:
        raise ValidationError(missing)
    if proposal.kind in (ProposerKind.MEMBER, ProposerKind.JOINT) and not _is_member(
        proposal.lead, proposal.session, today
    ):
        raise ValidationError(
            _("%(name)s不是本届委员，不能以委员名义提出提案。") % {"name": proposal.lead.name}
        )
    if proposal.kind == ProposerKind.JOINT:
        if not proposal.cosigners.exists():
            raise ValidationError(_("联名提案须至少邀请一位委员附议。"))
        rule = HandlingRule.in_force_on(proposal.committee, today)
        proposal.status = Status.COSIGNING
        proposal.cosign_deadline = date.fromordinal(today.toordinal() + rule.cosign_days)
        invited = list(proposal.cosigners.values_list("person_id", flat=True))
        _notify_later(
            invited,
            proposal,
            "cosign",
            _("%(name)s邀请您附议提案《%(title)s》，请于%(day)s前答复。")
            % {"name": proposal.lead.name, "title": proposal.title, "day": proposal.cosign_deadline},
        )
    else:
        proposal.status = Status.SUBMITTED
    proposal.submitted_on = today
    return _save(proposal, StepKind.SUBMIT, by, on=today)


@transaction.atomic
def proposal_cosign(
    *, proposal: Proposal, person: Person, agree: bool, by: Any, on: date | None = None
) -> Proposal:
    """A member answers the invitation to 附议, before the deadline. When everyone has answered the
    proposal goes on to 审查 at once."""
    _gate(proposal, [Status.COSIGNING], _("附议"))
    today = _today(on)
    cosigner = proposal.cosigners.filter(person=person).first()
    if cosigner is None:
        raise PermissionDenied(_("您不在该提案的附议人之列。"))
    if cosigner.status != CosignStatus.INVITED:
        raise ValidationError(_("您已答复过该附议邀请。"))
    if proposal.cosign_deadline and today > proposal.cosign_deadline:
        raise ValidationError(_("附议已于%(day)s截止。") % {"day": proposal.cosign_deadline})
    cosigner.status = CosignStatus.SIGNED if agree else CosignStatus.DECLINED
    cosigner.answered_at = timezone.now()
    cosigner.save()
    if not proposal.cosigners.filter(status=CosignStatus.INVITED).exists():
        proposal.status = Status.SUBMITTED  # everyone answered: on to 审查 without waiting for the deadline
    proposal.save()
    _step(proposal, StepKind.COSIGN if agree else StepKind.DECLINE, by, on=today, note=person.name)
    duty_record_sync(proposal)
    return proposal


def _settle_cosigning(proposal: Proposal, today: date) -> None:
    """Past its deadline a joint proposal goes to 审查 with those who signed; it needs at least one."""
    if proposal.status != Status.COSIGNING:
        return
    if proposal.cosign_deadline and today <= proposal.cosign_deadline:
        raise ValidationError(
            _("附议尚未截止（%(day)s），截止后或全部附议人答复后方可审查。")
            % {"day": proposal.cosign_deadline}
        )
    proposal.status = Status.SUBMITTED


# --- review, assignment -----------------------------------------------------------------------------


def _next_number(proposal: Proposal) -> int:
    ProposalSession.objects.select_for_update().filter(pk=proposal.session_id).first()
    last = Proposal.objects.filter(session_id=proposal.session_id).aggregate(n=Max("number"))["n"] or 0
    return int(last) + 1


@transaction.atomic
def proposal_review(
    *, proposal: Proposal, decision: str, reason: str = "", by: Any, on: date | None = None
) -> Proposal:
    """审查: 立案 (numbered next in its session), 不予立案 with the reason told to the proposer, or 转意见建议
    with the proposer's consent."""
    today = _today(on)
    _gate(proposal, [Status.SUBMITTED, Status.COSIGNING], _("审查"))
    _settle_cosigning(proposal, today)
    if (
        proposal.kind == ProposerKind.JOINT
        and not proposal.cosigners.filter(status=CosignStatus.SIGNED).exists()
        and decision == ReviewDecision.REGISTER
    ):
        raise ValidationError(_("联名提案没有委员附议，不能作为联名提案立案。"))
    reason = reason.strip()
    if decision == ReviewDecision.REGISTER:
        proposal.status = Status.REGISTERED
        proposal.registered_on = today
        proposal.number = _next_number(proposal)
        kind = StepKind.REGISTER
    elif decision in (ReviewDecision.REJECT, ReviewDecision.CONVERT):
        if not reason:
            raise ValidationError({"reason": _("请写明理由，将告知提案人。")})
        proposal.status = Status.NOT_REGISTERED if decision == ReviewDecision.REJECT else Status.CONVERTED
        kind = StepKind.REJECT if decision == ReviewDecision.REJECT else StepKind.CONVERT
    else:
        raise ValidationError(_("未知的审查结论。"))
    proposal.review_note = reason
    try:
        with transaction.atomic():
            _save(proposal, kind, by, on=today, note=reason)
    except IntegrityError as exc:  # two reviewers numbered at once: the unique number says no
        raise ValidationError(_("提案号已被占用，请重试。")) from exc
    if decision == ReviewDecision.CONVERT:
        _convert(proposal, today, by)
    _notify_later(
        proposal.proposer_ids(),
        proposal,
        f"review:{decision}",
        _("您的提案《%(title)s》审查结果：%(result)s。")
        % {"title": proposal.title, "result": ReviewDecision(decision).label},
    )
    return proposal


# A proposal's category in the suggestions' list of categories.
SUGGESTION_CATEGORY = {
    "economy": "economy", "agriculture": "economy", "livelihood": "livelihood", "urban": "urban_rural",
    "ecology": "ecology", "education": "culture", "culture": "culture", "law": "governance", "other": "other",
}  # fmt: skip


def _convert(proposal: Proposal, today: date, by: Any) -> None:
    """转意见建议: the proposal becomes a suggestion of the same proposers, found with the other
    suggestions (its step names it)."""
    from lvzhi.consult.services import suggestion_create

    suggestion = suggestion_create(
        committee=proposal.committee,
        title=proposal.title,
        text=f"{proposal.reasons}\n{proposal.measures}".strip(),
        submitted_on=today,
        proposers=list(Person.objects.filter(pk__in=proposal.proposer_ids())),
        category=SUGGESTION_CATEGORY.get(proposal.category, "other"),
        by=by,
    )
    _step(
        proposal, StepKind.CONVERT, by, on=today, note=_("已转为意见建议（%(id)s）") % {"id": suggestion.pk}
    )


def _check_units(units: Sequence[tuple[Unit, str]], committee_id: int) -> None:
    if not units:
        raise ValidationError({"units": _("请至少选择一个承办单位。")})
    ids = [u.pk for u, _r in units]
    if len(set(ids)) != len(ids):
        raise ValidationError({"units": _("同一单位只能选择一次。")})
    if any(u.committee_id != committee_id for u, _r in units):
        raise ValidationError({"units": _("承办单位不属于本政协。")})
    roles = [r for _u, r in units]
    if any(r not in HandlingRole.values for r in roles):
        raise ValidationError({"units": _("未知的办理方式。")})
    leads = roles.count(HandlingRole.LEAD)
    if HandlingRole.SEPARATE in roles:
        if leads or HandlingRole.ASSIST in roles:
            raise ValidationError({"units": _("分办的提案由各单位分别答复，不能同时指定主办或会办单位。")})
    elif leads != 1:
        raise ValidationError({"units": _("须指定一个主办单位（会办单位可有多个）。")})


@transaction.atomic
def proposal_assign(
    *,
    proposal: Proposal,
    units: Sequence[tuple[Unit, str]],
    by: Any,
    on: date | None = None,
    deadline: date | None = None,
) -> Proposal:
    """交办: to one 主办 with its 会办 units, or to several 分办 units, each with a deadline by the rule in
    force (default 3 months)."""
    _gate(proposal, [Status.REGISTERED], _("交办"))
    _check_units(units, proposal.committee_id)
    today = _today(on)
    due = deadline or HandlingRule.in_force_on(proposal.committee, today).reply_deadline(today)
    if due <= today:
        raise ValidationError({"deadline": _("答复期限须晚于交办日期。")})
    proposal.handling_round = 1
    Assignment.objects.bulk_create(
        Assignment(
            committee_id=proposal.committee_id,
            proposal=proposal,
            unit=unit,
            role=role,
            round=1,
            assigned_on=today,
            deadline=due,
        )
        for unit, role in units
    )
    proposal.status = Status.ASSIGNED
    names = "、".join(f"{u.name}（{HandlingRole(r).label}）" for u, r in units)
    _save(proposal, StepKind.ASSIGN, by, on=today, note=names)
    committee_id, unit_ids, title = proposal.committee_id, [u.pk for u, _r in units], proposal.title
    transaction.on_commit(
        lambda: notify(
            users=_unit_users(committee_id, unit_ids),
            committee=proposal.committee,
            key=f"proposal:{proposal.pk}:assign:1",
            text=_("交办提案《%(title)s》，请于%(day)s前答复。") % {"title": title, "day": due},
            url=proposal.get_absolute_url(),
        )
    )
    return proposal


# --- handling ---------------------------------------------------------------------------------------


def may_answer_for(user: Any, assignment: Assignment) -> bool:
    """The unit's own accounts answer; staff may enter a reply received on paper."""
    from lvzhi.core.roles import Role
    from lvzhi.core.scope import scope_of

    scope = scope_of(user)
    if scope.has_role(assignment.committee_id, Role.STAFF):
        return True
    return assignment.unit_id in scope.units.get(assignment.committee_id, frozenset())


@transaction.atomic
def proposal_reply(
    *,
    assignment: Assignment,
    text: str,
    result: str = "",
    contact: str = "",
    document: UploadedFile | None = None,
    by: Any,
    on: date | None = None,
) -> Reply:
    """A unit answers in writing (主办/分办, with the A–D class) or sends its opinion (会办). When every
    answering unit of the round has replied, the proposal waits for the proposers' feedback."""
    proposal = Proposal.objects.select_for_update().get(pk=assignment.proposal_id)
    _gate(proposal, HANDLING_STATES, _("答复"))
    if assignment.round != proposal.handling_round:
        raise ValidationError(_("这是上一轮办理的交办，不能再答复。"))
    if not may_answer_for(by, assignment):
        raise PermissionDenied(_("只有被交办的单位可以答复。"))
    if hasattr(assignment, "reply"):
        raise ValidationError(_("本单位已答复过本轮办理。"))
    today = _today(on)
    if assignment.answers and not result:
        raise ValidationError({"result": _("请选择办理结果（A、B、C、D类）。")})
    if not text.strip() and document is None:
        raise ValidationError({"text": _("请填写答复内容或上传答复函。")})
    reply = Reply(
        committee_id=assignment.committee_id,
        assignment=assignment,
        result=result if assignment.answers else "",
        text=text.strip(),
        contact=contact.strip(),
        replied_on=today,
        by=by if getattr(by, "pk", None) else None,
    )
    reply.full_clean()
    reply.save()
    if document is not None:
        attachment_add(obj=reply, upload=document, by=by)
    assignment.replied_on = today
    assignment.save(update_fields=["replied_on"])
    waiting = Assignment.objects.filter(
        proposal=proposal, round=proposal.handling_round, role__in=ANSWERING_ROLES, replied_on__isnull=True
    ).exists()
    late = _("（逾期答复）") if reply.late else ""
    note = f"{assignment.unit}：{reply.get_result_display() or _('会办意见')}{late}"
    if not waiting:
        proposal.status = Status.REPLIED
        _notify_later(
            [proposal.lead_id],
            proposal,
            f"replied:{proposal.handling_round}",
            _("您的提案《%(title)s》已答复，请提出办理意见（满意、基本满意或不满意）。")
            % {"title": proposal.title},
        )
    proposal.save()
    _step(proposal, StepKind.REPLY if assignment.answers else StepKind.OPINION, by, on=today, note=note)
    return reply


@transaction.atomic
def proposal_feedback(
    *,
    proposal: Proposal,
    person: Person,
    satisfaction: str,
    comment: str = "",
    by: Any,
    on: date | None = None,
) -> Feedback:
    """A proposer's view of the replies. The first proposer's decides: 不满意 sends the proposal back to
    the answering units for 重新办理 (rule: 3 months); 满意 or 基本满意 closes it (办结)."""
    _gate(proposal, [Status.REPLIED], _("反馈"))
    if person.pk not in proposal.proposer_ids():
        raise PermissionDenied(_("只有提案人可以反馈办理意见。"))
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("请选择满意、基本满意或不满意。")})
    if satisfaction == Satisfaction.UNSATISFIED and not comment.strip():
        raise ValidationError({"comment": _("不满意时请写明意见，承办单位据此重新办理。")})
    today = _today(on)
    if Feedback.objects.filter(proposal=proposal, person=person, round=proposal.handling_round).exists():
        raise ValidationError(_("您已反馈过本轮办理意见。"))
    feedback = Feedback.objects.create(
        committee_id=proposal.committee_id,
        proposal=proposal,
        person=person,
        round=proposal.handling_round,
        satisfaction=satisfaction,
        comment=comment.strip(),
        given_on=today,
    )
    note = f"{person.name}：{feedback.get_satisfaction_display()}" + (
        f"。{feedback.comment}" if comment else ""
    )
    if person.pk != proposal.lead_id:
        _step(proposal, StepKind.FEEDBACK, by, on=today, note=note)
        return feedback
    if satisfaction == Satisfaction.UNSATISFIED:
        _redo(proposal, by, today, note)
    else:
        proposal.status = Status.CLOSED
        proposal.closed_on = today
        _step(proposal, StepKind.FEEDBACK, by, on=today, note=note)
        _save(proposal, StepKind.CLOSE, by, on=today)
    return feedback


def _redo(proposal: Proposal, by: Any, today: date, note: str) -> None:
    previous = list(
        Assignment.objects.filter(
            proposal=proposal, round=proposal.handling_round, role__in=ANSWERING_ROLES
        ).select_related("unit")
    )
    rule = HandlingRule.in_force_on(proposal.committee, today)
    due = rule.reply_deadline(today, redo=True)
    proposal.handling_round += 1
    Assignment.objects.bulk_create(
        Assignment(
            committee_id=proposal.committee_id,
            proposal=proposal,
            unit=a.unit,
            role=a.role,
            round=proposal.handling_round,
            assigned_on=today,
            deadline=due,
        )
        for a in previous
    )
    proposal.status = Status.REDO
    _step(proposal, StepKind.FEEDBACK, by, on=today, note=note)
    _save(proposal, StepKind.REDO, by, on=today, note=_("重新办理，答复期限%(day)s") % {"day": due})
    committee_id, unit_ids, title = proposal.committee_id, [a.unit_id for a in previous], proposal.title
    rnd = proposal.handling_round
    transaction.on_commit(
        lambda: notify(
            users=_unit_users(committee_id, unit_ids),
            committee=proposal.committee,
            key=f"proposal:{proposal.pk}:assign:{rnd}",
            text=_("提案《%(title)s》提案人不满意，请重新办理并于%(day)s前再次答复。")
            % {"title": title, "day": due},
            url=proposal.get_absolute_url(),
        )
    )


@transaction.atomic
def proposal_close(*, proposal: Proposal, note: str, by: Any, on: date | None = None) -> Proposal:
    """Staff close a replied proposal whose proposer has not answered (the reason is kept)."""
    _gate(proposal, [Status.REPLIED], _("办结"))
    if not note.strip():
        raise ValidationError({"note": _("请写明办结说明（如：提案人逾期未反馈）。")})
    today = _today(on)
    proposal.status = Status.CLOSED
    proposal.closed_on = today
    return _save(proposal, StepKind.CLOSE, by, on=today, note=note.strip())


# --- overlays ---------------------------------------------------------------------------------------


@transaction.atomic
def proposal_mark_key(*, proposal: Proposal, supervisor: Person, by: Any, on: date | None = None) -> Proposal:
    """重点提案 (selected by the 主席会议), with the leader who leads its supervision."""
    _gate(proposal, [Status.REGISTERED, *HANDLING_STATES, Status.REPLIED], _("列为重点提案"))
    if supervisor.committee_id != proposal.committee_id:
        raise ValidationError({"supervisor": _("督办领导不属于本政协。")})
    proposal.is_key = True
    proposal.supervisor = supervisor
    return _save(proposal, StepKind.KEY, by, on=_today(on), note=supervisor.name)


@transaction.atomic
def proposal_merge(
    *, primary: Proposal, others: Sequence[Proposal], by: Any, on: date | None = None
) -> Proposal:
    """并案: proposals on the same matter are handled with the primary one (before 交办)."""
    allowed = [Status.SUBMITTED, Status.REGISTERED]
    _gate(primary, allowed, _("并案"))
    if not others:
        raise ValidationError(_("请选择要并入的提案。"))
    today = _today(on)
    for other in others:
        if other.pk == primary.pk:
            raise ValidationError(_("不能把提案并入它自己。"))
        if other.session_id != primary.session_id:
            raise ValidationError(_("只能合并同一次会议的提案。"))
        _gate(other, allowed, _("并案"))
        other.status = Status.MERGED
        other.merged_into = primary
        _save(other, StepKind.MERGE, by, on=today, note=str(primary))
    _step(primary, StepKind.MERGE, by, on=today, note="、".join(str(o.title) for o in others))
    return primary


# --- settings ---------------------------------------------------------------------------------------


@transaction.atomic
def session_create(
    *, committee: Committee, term: Any, number: int, opened_on: date, by: Any
) -> ProposalSession:
    if ProposalSession.objects.filter(committee=committee, term=term, number=number).exists():
        raise ValidationError({"number": _("该届次已有这次会议。")})
    session = ProposalSession(committee=committee, term=term, number=number, opened_on=opened_on)
    session.full_clean()
    session.save()
    audit_log("proposal_session_create", user=by, obj=session)
    return session


@transaction.atomic
def rule_create(
    *,
    committee: Committee,
    reply_months: int,
    redo_months: int,
    cosign_days: int,
    effective_from: date,
    by: Any,
) -> HandlingRule:
    """A new version of the handling deadlines; earlier proposals keep the deadlines they were given."""
    rule = HandlingRule(
        committee=committee,
        reply_months=reply_months,
        redo_months=redo_months,
        cosign_days=cosign_days,
        effective_from=effective_from,
    )
    rule.full_clean()
    rule.save()
    audit_log("proposal_rule_create", user=by, obj=rule)
    return rule
