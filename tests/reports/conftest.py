"""Records for the dashboard's charts: members in two sectors, ledger items (one overdue)."""

from __future__ import annotations

from datetime import date
from itertools import count

import pytest

from lvzhi.rectify.services import campaign_create, ledger_item_register
from tests import factories

_campaigns = count(1)


def ledger_items(committee, staff, *, open_items: int, overdue: int):
    """Items registered in 2026 with a deadline ahead, and items long past their deadline."""
    campaign = campaign_create(
        committee=committee,
        name=f"作风建设专项行动{next(_campaigns)}",
        started_on=date(2024, 1, 1),
        categories=["工作作风"],
        by=staff,
    )
    responsible = factories.make_member(committee).person
    base = {"category": campaign.categories.first(), "responsible": responsible, "measures": "压缩流转环节"}
    items = []
    for n in range(open_items):
        data = {**base, "description": f"公文办理时限偏长{n}", "deadline": date(2099, 12, 31)}
        items.append(ledger_item_register(campaign=campaign, data=data, on=date(2026, 4, 1), by=staff))
    for n in range(overdue):
        data = {**base, "description": f"逾期未改问题{n}", "deadline": date(2024, 3, 1)}
        items.append(ledger_item_register(campaign=campaign, data=data, on=date(2024, 2, 1), by=staff))
    return items


@pytest.fixture
def members(committee, economy, economy_branch):
    """Three CPC members of 经济界 in the 经济委员会, two 群众 of 教育界 without a special committee."""
    cpc = [
        factories.make_member(committee, name=f"党员{n}", political="01", sc=economy, branch=economy_branch)
        for n in range(3)
    ]
    masses = [factories.make_member(committee, name=f"教育{n}", sector_short="教育界") for n in range(2)]
    return cpc, masses
