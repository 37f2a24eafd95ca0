"""Every move of a 社情民意信息 is one service (domain.md §5.3): it checks the gate, writes the piece, its
timeline step, its DutyRecords and its search entry in one transaction, and tells the authors after the
commit (采用、未采用、报送、批示 are fed back to them). Views, the demo and the tests all call these."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import search
from lvzhi.core.audit import audit_log
from lvzhi.core.notifications import notify
from lvzhi.duty.services import duty_record_sync, duty_records_clear
from lvzhi.opinions.choices import OPEN_STATES, SourceKind, Status, StepKind, Target
from lvzhi.opinions.models import Instruction, Opinion, Report, Step
from lvzhi.org.models import Committee, Person

EDITABLE = ("kind", "title", "content", "category", "body")
SEARCH_KIND = "opinion"


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _by_name(by: Any) -> str:
    return str(getattr(by, "person", None) or getattr(by, "username", "") or "")[:60]


def _gate(opinion: Opinion, allowed: Iterable[str], action: str) -> None:
    if opinion.status not in allowed:
        raise ValidationError(
            _("当前状态为「%(status)s」，不能%(action)s。")
            % {"status": opinion.get_status_display(), "action": action}
        )


def _index(opinion: Opinion) -> None:
    if opinion.status == Status.DRAFT:
        search.unindex(SEARCH_KIND, opinion.pk)
        return
    search.index(
        committee=opinion.committee,
        kind=SEARCH_KIND,
        object_id=opinion.pk,
        title=opinion.title,
        text=f"{opinion.title}\n{opinion.content}",
        date=opinion.submitted_on,
    )


def _save(opinion: Opinion, kind: str, by: Any, *, on: date | None = None, note: str = "") -> Opinion:
    opinion.full_clean()
    opinion.save()
    Step.objects.create(
        committee_id=opinion.committee_id,
        opinion=opinion,
        kind=kind,
        to_status=opinion.status,
        on=on,
        by_name=_by_name(by),
        note=note,
    )
    duty_record_sync(opinion)
    _index(opinion)
    audit_log(f"opinion_{kind}", user=by, obj=opinion, detail={"status": opinion.status})
    return opinion


def _feed_back(opinion: Opinion, key: str, text: str, by: Any) -> None:
    """Tell the authors what became of their information, after the commit, once per move; the timeline
    records that it was fed back (反馈委员)."""
    from lvzhi.accounts.models import User

    Step.objects.create(
        committee_id=opinion.committee_id,
        opinion=opinion,
        kind=StepKind.FEEDBACK,
        to_status=opinion.status,
        by_name=_by_name(by),
        note=text,
    )
    ids, url = opinion.author_ids(), opinion.get_absolute_url()
    transaction.on_commit(
        lambda: notify(
            users=User.objects.filter(person_id__in=ids, is_active=True),
            committee=opinion.committee,
            key=f"opinion:{opinion.pk}:{key}",
            text=text,
            url=url,
        )
    )


def _check_people(committee: Committee, lead: Person, coauthors: Sequence[Person]) -> None:
    if lead.committee_id != committee.pk or any(p.committee_id != committee.pk for p in coauthors):
        raise ValidationError({"coauthors": _("联名委员须是本政协的委员。")})


def _apply(opinion: Opinion, data: dict[str, Any]) -> None:
    for field in EDITABLE:
        if field in data:
            setattr(opinion, field, data[field])
    if opinion.kind != SourceKind.BODY:
        opinion.body = ""


# --- drafting ---------------------------------------------------------------------------------------


@transaction.atomic
def opinion_create(
    *,
    committee: Committee,
    lead: Person,
    data: dict[str, Any],
    coauthors: Sequence[Person] = (),
    by: Any,
) -> Opinion:
    """A draft; only whoever wrote it sees it until it is submitted."""
    _check_people(committee, lead, coauthors)
    opinion = Opinion(committee=committee, lead=lead, created_by=by if getattr(by, "pk", None) else None)
    _apply(opinion, data)
    opinion.full_clean()
    opinion.save()
    opinion.coauthors.set([p for p in coauthors if p.pk != lead.pk])
    return _save(opinion, StepKind.CREATE, by)


@transaction.atomic
def opinion_update(
    *,
    opinion: Opinion,
    data: dict[str, Any],
    coauthors: Sequence[Person] | None = None,
    expected_version: int | None,
    by: Any,
) -> Opinion:
    """Edit a draft; an edit made on a stale page is refused."""
    _gate(opinion, [Status.DRAFT], _("修改"))
    opinion.claim_version(expected_version)
    _apply(opinion, data)
    if coauthors is not None:
        _check_people(opinion.committee, opinion.lead, coauthors)
        opinion.coauthors.set([p for p in coauthors if p.pk != opinion.lead_id])
    opinion.full_clean()
    opinion.save()
    duty_record_sync(opinion)
    audit_log("opinion_update", user=by, obj=opinion)
    return opinion


@transaction.atomic
def opinion_delete_draft(*, opinion: Opinion, by: Any) -> None:
    _gate(opinion, [Status.DRAFT], _("删除"))
    duty_records_clear(opinion)
    search.unindex(SEARCH_KIND, opinion.pk)
    audit_log("opinion_delete", user=by, obj=opinion)
    opinion.delete()


@transaction.atomic
def opinion_submit(*, opinion: Opinion, on: date | None = None, by: Any) -> Opinion:
    _gate(opinion, [Status.DRAFT], _("提交"))
    if not opinion.content.strip():
        raise ValidationError({"content": _("请填写正文后再提交。")})
    if opinion.kind == SourceKind.JOINT and not opinion.coauthors.exists():
        raise ValidationError({"coauthors": _("联名报送须至少有一位联名委员。")})
    opinion.status = Status.SUBMITTED
    opinion.submitted_on = _today(on)
    return _save(opinion, StepKind.SUBMIT, by, on=opinion.submitted_on)


# --- the office's handling --------------------------------------------------------------------------


@transaction.atomic
def opinion_accept(*, opinion: Opinion, by: Any) -> Opinion:
    """受理: the information office takes it up for editing."""
    _gate(opinion, [Status.SUBMITTED], _("受理"))
    opinion.status = Status.EDITING
    return _save(opinion, StepKind.ACCEPT, by)


@transaction.atomic
def opinion_adopt(
    *, opinion: Opinion, issue: str, edited_title: str = "", on: date | None = None, by: Any
) -> Opinion:
    """采用: edited into an issue of the committee's 《社情民意》 (its 期号 is required)."""
    _gate(opinion, OPEN_STATES, _("采用"))
    if not issue.strip():
        raise ValidationError({"issue": _("请填写采用的刊物期号。")})
    opinion.status = Status.ADOPTED
    opinion.adopted_on = _today(on)
    opinion.issue = issue.strip()[:60]
    opinion.edited_title = edited_title.strip()[: Opinion.TITLE_MAX_LENGTH]
    _save(opinion, StepKind.ADOPT, by, on=opinion.adopted_on, note=opinion.issue)
    _feed_back(
        opinion,
        "adopt",
        _("您的社情民意信息「%(title)s」已被采用（%(issue)s）。")
        % {"title": opinion.title, "issue": opinion.issue},
        by,
    )
    return opinion


@transaction.atomic
def opinion_decline(*, opinion: Opinion, refer: bool, note: str, by: Any) -> Opinion:
    """未采用, or 转部门参考: either needs a note the authors will read."""
    _gate(opinion, OPEN_STATES, _("转部门参考") if refer else _("作未采用处理"))
    if not note.strip():
        raise ValidationError({"note": _("请填写处理意见，该意见将反馈给报送人。")})
    opinion.status = Status.REFERRED if refer else Status.REJECTED
    opinion.decision_note = note.strip()
    _save(opinion, StepKind.REFER if refer else StepKind.REJECT, by, note=opinion.decision_note)
    text = _("您的社情民意信息「%(title)s」%(what)s：%(note)s") % {
        "title": opinion.title,
        "what": _("已转有关部门参考") if refer else _("未被采用"),
        "note": opinion.decision_note,
    }
    _feed_back(opinion, "decline", text, by)
    return opinion


@transaction.atomic
def opinion_report(
    *, opinion: Opinion, target: str, recipient: str = "", on: date | None = None, by: Any
) -> Report:
    """报送: an adopted piece goes to the party committee, the government, the higher CPPCC or a
    department; each recipient once."""
    _gate(opinion, [Status.ADOPTED, Status.REPORTED], _("报送"))
    if target not in Target.values:
        raise ValidationError({"target": _("请选择报送对象。")})
    day = _today(on)
    if opinion.adopted_on and day < opinion.adopted_on:
        raise ValidationError({"reported_on": _("报送日期不能早于采用日期。")})
    try:
        with transaction.atomic():
            report = Report.objects.create(
                committee_id=opinion.committee_id,
                opinion=opinion,
                target=target,
                recipient=recipient.strip()[:80],
                reported_on=day,
            )
    except IntegrityError:
        raise ValidationError({"target": _("已向该对象报送过。")}) from None
    opinion.status = Status.REPORTED
    _save(opinion, StepKind.REPORT, by, on=day, note=str(report))
    _feed_back(
        opinion,
        f"report:{report.pk}",
        _("您的社情民意信息「%(title)s」已报送%(to)s。") % {"title": opinion.title, "to": str(report)},
        by,
    )
    return report


@transaction.atomic
def opinion_upper_adopt(*, report: Report, issue: str = "", on: date | None = None, by: Any) -> Report:
    """The higher CPPCC adopted what was reported to it (上级采用)."""
    if report.target != Target.UPPER_CPPCC:
        raise ValidationError({"target": _("只有报送上级政协的信息才有上级采用。")})
    if report.upper_adopted_on is not None:
        raise ValidationError(_("已登记上级采用。"))
    day = _today(on)
    if day < report.reported_on:
        raise ValidationError({"on": _("上级采用日期不能早于报送日期。")})
    report.upper_adopted_on, report.upper_issue = day, issue.strip()[:60]
    report.save(update_fields=["upper_adopted_on", "upper_issue"])
    opinion = report.opinion
    _save(opinion, StepKind.UPPER, by, on=day, note=report.upper_issue)
    _feed_back(
        opinion,
        f"upper:{report.pk}",
        _("您的社情民意信息「%(title)s」被上级政协采用。") % {"title": opinion.title},
        by,
    )
    return report


@transaction.atomic
def opinion_instruct(
    *, opinion: Opinion, level: str, leader: str, content: str, on: date | None = None, by: Any
) -> Instruction:
    """A leader's instruction on a reported piece, fed back to the authors (反馈获领导批示情况)."""
    _gate(opinion, [Status.REPORTED], _("登记批示"))
    errors = {}
    if not leader.strip():
        errors["leader"] = _("请填写批示领导。")
    if not content.strip():
        errors["content"] = _("请填写批示内容摘要。")
    day = _today(on)
    first_report = min(r.reported_on for r in opinion.reports.all())
    if day < first_report:
        errors["instructed_on"] = _("批示日期不能早于报送日期。")
    if errors:
        raise ValidationError(errors)
    instruction = Instruction(
        committee_id=opinion.committee_id,
        opinion=opinion,
        level=level,
        leader=leader.strip()[:60],
        content=content.strip(),
        instructed_on=day,
    )
    instruction.full_clean()
    instruction.save()
    _save(opinion, StepKind.INSTRUCT, by, on=day, note=f"{instruction.leader}：{instruction.content}")
    _feed_back(
        opinion,
        f"instruct:{instruction.pk}",
        _("您的社情民意信息「%(title)s」获%(leader)s批示。")
        % {"title": opinion.title, "leader": instruction.leader},
        by,
    )
    return instruction
