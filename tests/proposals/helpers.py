"""Building proposals in a given state through the services."""

from __future__ import annotations

from typing import Any

from lvzhi.proposals import services
from lvzhi.proposals.choices import Category, ProposerKind, ReviewDecision
from lvzhi.proposals.models import Proposal


def draft(committee: Any, lead: Any, by: Any, **data: Any) -> Proposal:
    values = {
        "kind": ProposerKind.MEMBER,
        "title": "关于加快老旧小区供暖管网改造的建议",
        "reasons": "城区部分老旧小区供暖管网老化，冬季室温不达标，群众反映强烈。",
        "measures": "一是摸清底数；二是分年度实施改造；三是落实财政补助。",
        "category": Category.URBAN,
    }
    values.update(data)
    cosigners = values.pop("cosigners", ())
    return services.proposal_create(committee=committee, lead=lead, data=values, cosigners=cosigners, by=by)


def assigned(
    committee: Any, lead: Any, staff: Any, units: list[tuple[Any, str]] | None = None, **data: Any
) -> Proposal:
    """A proposal submitted, 立案 and 交办 (to the given units, default one 主办)."""
    p = draft(committee, lead, staff, **data)
    services.proposal_submit(proposal=p, by=staff)
    services.proposal_review(proposal=p, decision=ReviewDecision.REGISTER, by=staff)
    services.proposal_assign(proposal=p, units=units or [], by=staff)
    p.refresh_from_db()
    return p
