from __future__ import annotations

from datetime import date

import pytest

from lvzhi.core.roles import Role
from lvzhi.rectify.services import campaign_create, ledger_item_register
from tests import factories

TODAY = date(2026, 11, 25)


@pytest.fixture
def campaign(committee, staff):
    return campaign_create(
        committee=committee,
        name="作风建设专项行动",
        started_on=date(2026, 3, 1),
        categories=["工作作风不够实", "服务群众不够优"],
        by=staff,
    )


@pytest.fixture
def rectifier(committee):
    """A 委员 who is the 责任人 of items, with an account."""
    person = factories.make_member(committee, name="整改人").person
    return factories.user_with_role(committee, Role.MEMBER, username="rectifier", person=person)


@pytest.fixture
def acceptor(committee):
    person = factories.make_member(committee, name="验收人").person
    return factories.user_with_role(committee, Role.LEADER, username="acceptor", person=person)


@pytest.fixture
def lead(committee):
    return factories.make_member(committee, name="分管领导").person


def full_data(campaign, rectifier, acceptor, lead, **extra):
    return {
        "category": campaign.categories.first(),
        "description": "公文办理时限偏长",
        "lead_leader": lead,
        "responsible": rectifier.person,
        "acceptor": acceptor.person,
        "measures": "压缩流转环节",
        "standard": "办理时限不超过5个工作日",
        "deadline": date(2026, 12, 31),
        **extra,
    }


@pytest.fixture
def item(campaign, rectifier, acceptor, lead, staff):
    return ledger_item_register(
        campaign=campaign, data=full_data(campaign, rectifier, acceptor, lead), on=date(2026, 4, 1), by=staff
    )
