"""Writes of the rules app: adopt, edit, revise, repeal — each one transaction with its audit entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.org.models import Committee
from lvzhi.rules.choices import RegulationStatus
from lvzhi.rules.models import Regulation

EDITABLE = (
    "kind",
    "title",
    "number",
    "issuer",
    "issued_on",
    "effective_on",
    "text",
    "is_public",
    "change_note",
)


@transaction.atomic
def regulation_create(*, committee: Committee, data: dict[str, Any], by: Any = None) -> Regulation:
    regulation = Regulation(committee=committee, **{k: v for k, v in data.items() if k in EDITABLE})
    regulation.full_clean()
    regulation.save()
    audit_log("regulation_create", user=by, obj=regulation)
    return regulation


@transaction.atomic
def regulation_update(
    *, regulation: Regulation, data: dict[str, Any], expected_version: int | None = None, by: Any = None
) -> Regulation:
    """Correct a text's record; a stale edit (someone saved in between) is refused."""
    regulation.claim_version(expected_version)
    for field, value in data.items():
        if field in EDITABLE:
            setattr(regulation, field, value)
    regulation.full_clean()
    regulation.save()
    audit_log("regulation_update", user=by, obj=regulation)
    return regulation


@transaction.atomic
def regulation_revise(
    *, regulation: Regulation, data: dict[str, Any], expected_version: int | None = None, by: Any = None
) -> Regulation:
    """A new version supersedes a current text: the old one becomes 已修订 and the new one points at it."""
    old = Regulation.objects.select_for_update().get(pk=regulation.pk)
    if old.status != RegulationStatus.CURRENT:
        raise ValidationError(_("只有现行的制度可以修订。"))
    if not (data.get("change_note") or "").strip():
        raise ValidationError({"change_note": _("请说明修订了哪些内容。")})
    old.claim_version(expected_version)
    new = Regulation(
        committee=old.committee,
        kind=old.kind,
        replaces=old,
        **{k: v for k, v in data.items() if k in EDITABLE and k != "kind"},
    )
    new.full_clean()
    old.status = RegulationStatus.REVISED
    old.full_clean()
    old.save()
    new.save()
    audit_log("regulation_revise", user=by, obj=new, detail={"replaces": old.pk})
    return new


@transaction.atomic
def regulation_repeal(
    *, regulation: Regulation, on: date, expected_version: int | None = None, by: Any = None
) -> Regulation:
    if regulation.status != RegulationStatus.CURRENT:
        raise ValidationError(_("只有现行的制度可以废止。"))
    regulation.claim_version(expected_version)
    regulation.status = RegulationStatus.REPEALED
    regulation.repealed_on = on
    regulation.full_clean()
    regulation.save()
    audit_log("regulation_repeal", user=by, obj=regulation, detail={"on": on.isoformat()})
    return regulation
