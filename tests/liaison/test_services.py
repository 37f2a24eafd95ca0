"""Liaison's services: who may take on a project, the problem's moves and timeline, overdue problems,
visit check-in, and the duty records that follow a visit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lvzhi.duty.models import DutyRecord
from lvzhi.liaison import duty, services
from lvzhi.liaison.choices import ProblemStatus, StepKind
from lvzhi.liaison.models import Problem, ProblemStep
from tests import factories
from tests.liaison.conftest import STARTED, make_project

pytestmark = pytest.mark.django_db


def records(person):
    return list(
        DutyRecord.objects.filter(person=person, kind=duty.VISIT)
        .values_list("date", "detail")
        .order_by("date")
    )


def test_only_a_serving_chairs_member_may_take_on_a_project(committee, programme, member, chair, staff):
    project = make_project(programme)
    with pytest.raises(ValidationError) as exc:
        services.assignment_create(project=project, person=member.person, started_on=STARTED, by=staff)
    assert "主席会议成员" in str(exc.value)
    services.assignment_create(project=project, person=chair.person, started_on=STARTED, by=staff)
    with pytest.raises(ValidationError, match="已联系包抓"):  # an overlapping second assignment
        services.assignment_create(
            project=project, person=chair.person, started_on=date(2026, 3, 1), by=staff
        )
    stranger = factories.make_member(factories.make_committee(), position="chair").person
    with pytest.raises(ValidationError, match="不属于本政协"):
        services.assignment_create(project=project, person=stranger, started_on=STARTED, by=staff)


def test_an_ended_assignment_leaves_room_for_a_new_one(programme, chair, staff):
    project = make_project(programme)
    first = services.assignment_create(project=project, person=chair.person, started_on=STARTED, by=staff)
    services.assignment_end(assignment=first, ended_on=date(2026, 2, 28), by=staff)
    with pytest.raises(ValidationError):
        services.assignment_end(assignment=first, ended_on=date(2026, 3, 1), by=staff)
    services.assignment_create(project=project, person=chair.person, started_on=date(2026, 4, 1), by=staff)
    assert project.assignments.in_force_on(date(2026, 3, 15)).count() == 0
    assert project.assignments.in_force_on(date(2026, 4, 2)).count() == 1


def test_a_problem_moves_from_pending_through_coordination_to_resolved(problem, staff):
    assert problem.status == ProblemStatus.PENDING
    assert problem.raised_on == date(2026, 3, 10)  # the visit's date when none is given
    with pytest.raises(ValidationError, match="协调结果"):
        services.problem_resolve(problem=problem, resolved_on=date(2026, 3, 20), outcome="  ", by=staff)
    services.problem_start(problem=problem, on=date(2026, 3, 12), note="交住建局办理", by=staff)
    with pytest.raises(ValidationError, match="待协调"):
        services.problem_start(problem=problem, on=date(2026, 3, 13), by=staff)
    with pytest.raises(ValidationError):  # resolved before it was raised
        services.problem_resolve(problem=problem, resolved_on=date(2026, 3, 1), outcome="已打通", by=staff)
    problem.refresh_from_db()
    services.problem_resolve(problem=problem, resolved_on=date(2026, 3, 25), outcome="便道已打通", by=staff)
    problem.refresh_from_db()
    assert (problem.status, problem.resolved_on, problem.outcome) == (
        ProblemStatus.RESOLVED,
        date(2026, 3, 25),
        "便道已打通",
    )
    steps = list(
        ProblemStep.objects.filter(problem=problem).values_list("kind", "to_status", "on", "by_name")
    )
    assert steps == [
        (StepKind.RAISE, ProblemStatus.PENDING, date(2026, 3, 10), "staff"),
        (StepKind.START, ProblemStatus.COORDINATING, date(2026, 3, 12), "staff"),
        (StepKind.RESOLVE, ProblemStatus.RESOLVED, date(2026, 3, 25), "staff"),
    ]
    with pytest.raises(ValidationError, match="已解决"):
        services.problem_resolve(problem=problem, resolved_on=date(2026, 3, 26), outcome="再次", by=staff)


def test_a_problem_is_overdue_after_its_deadline_until_resolved(problem, visit, staff):
    on_time = services.problem_raise(visit=visit, data={"description": "无时限的问题"}, by=staff)
    qs = Problem.objects.all()
    assert not problem.is_overdue(date(2026, 4, 10))
    assert problem.is_overdue(date(2026, 4, 11))
    assert list(qs.overdue_on(date(2026, 4, 11))) == [problem]
    assert not on_time.is_overdue(date(2027, 1, 1))  # no deadline, never overdue
    services.problem_resolve(problem=problem, resolved_on=date(2026, 5, 1), outcome="已解决", by=staff)
    problem.refresh_from_db()
    assert not problem.is_overdue(date(2026, 6, 1))
    # A stock: it was overdue in April and is not any more.
    assert list(qs.overdue_on(date(2026, 4, 30))) == [problem]
    assert list(qs.overdue_on(date(2026, 5, 1))) == []


def test_the_deadline_cannot_precede_the_problem(visit, staff):
    with pytest.raises(ValidationError) as exc:
        services.problem_raise(
            visit=visit, data={"description": "问题", "deadline": date(2026, 3, 1)}, by=staff
        )
    assert "deadline" in exc.value.error_dict


def test_each_leader_on_a_visit_has_a_duty_record_that_follows_the_visit(visit, vice_chair, chair, staff):
    assert records(vice_chair.person) == [
        (date(2026, 3, 10), {"project": "商丹园区储能电池项目", "purpose": "督促项目建设进度"})
    ]
    services.visit_update(
        visit=visit,
        data={"visited_on": date(2026, 3, 11), "purpose": "检查安全生产"},
        leaders=[chair.person],
        expected_version=visit.version,
        by=staff,
    )
    assert records(vice_chair.person) == []
    assert records(chair.person) == [
        (date(2026, 3, 11), {"project": "商丹园区储能电池项目", "purpose": "检查安全生产"})
    ]
    services.visit_delete(visit=visit, by=staff)
    assert records(chair.person) == []


def test_visit_attend_adds_a_leader_once(visit, chair, vice_chair, staff):
    assert services.visit_attend(visit=visit, person=chair.person, by=staff) is True
    assert services.visit_attend(visit=visit, person=chair.person, by=staff) is False
    assert services.visit_attend(visit=visit, person=vice_chair.person, by=staff) is False
    assert visit.attendances.count() == 2
    assert len(records(chair.person)) == 1
    stranger = factories.make_member(factories.make_committee()).person
    with pytest.raises(ValidationError):
        services.visit_attend(visit=visit, person=stranger, by=staff)


def test_a_visit_needs_a_leader_and_one_with_problems_is_not_deleted(project, problem, visit, staff):
    with pytest.raises(ValidationError, match="参加领导"):
        services.visit_create(
            project=project, data={"visited_on": date(2026, 3, 1), "purpose": "x"}, leaders=[]
        )
    with pytest.raises(ValidationError, match="已登记问题"):
        services.visit_delete(visit=visit, by=staff)


def test_a_stale_edit_of_a_project_is_refused(project, staff):
    version = project.version
    services.project_update(project=project, data={"place": "大赵峪街道"}, expected_version=version, by=staff)
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.project_update(project=project, data={"place": "别处"}, expected_version=version, by=staff)
