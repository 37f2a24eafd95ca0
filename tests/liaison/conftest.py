from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lvzhi.core.roles import Role
from lvzhi.liaison import services
from lvzhi.liaison.choices import Stage
from lvzhi.org.models import Unit
from lvzhi.org.services import unit_create
from tests import factories

TODAY = date(2026, 6, 15)
STARTED = date(2026, 1, 5)


@pytest.fixture
def vice_chair(committee):
    """A 副主席 who takes on a key project, with only a 委员 account."""
    person = factories.make_member(committee, name="赵副主席", position="vice_chair").person
    return factories.user_with_role(committee, Role.MEMBER, person=person, username="vicechair")


@pytest.fixture
def chair(committee):
    """The 主席, with a leader's account."""
    person = factories.make_member(committee, name="钱主席", position="chair").person
    return factories.user_with_role(committee, Role.LEADER, person=person, username="chair")


@pytest.fixture
def unit(committee):
    return Unit.objects.filter(committee=committee, name="区住房和城乡建设局").first() or unit_create(
        committee=committee, name="区住房和城乡建设局", kind="government"
    )


@pytest.fixture
def unit_user(committee, unit):
    return factories.user_with_role(committee, Role.UNIT, unit=unit, username="unitacct")


@pytest.fixture
def programme(committee, staff):
    return services.programme_create(
        committee=committee, data={"name": "“三百四千”工程", "year": 2026}, by=staff
    )


def make_project(programme, name="商丹园区储能电池项目", **extra):
    data = {
        "programme": programme,
        "name": name,
        "owner_unit": "某新能源公司",
        "place": "沙河子镇",
        "investment": Decimal("150000"),
        "stage": Stage.BUILDING,
        **extra,
    }
    return services.project_create(committee=programme.committee, data=data)


@pytest.fixture
def project(programme, vice_chair, staff):
    project = make_project(programme)
    services.assignment_create(project=project, person=vice_chair.person, started_on=STARTED, by=staff)
    return project


@pytest.fixture
def visit(project, vice_chair, staff):
    return services.visit_create(
        project=project,
        data={"visited_on": date(2026, 3, 10), "purpose": "督促项目建设进度", "findings": "主体工程推进顺利"},
        leaders=[vice_chair.person],
        by=staff,
    )


@pytest.fixture
def problem(visit, unit, staff):
    return services.problem_raise(
        visit=visit,
        data={"description": "施工便道未打通", "unit": unit, "deadline": date(2026, 4, 10)},
        by=staff,
    )
