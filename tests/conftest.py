"""Personas and the committees they belong to: staff of a committee, a leader, a member, a leader of the
committee above, and an outsider from an unrelated committee who must see nothing."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from lvzhi.core.roles import Role
from tests import factories

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright tests touch the database

# Property tests check what is generated, not how fast: on a busy 2-core machine Hypothesis's timing
# checks (input generation, per-example deadlines) fail tests whose properties hold.
settings.register_profile("lvzhi", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("lvzhi")


@pytest.fixture
def city(db):
    return factories.make_committee("city", name="测试市政协")


@pytest.fixture
def committee(city):
    return factories.make_committee("county", parent=city, name="测试区政协")


@pytest.fixture
def other_committee(db):
    return factories.make_committee("other", name="无关的政协")


@pytest.fixture
def economy(committee):
    return factories.special_committee(committee, "经济委员会")


@pytest.fixture
def economy_branch(committee, economy):
    return factories.functional_branch(committee, economy)


@pytest.fixture
def member(committee, economy, economy_branch):
    """A CPC member in the 经济委员会 and its branch."""
    return factories.make_member(committee, name="王建国", political="01", sc=economy, branch=economy_branch)


@pytest.fixture
def staff(committee):
    return factories.user_with_role(committee, Role.STAFF, username="staff")


@pytest.fixture
def leader(committee):
    return factories.user_with_role(committee, Role.LEADER, username="leader")


@pytest.fixture
def member_user(committee, member):
    return factories.user_with_role(committee, Role.MEMBER, person=member.person, username="member")


@pytest.fixture
def city_leader(city):
    return factories.user_with_role(city, Role.LEADER, username="cityleader")


@pytest.fixture
def outsider(other_committee):
    return factories.user_with_role(other_committee, Role.STAFF, username="outsider")


@pytest.fixture
def sysadmin(committee):
    return factories.user_with_role(committee, Role.SYSADMIN, username="sysadmin")


@pytest.fixture
def secadmin(committee):
    return factories.user_with_role(committee, Role.SECADMIN, username="secadmin")


@pytest.fixture
def auditor(committee):
    return factories.user_with_role(committee, Role.AUDITOR, username="auditor")
