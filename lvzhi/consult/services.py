"""Writes of the consult app: one keyword-only service per business action, in one transaction, with
``full_clean()``, the audit entry and the DutyRecords of the source. Views, the API, the import and the
demo all call these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.models import User
from lvzhi.consult.choices import DEFAULT_FORMS, OUTCOMES, StepKind, SuggestionCategory, SuggestionStatus
from lvzhi.consult.models import (
    AnnualPlan,
    Consultation,
    ConsultationForm,
    PlanItem,
    ResearchVisit,
    Studio,
    StudioLog,
    Suggestion,
    SuggestionStep,
)
from lvzhi.core import search
from lvzhi.core.audit import audit_log
from lvzhi.core.notifications import notify
from lvzhi.core.permissions import can
from lvzhi.core.scope import scope_of
from lvzhi.duty.services import duty_record_sync
from lvzhi.org.models import Committee, Person, Unit

CONSULTATION_FIELDS = (
    "form", "topic", "start_on", "end_on", "venue", "special_committee", "sector", "studio",
    "officials_count", "public_count", "experts_count", "other_participants", "summary", "plan_item",
)  # fmt: skip
SUGGESTION_FIELDS = ("consultation", "title", "text", "category", "submitted_on")
STUDIO_FIELDS = ("kind", "name", "address", "convenor", "checklist", "established_on")


def _own(committee_id: int, objs: Iterable[Any], field: str, model: str) -> list[Any]:
    """Related rows must be the committee's own (a form may post any id)."""
    objs = list(dict.fromkeys(objs))
    if any(o.committee_id != committee_id for o in objs):
        raise ValidationError({field: _("包含不属于本政协的%s。") % model})
    return objs


# --- consultation forms ---------------------------------------------------------------------------


def install_default_forms(committee: Committee) -> None:
    """The forms of domain.md §5.4 for a new committee (kept when they exist already)."""
    if ConsultationForm.objects.filter(committee=committee).exists():
        return
    ConsultationForm.objects.bulk_create(
        ConsultationForm(committee=committee, code=code, name=name, order=i)
        for i, (code, name) in enumerate(DEFAULT_FORMS, 1)
    )


@transaction.atomic
def consultation_form_create(
    *, committee: Committee, code: str, name: str, order: int | None = None, by: Any
) -> ConsultationForm:
    if ConsultationForm.objects.filter(committee=committee, code=code).exists():
        raise ValidationError({"code": _("本政协已有代码为「%s」的协商形式。") % code})
    if ConsultationForm.objects.filter(committee=committee, name=name).exists():
        raise ValidationError({"name": _("本政协已有名为「%s」的协商形式。") % name})
    if order is None:
        order = (ConsultationForm.objects.filter(committee=committee).aggregate(n=Max("order"))["n"] or 0) + 1
    form = ConsultationForm(committee=committee, code=code, name=name, order=order)
    form.full_clean()
    form.save()
    audit_log("consultation_form_create", user=by, obj=form)
    return form


@transaction.atomic
def consultation_form_update(
    *, form: ConsultationForm, name: str, order: int, active: bool, by: Any
) -> ConsultationForm:
    """Rename, reorder or (de)activate a form; its code stays, since figure keys are made of it."""
    if (
        ConsultationForm.objects.filter(committee_id=form.committee_id, name=name)
        .exclude(pk=form.pk)
        .exists()
    ):
        raise ValidationError({"name": _("本政协已有名为「%s」的协商形式。") % name})
    form.name, form.order, form.active = name, order, active
    form.full_clean()
    form.save()
    audit_log("consultation_form_update", user=by, obj=form)
    return form


# --- consultations --------------------------------------------------------------------------------


def _write_consultation(consultation: Consultation, participants: Iterable[Person] | None) -> None:
    consultation.full_clean()
    consultation.save()
    if participants is not None:
        consultation.participants.set(
            _own(consultation.committee_id, participants, "participants", _("人员"))
        )
    duty_record_sync(consultation)


@transaction.atomic
def consultation_create(
    *, committee: Committee, data: dict[str, Any], participants: Iterable[Person] = (), by: Any
) -> Consultation:
    consultation = Consultation(
        committee=committee, **{k: v for k, v in data.items() if k in CONSULTATION_FIELDS}
    )
    _write_consultation(consultation, participants)
    audit_log("consultation_create", user=by, obj=consultation)
    return consultation


@transaction.atomic
def participant_set(*, consultation: Consultation, person: Person, present: bool, by: Any) -> None:
    """Add one participant (a check-in) or take one off; the DutyRecord follows."""
    _own(consultation.committee_id, [person], "participants", _("人员"))
    if present:
        consultation.participants.add(person)
    else:
        consultation.participants.remove(person)
    duty_record_sync(consultation)
    audit_log(
        "consultation_participant",
        user=by,
        obj=consultation,
        detail={"person": person.pk, "present": present},
    )


@transaction.atomic
def consultation_update(
    *,
    consultation: Consultation,
    data: dict[str, Any],
    participants: Iterable[Person] | None = None,
    expected_version: int | None = None,
    by: Any,
) -> Consultation:
    """Edit a consultation; an edit made on a stale copy is refused."""
    consultation.claim_version(expected_version)
    for field, value in data.items():
        if field in CONSULTATION_FIELDS:
            setattr(consultation, field, value)
    _write_consultation(consultation, participants)
    audit_log("consultation_update", user=by, obj=consultation)
    return consultation


@transaction.atomic
def research_visit_add(
    *, consultation: Consultation, on: date, place: str, note: str = "", by: Any
) -> ResearchVisit:
    visit = ResearchVisit(
        committee_id=consultation.committee_id, consultation=consultation, on=on, place=place, note=note
    )
    visit.full_clean()
    visit.save()
    audit_log("research_visit_add", user=by, obj=consultation, detail={"place": place})
    return visit


# --- suggestions ----------------------------------------------------------------------------------


def _step(suggestion: Suggestion, kind: str, by: Any, *, before: str = "", on: date | None = None,
          note: str = "") -> SuggestionStep:  # fmt: skip
    step = SuggestionStep(
        committee_id=suggestion.committee_id,
        suggestion=suggestion,
        kind=kind,
        by=by if getattr(by, "pk", None) else None,
        by_name=str(getattr(by, "person", None) or getattr(by, "username", "") or "")[:50],
        from_status=before,
        to_status=suggestion.status if suggestion.status != before else "",
        on=on,
        note=note,
    )
    step.save()
    return step


@transaction.atomic
def suggestion_create(
    *,
    committee: Committee,
    title: str,
    submitted_on: date,
    text: str = "",
    consultation: Consultation | None = None,
    proposers: Iterable[Person] = (),
    category: str = SuggestionCategory.OTHER,
    units: Iterable[Unit] = (),
    by: Any,
    step_kind: str = StepKind.SUBMIT,
) -> Suggestion:
    """Record a suggestion as 已报送; its proposers get their DutyRecords in the same transaction."""
    suggestion = Suggestion(
        committee=committee,
        title=title.strip(),
        text=text,
        submitted_on=submitted_on,
        consultation=consultation,
        category=category,
    )
    suggestion.full_clean()
    suggestion.save()
    suggestion.proposers.set(_own(committee.pk, proposers, "proposers", _("人员")))
    suggestion.units.set(_own(committee.pk, units, "units", _("承办单位")))
    _step(suggestion, step_kind, by, on=submitted_on)
    audit_log("suggestion_create", user=by, obj=suggestion)
    duty_record_sync(suggestion)
    _index(suggestion)
    return suggestion


def _index(suggestion: Suggestion) -> None:
    """Findable in full-text search and among the similar records shown beside a proposal's draft."""
    search.index(
        committee=suggestion.committee,
        kind="suggestion",
        object_id=suggestion.pk,
        title=suggestion.title,
        text=f"{suggestion.title}\n{suggestion.text}",
        date=suggestion.submitted_on,
    )


@transaction.atomic
def suggestion_update(
    *,
    suggestion: Suggestion,
    data: dict[str, Any],
    proposers: Iterable[Person] | None = None,
    units: Iterable[Unit] | None = None,
    expected_version: int | None = None,
    by: Any,
) -> Suggestion:
    """Edit the suggestion's text and people; a stale edit is refused."""
    suggestion.claim_version(expected_version)
    for field, value in data.items():
        if field in SUGGESTION_FIELDS:
            setattr(suggestion, field, value)
    suggestion.full_clean()
    suggestion.save()
    if proposers is not None:
        suggestion.proposers.set(_own(suggestion.committee_id, proposers, "proposers", _("人员")))
    if units is not None:
        suggestion.units.set(_own(suggestion.committee_id, units, "units", _("承办单位")))
    audit_log("suggestion_update", user=by, obj=suggestion)
    duty_record_sync(suggestion)
    _index(suggestion)
    return suggestion


def _move(suggestion: Suggestion, to: str, kind: str, by: Any, *, allowed_from: tuple[str, ...],
          on: date | None = None, note: str = "") -> None:  # fmt: skip
    if suggestion.status not in allowed_from:
        raise ValidationError(
            _("当前状态为「%(status)s」，不能%(action)s。")
            % {"status": suggestion.get_status_display(), "action": StepKind(kind).label}
        )
    before = suggestion.status
    suggestion.status = to
    suggestion.full_clean()
    suggestion.save()
    _step(suggestion, kind, by, before=before, on=on, note=note)
    audit_log(f"suggestion_{kind}", user=by, obj=suggestion, detail={"from": before, "to": to})
    duty_record_sync(suggestion)


@transaction.atomic
def suggestion_assign(
    *, suggestion: Suggestion, units: Iterable[Unit] | None = None, on: date | None = None,
    note: str = "", by: Any,
) -> Suggestion:  # fmt: skip
    """交办: sent to one or more units (those given, or those already on it)."""
    if units is not None:
        suggestion.units.set(_own(suggestion.committee_id, units, "units", _("承办单位")))
    if not suggestion.units.exists():
        raise ValidationError({"units": _("交办前请选择承办单位。")})
    _move(suggestion, SuggestionStatus.ASSIGNED, StepKind.ASSIGN, by,
          allowed_from=(SuggestionStatus.SUBMITTED,), on=on or timezone.localdate(), note=note)  # fmt: skip
    committee, unit_ids, pk = suggestion.committee, [u.pk for u in suggestion.units.all()], suggestion.pk
    text = _("交办意见建议《%(title)s》，请办理并答复。") % {"title": suggestion.title}
    url = suggestion.get_absolute_url()
    transaction.on_commit(
        lambda: notify(
            users=User.of_units(committee.pk, unit_ids),
            committee=committee,
            key=f"suggestion:{pk}:assign",
            text=text,
            url=url,
        )
    )
    return suggestion


@transaction.atomic
def suggestion_reply(*, suggestion: Suggestion, reply: str, replied_on: date, by: Any) -> Suggestion:
    """答复: the units' answer and its date, entered by a unit it was assigned to or by staff (a reply
    received on paper)."""
    if getattr(by, "is_authenticated", False) and not can(by, "consult.reply", suggestion):
        raise PermissionDenied(_("只有被交办的单位可以答复。"))
    if not reply.strip():
        raise ValidationError({"reply": _("请填写答复内容。")})
    suggestion.reply = reply.strip()
    suggestion.replied_on = replied_on
    answering = scope_of(by).units.get(suggestion.committee_id, frozenset())
    note = "、".join(u.name for u in suggestion.units.all() if u.pk in answering)
    _move(suggestion, SuggestionStatus.REPLIED, StepKind.REPLY, by,
          allowed_from=(SuggestionStatus.ASSIGNED,), on=replied_on, note=note)  # fmt: skip
    return suggestion


@transaction.atomic
def suggestion_conclude(
    *, suggestion: Suggestion, outcome: str, note: str = "", on: date | None = None, by: Any
) -> Suggestion:
    """采纳 / 部分采纳 / 留作参考, once answered."""
    if outcome not in OUTCOMES:
        raise ValidationError({"outcome": _("请选择采纳、部分采纳或留作参考。")})
    _move(suggestion, outcome, StepKind.CONCLUDE, by, allowed_from=(SuggestionStatus.REPLIED,),
          on=on or timezone.localdate(), note=note)  # fmt: skip
    return suggestion


# --- the annual plan ------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, committee: Committee, year: int, approved_by: str = "", approved_on: date | None = None, by: Any
) -> AnnualPlan:
    if AnnualPlan.objects.filter(committee=committee, year=year).exists():
        raise ValidationError({"year": _("%d年度协商计划已存在。") % year})
    plan = AnnualPlan(committee=committee, year=year, approved_by=approved_by, approved_on=approved_on)
    plan.full_clean()
    plan.save()
    audit_log("plan_create", user=by, obj=plan)
    return plan


@transaction.atomic
def plan_item_add(
    *,
    plan: AnnualPlan,
    form: ConsultationForm,
    topic: str,
    organizer: str = "",
    planned_month: int | None = None,
    planned_quarter: int | None = None,
    by: Any,
) -> PlanItem:
    order = (plan.items.aggregate(n=Max("order"))["n"] or 0) + 1
    item = PlanItem(
        committee_id=plan.committee_id,
        plan=plan,
        form=form,
        topic=topic,
        organizer=organizer,
        planned_month=planned_month,
        planned_quarter=planned_quarter,
        order=order,
    )
    item.full_clean()
    item.save()
    audit_log("plan_item_add", user=by, obj=plan, detail={"topic": topic})
    return item


# --- 委员工作室 -------------------------------------------------------------------------------------


@transaction.atomic
def studio_create(
    *, committee: Committee, data: dict[str, Any], members: Iterable[Person] = (), by: Any
) -> Studio:
    studio = Studio(committee=committee, **{k: v for k, v in data.items() if k in STUDIO_FIELDS})
    studio.full_clean()
    studio.save()
    studio.members.set(_own(committee.pk, members, "members", _("人员")))
    audit_log("studio_create", user=by, obj=studio)
    return studio


@transaction.atomic
def studio_update(
    *,
    studio: Studio,
    data: dict[str, Any],
    members: Iterable[Person] | None = None,
    expected_version: int | None = None,
    by: Any,
) -> Studio:
    studio.claim_version(expected_version)
    for field, value in data.items():
        if field in STUDIO_FIELDS:
            setattr(studio, field, value)
    studio.full_clean()
    studio.save()
    if members is not None:
        studio.members.set(_own(studio.committee_id, members, "members", _("人员")))
    audit_log("studio_update", user=by, obj=studio)
    return studio


@transaction.atomic
def studio_log_add(*, studio: Studio, on: date, kind: str, text: str, by: Any) -> StudioLog:
    log = StudioLog(committee_id=studio.committee_id, studio=studio, on=on, kind=kind, text=text.strip())
    log.full_clean()
    log.save()
    audit_log("studio_log_add", user=by, obj=studio)
    return log
