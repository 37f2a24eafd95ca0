"""Writing DutyRecords (the one idempotent sync every app calls in the transaction of its source), and
the archive's own actions: confirmations and appeals, the 常委's annual report, scheme versions and the
year's finalization."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.duty.kinds import DutyKind, RecordSpec, all_kinds, kinds_for, label_of
from lvzhi.duty.models import (
    AnnualReport,
    AnnualScore,
    Appeal,
    Confirmation,
    DutyRecord,
    GradeBand,
    RemovalRule,
    ScoreItem,
    ScoringScheme,
    YearClosing,
)
from lvzhi.org.choices import Position
from lvzhi.org.models import Committee, Person, TermMembership


@dataclass(frozen=True)
class SyncResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0


@transaction.atomic
def duty_record_sync(source: models.Model, *, persons: Iterable[int] | None = None) -> SyncResult:
    """Make the source's DutyRecords exactly what its registered kinds derive from it now.

    An upsert on (source, person, kind): records the source no longer implies are deleted, changed ones
    updated, new ones created. Running it twice changes nothing the second time.

    ``persons`` (person ids) limits it to those persons' records, for a change that touches only them
    (one member checking in): the same records a full sync would write for them, and nobody else's read.
    """
    kinds = kinds_for(source)
    if not kinds:
        raise ImproperlyConfigured(f"no duty kind is registered for {source._meta.label_lower}")
    with transaction.atomic():
        # Two syncs of one source at once (two members checking in to a meeting) would each derive from
        # what it saw and delete the other's fresh record: the source's row lock puts them one after the
        # other, the second deriving from what the first committed. (SQLite's immediate transactions
        # already serialize writers.)
        type(source)._default_manager.select_for_update().filter(pk=source.pk).exists()
        return _sync(source, kinds, None if persons is None else frozenset(persons))


def _sync(source: models.Model, kinds: list[DutyKind], persons: frozenset[int] | None) -> SyncResult:
    source_type = ContentType.objects.get_for_model(source)
    committee_id = source.committee_id  # type: ignore[attr-defined]
    wanted: dict[tuple[int, str], RecordSpec] = {}
    for kind in kinds:
        specs = kind.derive(source) if persons is None else kind.derive_persons(source, persons)
        for spec in specs:
            if spec.kind != kind.code:
                raise ImproperlyConfigured(f"handler of {kind.code!r} derived a {spec.kind!r} record")
            if persons is not None and spec.person_id not in persons:
                raise ImproperlyConfigured(f"handler of {kind.code!r} derived a record of another person")
            wanted[(spec.person_id, spec.kind)] = spec
    records = DutyRecord.objects.filter(
        committee_id=committee_id,
        source_type=source_type,
        source_id=source.pk,
        kind__in=[k.code for k in kinds],
    )
    if persons is not None:
        records = records.filter(person_id__in=persons)
    existing = {(r.person_id, r.kind): r for r in records}
    stale = [r.pk for key, r in existing.items() if key not in wanted]
    deleted = DutyRecord.objects.filter(pk__in=stale).delete()[0] if stale else 0
    to_create: list[DutyRecord] = []
    to_update: list[DutyRecord] = []
    for key, spec in wanted.items():
        record = existing.get(key)
        values = {"date": spec.date, "state": spec.state, "term_id": spec.term_id, "detail": spec.detail}
        if record is None:
            to_create.append(
                DutyRecord(
                    committee_id=committee_id,
                    source_type=source_type,
                    source_id=source.pk,
                    person_id=spec.person_id,
                    kind=spec.kind,
                    **values,
                )
            )
        elif any(getattr(record, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(record, f, v)
            to_update.append(record)
    DutyRecord.objects.bulk_create(to_create)
    if to_update:
        DutyRecord.objects.bulk_update(to_update, ["date", "state", "term_id", "detail"])
    return SyncResult(created=len(to_create), updated=len(to_update), deleted=deleted)


@transaction.atomic
def duty_records_clear(source: models.Model) -> int:
    """Remove every record of a source that is being deleted."""
    source_type = ContentType.objects.get_for_model(source)
    return DutyRecord.objects.filter(source_type=source_type, source_id=source.pk).delete()[0]


# 确认与申诉 -----------------------------------------------------------------------------------------------


def _key_fields(record: DutyRecord) -> dict[str, Any]:
    return {
        "committee_id": record.committee_id,
        "source_type_id": record.source_type_id,
        "source_id": record.source_id,
        "person_id": record.person_id,
        "kind": record.kind,
    }


def _own_record(record: DutyRecord, by: Any) -> None:
    if getattr(by, "person_id", None) != record.person_id:
        raise PermissionDenied(_("只能确认或申诉本人的履职记录。"))


@transaction.atomic
def record_confirm(*, record: DutyRecord, by: Any) -> Confirmation:
    """The member confirms a record the organizer made; it stands as it is."""
    _own_record(record, by)
    if Appeal.objects.filter(**_key_fields(record), status=Appeal.Status.PENDING).exists():
        raise ValidationError(_("该记录有待处理的申诉，不能确认。"))
    confirmation, _created = Confirmation.objects.get_or_create(
        **_key_fields(record), defaults={"record_date": record.date}
    )
    audit_log("duty_record_confirm", user=by, obj=confirmation)
    return confirmation


@transaction.atomic
def appeal_file(*, record: DutyRecord, claim: str, reason: str, by: Any) -> Appeal:
    """The member appeals a record; nothing changes until staff approve the appeal."""
    _own_record(record, by)
    reason = reason.strip()
    errors: dict[str, str] = {}
    if claim not in Appeal.Claim.values:
        errors["claim"] = _("请选择申诉事项。")
    if not reason:
        errors["reason"] = _("请填写申诉理由。")
    if errors:
        raise ValidationError(errors)
    if Appeal.objects.filter(**_key_fields(record), status=Appeal.Status.PENDING).exists():
        raise ValidationError(_("该记录已有待处理的申诉。"))
    Confirmation.objects.filter(**_key_fields(record)).delete()
    appeal = Appeal(**_key_fields(record), record_date=record.date, claim=claim, reason=reason)
    appeal.full_clean()
    appeal.save()
    audit_log("duty_appeal_file", user=by, obj=appeal, detail={"claim": claim})
    return appeal


@transaction.atomic
def appeal_resolve(*, appeal: Appeal, approve: bool, note: str = "", by: Any) -> Appeal:
    """Staff approve or reject an appeal. Approval corrects the source record through the record kind's
    ``correct`` hook (the app's own service), from which the DutyRecord follows by sync; a kind without
    the hook is corrected on its source page instead, and approval here is refused."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != Appeal.Status.PENDING:
        raise ValidationError(_("该申诉已处理。"))
    note = note.strip()
    if approve:
        record = appeal.record()
        if record is None:
            raise ValidationError(_("该记录已不存在（来源已更正或删除），请驳回并注明。"))
        kind = _kinds_by_code().get(appeal.kind)
        if kind is None or kind.correct is None:
            raise ValidationError(
                _("「%(kind)s」类记录不能在此自动更正：请到该记录的来源页面更正，再驳回本申诉并注明。")
                % {"kind": label_of(appeal.kind)}
            )
        kind.correct(record, appeal, by)
    elif not note:
        raise ValidationError({"note": _("驳回申诉须填写处理意见。")})
    appeal.status = Appeal.Status.APPROVED if approve else Appeal.Status.REJECTED
    appeal.note = note
    appeal.resolved_by = by if getattr(by, "pk", None) else None
    appeal.resolved_at = timezone.now()
    appeal.save()
    audit_log("duty_appeal_resolve", user=by, obj=appeal, detail={"approved": approve})
    return appeal


def _kinds_by_code() -> dict[str, DutyKind]:
    return {k.code: k for k in all_kinds()}


# 常委履职报告 ---------------------------------------------------------------------------------------------


def is_standing(person: Person, year: int) -> bool:
    """The person served as a 常委 (or above: 主席、副主席、秘书长) at some time in the year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return (
        TermMembership.objects.filter(person=person, start__lte=end)
        .filter(models.Q(end__isnull=True) | models.Q(end__gte=start))
        .exclude(position=Position.MEMBER)
        .exists()
    )


@transaction.atomic
def report_save(
    *, person: Person, year: int, text: str, expected_version: int | None = None, by: Any
) -> AnnualReport:
    """The 常委 writes (or rewrites) their annual 履职报告 until staff mark it submitted."""
    if getattr(by, "person_id", None) != person.pk:
        raise PermissionDenied(_("只能撰写本人的履职报告。"))
    if not is_standing(person, year):
        raise ValidationError(_("只有常委需要提交年度履职报告。"))
    report = AnnualReport.objects.filter(committee_id=person.committee_id, person=person, year=year).first()
    if report is None:
        report = AnnualReport(committee_id=person.committee_id, person=person, year=year)
    elif report.submitted_at is not None:
        raise ValidationError(_("履职报告已提交，不能再修改。"))
    report.claim_version(expected_version)
    report.text = text.strip()
    if not report.text:
        raise ValidationError({"text": _("请填写报告正文。")})
    report.full_clean()
    report.save()
    audit_log("duty_report_save", user=by, obj=report)
    return report


@transaction.atomic
def report_mark_submitted(*, report: AnnualReport, by: Any) -> AnnualReport:
    """Staff mark the report received: from now on it is filed in the archive and no longer editable."""
    if report.submitted_at is not None:
        raise ValidationError(_("履职报告已提交。"))
    if not report.text:
        raise ValidationError(_("报告尚无正文。"))
    report.submitted_at = timezone.now()
    report.submitted_by = by if getattr(by, "pk", None) else None
    report.save(update_fields=["submitted_at", "submitted_by"])
    audit_log("duty_report_submitted", user=by, obj=report)
    return report


# 考核规则与年度定档 ---------------------------------------------------------------------------------------


def _decimal(value: Any, field: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("请填写数字。")}) from None


@transaction.atomic
def scheme_version_create(
    *,
    committee: Committee,
    name: str,
    valid_from: date,
    base_score: Any,
    items: list[dict[str, Any]],
    bands: list[dict[str, Any]],
    removal_rules: list[dict[str, Any]] | None = None,
    source: str = "",
    by: Any = None,
) -> ScoringScheme:
    """A new version of the scheme, in force from ``valid_from``: the records dated from then on are
    scored under it; earlier ones keep their version. A finalized year keeps its stored scores."""
    if ScoringScheme.objects.filter(committee=committee, valid_from=valid_from).exists():
        raise ValidationError({"valid_from": _("该日期已有一个版本，请换一个施行日期。")})
    if not items:
        raise ValidationError({"items": _("至少需要一个计分项目。")})
    if not bands:
        raise ValidationError({"bands": _("至少需要一个等次。")})
    scheme = ScoringScheme(
        committee=committee,
        name=name.strip(),
        valid_from=valid_from,
        base_score=_decimal(base_score, "base_score"),
        source=source.strip(),
        created_by=by if getattr(by, "pk", None) else None,
    )
    scheme.full_clean()
    scheme.save()
    rows: list[models.Model] = []
    for n, data in enumerate(items):
        item = ScoreItem(
            committee=committee,
            scheme=scheme,
            position=n,
            code=data["code"],
            label=data["label"],
            kind=data["kind"],
            match=data.get("match") or {},
            state=data.get("state") or DutyRecord.State.COUNTED,
            points=_decimal(data["points"], "items"),
            cap=None if data.get("cap") in (None, "") else _decimal(data["cap"], "items"),
        )
        if item.cap is not None and item.cap < 0:
            raise ValidationError({"items": _("年度上限须为正数（扣分项目的上限也写正数）。")})
        item.full_clean(exclude=["scheme"])
        rows.append(item)
    ScoreItem.objects.bulk_create(rows)  # type: ignore[arg-type]
    grade_rows = []
    for data in bands:
        band = GradeBand(
            committee=committee,
            scheme=scheme,
            min_score=_decimal(data["min_score"], "bands"),
            grade=data["grade"],
            consequence=data.get("consequence", ""),
        )
        band.full_clean(exclude=["scheme"])
        grade_rows.append(band)
    GradeBand.objects.bulk_create(grade_rows)
    rule_rows = []
    for data in removal_rules or []:
        rule = RemovalRule(committee=committee, scheme=scheme, **data)
        rule.full_clean(exclude=["scheme"])
        rule_rows.append(rule)
    RemovalRule.objects.bulk_create(rule_rows)
    audit_log("duty_scheme_create", user=by, obj=scheme, detail={"valid_from": str(valid_from)})
    return scheme


@transaction.atomic
def year_finalize(
    *, committee: Committee, year: int, by: Any = None, today: date | None = None
) -> YearClosing:
    """定档: store every member's score of an ended year; no later record or rule change moves it.
    A finalized year is not reopened."""
    from lvzhi.duty.scoring import scheme_on, schemes_of, year_scores

    today = today or timezone.localdate()
    if year >= today.year:
        raise ValidationError({"year": _("只能对已结束的年度定档。")})
    if YearClosing.objects.filter(committee=committee, year=year).exists():
        raise ValidationError({"year": _("%(year)s年度已定档。") % {"year": year}})
    scheme = scheme_on(schemes_of(committee), date(year, 12, 31))
    if scheme is None:
        raise ValidationError({"year": _("该年度没有施行中的考核办法。")})
    scores = year_scores(committee, year)
    closing = YearClosing.objects.create(
        committee=committee, year=year, scheme=scheme, closed_by=by if getattr(by, "pk", None) else None
    )
    AnnualScore.objects.bulk_create(
        AnnualScore(
            committee=committee,
            closing=closing,
            person_id=s.person_id,
            year=year,
            score=s.score,
            grade=s.grade,
            breakdown=[i.as_json() for i in s.items],
        )
        for s in scores.values()
    )
    audit_log("duty_year_finalize", user=by, obj=closing, detail={"year": year, "members": len(scores)})
    return closing
