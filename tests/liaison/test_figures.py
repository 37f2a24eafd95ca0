"""The liaison figures count the committee's own records in the period, and each evidence list shows
exactly the records counted."""

from __future__ import annotations

from datetime import date

import pytest

from lvzhi.core.figures import Period, evaluate, get
from lvzhi.liaison import services
from lvzhi.liaison.figures import SECTION
from tests import factories
from tests.liaison.conftest import make_project

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
KEYS = ["liaison_leaders", "key_projects", "site_visits", "problems_coordinated"]


def _visit(project, on, people, staff):
    return services.visit_create(
        project=project, data={"visited_on": on, "purpose": "督导"}, leaders=people, by=staff
    )


@pytest.fixture
def data(committee, other_committee, programme, project, visit, problem, chair, vice_chair, staff):
    """In the period: the vice chair's project (assigned since 2026-01-05) with a March visit and its
    problem, and the chair's project assigned until 2026-01-31. Outside it: a project assigned only from
    July, visits and problems after June, and another committee's records."""
    second = make_project(programme, name="江南新区棚户区改造项目")
    services.assignment_create(
        project=second,
        person=chair.person,
        started_on=date(2025, 10, 1),
        ended_on=date(2026, 1, 31),
        by=staff,
    )
    late = make_project(programme, name="刘湾商贸物流城项目")
    services.assignment_create(project=late, person=chair.person, started_on=date(2026, 7, 1), by=staff)
    v2 = _visit(second, date(2026, 1, 20), [chair.person, vice_chair.person], staff)
    resolved = services.problem_raise(visit=v2, data={"description": "资金拨付滞后"}, by=staff)
    services.problem_resolve(problem=resolved, resolved_on=date(2026, 2, 10), outcome="已拨付", by=staff)
    late_resolved = services.problem_raise(visit=visit, data={"description": "用电不足"}, by=staff)
    services.problem_resolve(problem=late_resolved, resolved_on=date(2026, 8, 1), outcome="已增容", by=staff)
    v3 = _visit(late, date(2026, 7, 5), [chair.person], staff)
    services.problem_raise(visit=v3, data={"description": "七月的问题"}, by=staff)
    _visit(second, date(2025, 12, 30), [chair.person], staff)
    # Another committee's records never count.
    outsider_chair = factories.make_member(other_committee, position="chair").person
    other = services.programme_create(committee=other_committee, data={"name": "区级重点项目", "year": 2026})
    theirs = make_project(other, name="别处的项目")
    services.assignment_create(project=theirs, person=outsider_chair, started_on=date(2026, 2, 1))
    _visit(theirs, date(2026, 3, 3), [outsider_chair], staff)


def test_the_figures_count_the_committees_own_records_in_the_period(committee, data):
    values = evaluate(committee, PERIOD, KEYS)
    assert {k: values[k].value for k in KEYS} == {
        "liaison_leaders": 2,
        "key_projects": 2,
        "site_visits": 2,
        "problems_coordinated": 3,
    }
    assert "（3人次）" in values["site_visits"].sentence
    assert "其中已解决1个" in values["problems_coordinated"].sentence
    assert all(get(k).section == SECTION == "优化融合发展" for k in KEYS)
    assert get("liaison_leaders").rollup == "distinct"


def test_each_evidence_list_shows_exactly_the_counted_records(client, staff, committee, data):
    client.force_login(staff)
    values = evaluate(committee, PERIOD, KEYS)
    leaders = client.get(values["liaison_leaders"].source).context["rows"]
    assert sorted(r.person.name for r in leaders) == ["赵副主席", "钱主席"]
    projects = client.get(values["key_projects"].source).context["rows"]
    assert len(projects) == values["key_projects"].value
    assert "刘湾商贸物流城项目" not in {p.name for p in projects}
    visits = client.get(values["site_visits"].source).context
    assert visits["page_obj"].paginator.count == values["site_visits"].value
    assert visits["person_times"] == 3
    assert all(PERIOD.start <= v.visited_on <= PERIOD.end for v in visits["rows"])
    problems = client.get(values["problems_coordinated"].source).context
    assert problems["page_obj"].paginator.count == values["problems_coordinated"].value
    assert problems["counts"]["resolved"] == 1
