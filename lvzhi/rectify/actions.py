"""The moves on a ledger item by name, shared by the item page and the API: which a user may make now,
and the one service each calls."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.permissions import can
from lvzhi.rectify import services
from lvzhi.rectify.choices import ItemStatus
from lvzhi.rectify.models import LedgerItem

# action → (button label, permission, states it may be made from)
ACTIONS: dict[str, tuple[Any, str, tuple[str, ...]]] = {
    "assign": (gettext_lazy("交办"), "rectify.manage", (ItemStatus.REGISTERED,)),
    "fix": (gettext_lazy("确定五定"), "rectify.manage", (ItemStatus.REGISTERED, ItemStatus.ASSIGNED)),
    "start": (gettext_lazy("开始整改"), "rectify.rectify", (ItemStatus.FIXED,)),
    "progress": (gettext_lazy("填报进展"), "rectify.rectify", (ItemStatus.FIXED, ItemStatus.RECTIFYING)),
    "submit": (gettext_lazy("提交验收"), "rectify.rectify", (ItemStatus.RECTIFYING,)),
    "accept": (gettext_lazy("验收通过"), "rectify.accept", (ItemStatus.AWAITING,)),
    "reject": (gettext_lazy("验收不通过"), "rectify.accept", (ItemStatus.AWAITING,)),
    "extend": (
        gettext_lazy("延期"),
        "rectify.extend",
        (ItemStatus.ASSIGNED, ItemStatus.FIXED, ItemStatus.RECTIFYING, ItemStatus.AWAITING),
    ),
    "reopen": (gettext_lazy("重新打开"), "rectify.manage", (ItemStatus.CLOSED,)),
}


def permitted(user: Any, action: str, item: LedgerItem) -> bool:
    """Whether the user's role allows the move at all (the state and the people are the service's gate)."""
    if action not in ACTIONS:
        return False
    if not can(user, ACTIONS[action][1], item):
        return False
    # The 责任人 never accepts their own work nor grants themselves more time.
    person = getattr(user, "person_id", None)
    return not (
        action in ("accept", "reject", "extend") and person is not None and person == item.responsible_id
    )


def available(user: Any, item: LedgerItem) -> list[tuple[str, str]]:
    """The moves this user may make on the item now, as (action, button label)."""
    return [
        (action, str(label))
        for action, (label, _perm, states) in ACTIONS.items()
        if item.status in states and permitted(user, action, item)
    ]


def perform(
    action: str,
    *,
    item: LedgerItem,
    by: Any,
    opinion: str = "",
    deadline: date | None = None,
    evidence: UploadedFile | None = None,
) -> None:
    """Make the move through its service; the service's gates raise ValidationError / PermissionDenied."""
    opinion = opinion or ""
    if action == "assign":
        services.ledger_item_assign(item=item, by=by)
    elif action == "fix":
        services.ledger_item_fix(item=item, by=by)
    elif action == "start":
        services.ledger_item_start(item=item, by=by)
    elif action == "progress":
        services.ledger_item_progress(item=item, text=opinion, evidence=evidence, by=by)
    elif action == "submit":
        services.ledger_item_submit(item=item, by=by, opinion=opinion)
    elif action == "accept":
        services.ledger_item_accept(item=item, by=by, opinion=opinion)
    elif action == "reject":
        services.ledger_item_reject(item=item, by=by, opinion=opinion)
    elif action == "extend":
        if deadline is None:
            raise ValidationError({"deadline": _("请填写新的完成时限。")})
        services.ledger_item_extend(item=item, deadline=deadline, reason=opinion, by=by)
    elif action == "reopen":
        services.ledger_item_reopen(item=item, reason=opinion, by=by)
    else:
        raise ValidationError(_("未知的操作。"))
