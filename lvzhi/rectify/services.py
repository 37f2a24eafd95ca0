"""Every move of a ledger item is one service: it checks the gate, writes the item and its timeline step
in one transaction, and leaves an audit entry. Views, the API, the import and the CLI all call these."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.core.permissions import can
from lvzhi.org.models import Committee
from lvzhi.rectify.choices import FIVE_FIELDS, ItemStatus, StepKind
from lvzhi.rectify.models import Campaign, Category, LedgerItem, Step

EDITABLE = ("source", "category", "description", "owner_kind", *FIVE_FIELDS)


def _person_id(user: Any) -> int | None:
    return getattr(user, "person_id", None)


def _step(item: LedgerItem, kind: str, by: Any, *, before: str = "", opinion: str = "", **extra: Any) -> Step:
    step = Step(
        committee_id=item.committee_id,
        item=item,
        kind=kind,
        by=by if getattr(by, "pk", None) else None,
        by_name=str(getattr(by, "person", None) or getattr(by, "username", "") or "")[:50],
        from_status=before,
        to_status=item.status if item.status != before else "",
        opinion=opinion,
        **extra,
    )
    step.full_clean(exclude=["by"])
    step.save()
    return step


def _move(
    item: LedgerItem, to: str, kind: str, by: Any, *, allowed_from: tuple[str, ...], **step: Any
) -> Step:
    if item.status not in allowed_from:
        raise ValidationError(
            _("当前状态为「%(status)s」，不能%(action)s。")
            % {"status": item.get_status_display(), "action": StepKind(kind).label}
        )
    before = item.status
    item.status = to
    item.full_clean()
    item.save()
    audit_log(f"ledger_{kind}", user=by, obj=item, detail={"from": before, "to": to})
    return _step(item, kind, by, before=before, **step)


@transaction.atomic
def campaign_create(
    *,
    committee: Committee,
    name: str,
    started_on: date,
    categories: list[str],
    required_fields: list[str] | None = None,
    extra_fields: list[str] | None = None,
    by: Any,
) -> Campaign:
    extras = [e for e in dict.fromkeys(extra_fields or []) if e not in FIVE_FIELDS.values()]
    campaign = Campaign(committee=committee, name=name, started_on=started_on, extra_fields=extras)
    if required_fields is not None:
        campaign.required_fields = required_fields
    campaign.full_clean()
    campaign.save()
    names = [n.strip() for n in categories if n.strip()]
    if not names:
        raise ValidationError({"categories": _("请至少填写一个问题类别。")})
    if len(set(names)) != len(names):
        raise ValidationError({"categories": _("问题类别有重复。")})
    Category.objects.bulk_create(
        Category(committee=committee, campaign=campaign, name=n[:100], order=i)
        for i, n in enumerate(names, 1)
    )
    audit_log("campaign_create", user=by, obj=campaign)
    return campaign


@transaction.atomic
def ledger_item_register(
    *,
    campaign: Campaign,
    data: dict[str, Any],
    on: date | None = None,
    by: Any,
    kind: str = StepKind.REGISTER,
) -> LedgerItem:
    """Put a problem on the ledger, numbered next in its campaign."""
    Campaign.objects.select_for_update().filter(
        pk=campaign.pk
    ).first()  # numbers are handed out one at a time
    last = LedgerItem.objects.filter(campaign=campaign).aggregate(n=Max("number"))["n"] or 0
    item = LedgerItem(
        committee_id=campaign.committee_id,
        campaign=campaign,
        number=last + 1,
        registered_on=on or timezone.localdate(),
        **{k: v for k, v in data.items() if k in EDITABLE},
    )
    item.extras = {k: v for k, v in (data.get("extras") or {}).items() if k in campaign.extra_fields}
    item.full_clean()
    item.save()
    audit_log("ledger_register", user=by, obj=item)
    _step(item, kind, by, before="")
    return item


@transaction.atomic
def ledger_item_update(
    *, item: LedgerItem, data: dict[str, Any], expected_version: int | None = None, by: Any
) -> LedgerItem:
    """Edit the problem and its 五定 fields; a stale edit is refused. A closed item is not edited."""
    if item.status == ItemStatus.CLOSED:
        raise ValidationError(_("已销号的问题不能修改；如需继续整改，请先重新打开。"))
    item.claim_version(expected_version)
    for field, value in data.items():
        if field in EDITABLE:
            setattr(item, field, value)
    if "extras" in data:
        item.extras = {k: v for k, v in (data["extras"] or {}).items() if k in item.campaign.extra_fields}
    if item.status == ItemStatus.FIXED and item.missing_fields():
        raise ValidationError(_("已五定的问题不能清空必填的五定项：%s。") % "、".join(item.missing_fields()))
    item.full_clean()
    item.save()
    return item


def ledger_item_assign(*, item: LedgerItem, by: Any) -> LedgerItem:
    """交办: a unit or a person now answers for it."""
    with transaction.atomic():
        if not (item.unit or item.responsible_id):
            raise ValidationError(_("交办前请填写责任单位或责任人。"))
        _move(item, ItemStatus.ASSIGNED, StepKind.ASSIGN, by, allowed_from=(ItemStatus.REGISTERED,))
    return item


def ledger_item_fix(*, item: LedgerItem, by: Any) -> LedgerItem:
    """已五定: only when every field the campaign's template requires is filled."""
    with transaction.atomic():
        missing = item.missing_fields()
        if missing:
            raise ValidationError(_("以下五定项尚未填写：%s。") % "、".join(missing))
        _move(
            item,
            ItemStatus.FIXED,
            StepKind.FIX,
            by,
            allowed_from=(ItemStatus.REGISTERED, ItemStatus.ASSIGNED),
        )
        if item.original_deadline is None and item.deadline is not None:
            item.original_deadline = item.deadline
            item.save(update_fields=["original_deadline"])
    return item


def _require_rectifier(item: LedgerItem, by: Any) -> None:
    """The 责任人 does their own part; the office may do it for them."""
    if not can(by, "rectify.rectify", item):
        raise PermissionDenied(_("只有本问题的责任人或工作人员可以办理。"))


def ledger_item_start(*, item: LedgerItem, by: Any) -> LedgerItem:
    with transaction.atomic():
        _require_rectifier(item, by)
        _move(item, ItemStatus.RECTIFYING, StepKind.START, by, allowed_from=(ItemStatus.FIXED,))
    return item


@transaction.atomic
def ledger_item_progress(
    *,
    item: LedgerItem,
    text: str,
    on: date | None = None,
    evidence: UploadedFile | None = None,
    by: Any,
) -> Step:
    """A dated progress note, with an evidence file if there is one."""
    _require_rectifier(item, by)
    if item.status not in (ItemStatus.FIXED, ItemStatus.RECTIFYING):
        raise ValidationError(_("只有已五定或整改中的问题可以填报进展。"))
    if not text.strip():
        raise ValidationError({"opinion": _("请填写整改进展。")})
    step = _step(item, StepKind.PROGRESS, by, opinion=text.strip(), on=on or timezone.localdate())
    if evidence is not None:
        step.evidence.save(evidence.name or "evidence", evidence, save=True)
    return step


def ledger_item_submit(*, item: LedgerItem, by: Any, opinion: str = "") -> LedgerItem:
    with transaction.atomic():
        _require_rectifier(item, by)
        _move(
            item,
            ItemStatus.AWAITING,
            StepKind.SUBMIT,
            by,
            allowed_from=(ItemStatus.RECTIFYING,),
            opinion=opinion,
        )
    return item


def _require_acceptor(item: LedgerItem, by: Any) -> None:
    """Only the item's 验收人 accepts or rejects — and never its 责任人, even if named both by mistake."""
    person = _person_id(by)
    if person is None or person != item.acceptor_id or person == item.responsible_id:
        raise PermissionDenied(_("只有本问题的验收人可以验收。"))


def ledger_item_accept(*, item: LedgerItem, by: Any, opinion: str = "", on: date | None = None) -> LedgerItem:
    """验收通过 → 已销号."""
    with transaction.atomic():
        _require_acceptor(item, by)
        item.closed_on = on or timezone.localdate()
        _move(
            item, ItemStatus.CLOSED, StepKind.ACCEPT, by, allowed_from=(ItemStatus.AWAITING,), opinion=opinion
        )
    return item


def ledger_item_reject(*, item: LedgerItem, by: Any, opinion: str) -> LedgerItem:
    """验收不通过 → back to 整改中, with the reason."""
    with transaction.atomic():
        _require_acceptor(item, by)
        if not opinion.strip():
            raise ValidationError({"opinion": _("请写明验收不通过的原因。")})
        _move(
            item,
            ItemStatus.RECTIFYING,
            StepKind.REJECT,
            by,
            allowed_from=(ItemStatus.AWAITING,),
            opinion=opinion,
        )
    return item


@transaction.atomic
def ledger_item_extend(*, item: LedgerItem, deadline: date, reason: str, by: Any) -> LedgerItem:
    """延期: approved by someone other than the 责任人; the first and the new deadline both kept."""
    if _person_id(by) is not None and _person_id(by) == item.responsible_id:
        raise PermissionDenied(_("责任人不能批准自己的延期。"))
    if item.status in (ItemStatus.CLOSED, ItemStatus.REGISTERED):
        raise ValidationError(_("当前状态为「%s」，不能延期。") % item.get_status_display())
    if item.deadline is not None and deadline <= item.deadline:
        raise ValidationError({"deadline": _("新的完成时限须晚于原完成时限。")})
    if not reason.strip():
        raise ValidationError({"opinion": _("请写明延期理由。")})
    old = item.deadline
    item.original_deadline = item.original_deadline or old
    item.deadline = deadline
    item.full_clean()
    item.save()
    audit_log("ledger_extend", user=by, obj=item, detail={"old": str(old), "new": str(deadline)})
    _step(item, StepKind.EXTEND, by, opinion=reason, old_deadline=old, new_deadline=deadline)
    return item


def ledger_item_reopen(*, item: LedgerItem, reason: str, by: Any) -> LedgerItem:
    with transaction.atomic():
        if not reason.strip():
            raise ValidationError({"opinion": _("请写明重新打开的原因。")})
        item.closed_on = None
        _move(
            item,
            ItemStatus.RECTIFYING,
            StepKind.REOPEN,
            by,
            allowed_from=(ItemStatus.CLOSED,),
            opinion=reason,
        )
    return item


def ledger_item_arrive(*, item: LedgerItem, by: Any) -> LedgerItem:
    """An item brought from an existing ledger: 已五定 when its 五定 is complete, otherwise 已交办 (it was
    handed out already) with the missing fields for staff to complete."""
    with transaction.atomic():
        if item.missing_fields():
            _move(item, ItemStatus.ASSIGNED, StepKind.ASSIGN, by, allowed_from=(ItemStatus.REGISTERED,))
        else:
            ledger_item_fix(item=item, by=by)
    return item
