"""A session to number proposals in, two handling units with an account each, and a draft helper."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from lvzhi.core.roles import Role
from lvzhi.org.models import Term
from lvzhi.org.services import unit_create
from lvzhi.proposals.models import ProposalSession
from tests import factories


@pytest.fixture
def session(committee):
    term = Term.objects.filter(committee=committee).first()
    return ProposalSession.objects.create(
        committee=committee, term=term, number=3, opened_on=timezone.localdate() - timedelta(days=30)
    )


@pytest.fixture
def heating(committee):
    return unit_create(committee=committee, name="区住房和城乡建设局")


@pytest.fixture
def finance(committee):
    return unit_create(committee=committee, name="区财政局")


@pytest.fixture
def heating_user(committee, heating):
    return factories.user_with_role(committee, Role.UNIT, unit=heating, username="zhujianju")


@pytest.fixture
def finance_user(committee, finance):
    return factories.user_with_role(committee, Role.UNIT, unit=finance, username="caizhengju")


@pytest.fixture
def lead_member(member):
    return member.person


@pytest.fixture
def today() -> date:
    return timezone.localdate()
