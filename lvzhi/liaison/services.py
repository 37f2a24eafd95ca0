"""Every write of liaison is one service: it validates, saves, syncs the DutyRecords a site visit implies
in the same transaction, and leaves an audit entry. Views, the demo and tests all call these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.duty.services import duty_record_sync, duty_records_clear
from lvzhi.liaison.choices import LEADER_POSITIONS, ProblemStatus, StepKind
from lvzhi.liaison.models import (
    KeyProject,
    LeaderAssignment,
    Problem,
    ProblemStep,
    Programme,
    SiteVisit,
    VisitLeader,
)
from lvzhi.org.models import Committee, Person, TermMembership

PROGRAMME_FIELDS = ("name", "year", "description")
PROJECT_FIELDS = ("programme", "name", "owner_unit", "place", "investment", "stage", "started_on", "note")
VISIT_FIELDS = ("visited_on", "purpose", "findings")
PROBLEM_FIELDS = ("description", "unit", "raised_on", "deadline")


def _assign(obj: models.Model, data: dict[str, Any], fields: Iterable[str]) -> None:
    for field in fields:
        if field in data:
            setattr(obj, field, data[field])


def is_chairs_member(committee: Committee | Any, person: Person, on: date) -> bool:
    """A 主席会议成员 (主席、副主席、秘书长) serving on a date."""
    return (
        TermMembership.objects.current(committee, on)
        .filter(person=person, position__in=LEADER_POSITIONS)
        .exists()
    )


def chairs_members(committee: Committee, on: date) -> models.QuerySet[Person]:
    """The 主席会议成员 serving on a date, in official order."""
    ids = TermMembership.objects.current(committee, on).filter(position__in=LEADER_POSITIONS)
    return Person.objects.filter(committee=committee, pk__in=ids.values("person_id")).official_order()


# 项目计划与重点项目 ----------------------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, committee: Committee, data: dict[str, Any], by: Any = None) -> Programme:
    programme = Programme(committee=committee)
    _assign(programme, data, PROGRAMME_FIELDS)
    programme.full_clean()
    programme.save()
    audit_log("liaison_programme_create", user=by, obj=programme)
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, data: dict[str, Any], by: Any = None) -> Programme:
    _assign(programme, data, PROGRAMME_FIELDS)
    programme.full_clean()
    programme.save()
    audit_log("liaison_programme_update", user=by, obj=programme)
    return programme


@transaction.atomic
def project_create(*, committee: Committee, data: dict[str, Any], by: Any = None) -> KeyProject:
    project = KeyProject(committee=committee)
    _assign(project, data, PROJECT_FIELDS)
    project.full_clean()
    project.save()
    audit_log("liaison_project_create", user=by, obj=project)
    return project


@transaction.atomic
def project_update(
    *, project: KeyProject, data: dict[str, Any], expected_version: int | None = None, by: Any = None
) -> KeyProject:
    """Correct a project or move it to another stage; a stale edit is refused."""
    project.claim_version(expected_version)
    _assign(project, data, PROJECT_FIELDS)
    project.full_clean()
    project.save()
    audit_log("liaison_project_update", user=by, obj=project)
    return project


# 联系包抓 -------------------------------------------------------------------------------------------------


@transaction.atomic
def assignment_create(
    *,
    project: KeyProject,
    person: Person,
    started_on: date,
    ended_on: date | None = None,
    note: str = "",
    by: Any = None,
) -> LeaderAssignment:
    """A leader takes on a project. Only a 主席会议成员 serving on the start date may; the same leader's
    assignments to one project do not overlap."""
    if person.committee_id != project.committee_id:
        raise ValidationError({"person": _("不属于本政协。")})
    if not is_chairs_member(project.committee, person, started_on):
        raise ValidationError(
            {"person": _("包抓领导须是起始日期时在任的主席会议成员（主席、副主席、秘书长）。")}
        )
    assignment = LeaderAssignment(
        committee_id=project.committee_id,
        project=project,
        person=person,
        started_on=started_on,
        ended_on=ended_on,
        note=note.strip(),
    )
    assignment.full_clean()
    overlapping = LeaderAssignment.objects.filter(project=project, person=person).in_force_within(
        started_on, ended_on or date.max
    )
    if overlapping.exists():
        raise ValidationError({"person": _("%s 在该期间已联系包抓本项目。") % person.name})
    assignment.save()
    audit_log("liaison_assignment_create", user=by, obj=project, detail={"person": person.name})
    return assignment


@transaction.atomic
def assignment_end(*, assignment: LeaderAssignment, ended_on: date, by: Any = None) -> LeaderAssignment:
    """A leader hands a project over (调整包抓): the assignment ends on a date."""
    if assignment.ended_on is not None:
        raise ValidationError({"ended_on": _("该包抓已于%s结束。") % assignment.ended_on.isoformat()})
    assignment.ended_on = ended_on
    assignment.full_clean()
    assignment.save()
    audit_log(
        "liaison_assignment_end",
        user=by,
        obj=assignment.project,
        detail={"person": assignment.person.name, "ended_on": ended_on.isoformat()},
    )
    return assignment


# 现场督导 -------------------------------------------------------------------------------------------------


def _own_people(committee_id: int, people: Iterable[Person]) -> list[Person]:
    chosen = list({p.pk: p for p in people}.values())
    if any(p.committee_id != committee_id for p in chosen):
        raise ValidationError({"leaders": _("不属于本政协。")})
    return chosen


def _set_leaders(visit: SiteVisit, people: list[Person]) -> None:
    existing = set(visit.attendances.values_list("person_id", flat=True))
    wanted = {p.pk for p in people}
    visit.attendances.filter(person_id__in=existing - wanted).delete()
    VisitLeader.objects.bulk_create(
        VisitLeader(committee_id=visit.committee_id, visit=visit, person=p)
        for p in people
        if p.pk not in existing
    )


@transaction.atomic
def visit_create(
    *, project: KeyProject, data: dict[str, Any], leaders: Iterable[Person], by: Any = None
) -> SiteVisit:
    """A site visit to a project by one or more leaders; each of them gets a ``liaison.visit`` record."""
    people = _own_people(project.committee_id, leaders)
    if not people:
        raise ValidationError({"leaders": _("请至少选择一名参加领导。")})
    visit = SiteVisit(committee_id=project.committee_id, project=project)
    _assign(visit, data, VISIT_FIELDS)
    visit.full_clean()
    visit.save()
    _set_leaders(visit, people)
    audit_log("liaison_visit_create", user=by, obj=visit)
    duty_record_sync(visit)
    return visit


@transaction.atomic
def visit_update(
    *,
    visit: SiteVisit,
    data: dict[str, Any],
    leaders: Iterable[Person] | None = None,
    expected_version: int | None = None,
    by: Any = None,
) -> SiteVisit:
    """Correct a visit; its duty records follow (a new date, a leader added or taken off)."""
    visit.claim_version(expected_version)
    _assign(visit, data, VISIT_FIELDS)
    visit.full_clean()
    visit.save()
    if leaders is not None:
        people = _own_people(visit.committee_id, leaders)
        if not people:
            raise ValidationError({"leaders": _("请至少选择一名参加领导。")})
        _set_leaders(visit, people)
    audit_log("liaison_visit_update", user=by, obj=visit)
    duty_record_sync(visit)
    return visit


@transaction.atomic
def visit_attend(*, visit: SiteVisit, person: Person, by: Any = None) -> bool:
    """Add a leader to a visit (a check-in calls this); adding someone already there changes nothing.
    Returns whether the person was added."""
    if person.committee_id != visit.committee_id:
        raise ValidationError({"person": _("不属于本政协。")})
    _row, created = VisitLeader.objects.get_or_create(
        committee_id=visit.committee_id, visit=visit, person=person
    )
    if created:
        audit_log("liaison_visit_attend", user=by, obj=visit, detail={"person": person.name})
        duty_record_sync(visit)
    return created


@transaction.atomic
def visit_leave(*, visit: SiteVisit, person: Person, by: Any = None) -> None:
    """Take a leader off a visit (a check-in struck by staff); the DutyRecord goes with it."""
    deleted, _rows = VisitLeader.objects.filter(visit=visit, person=person).delete()
    if deleted:
        audit_log("liaison_visit_leave", user=by, obj=visit, detail={"person": person.name})
        duty_record_sync(visit)


@transaction.atomic
def visit_delete(*, visit: SiteVisit, by: Any = None) -> None:
    if visit.problems.exists():
        raise ValidationError(_("本次督导已登记问题，不能删除。"))
    audit_log("liaison_visit_delete", user=by, obj=visit)
    duty_records_clear(visit)
    visit.delete()


# 协调问题 -------------------------------------------------------------------------------------------------


def _step(problem: Problem, kind: str, on: date, note: str, by: Any) -> ProblemStep:
    person = getattr(by, "person", None) if getattr(by, "pk", None) else None
    return ProblemStep.objects.create(
        committee_id=problem.committee_id,
        problem=problem,
        kind=kind,
        to_status=problem.status,
        on=on,
        note=note,
        by=by if getattr(by, "pk", None) else None,
        by_name=(person.name if person is not None else getattr(by, "username", "")) or "",
    )


@transaction.atomic
def problem_raise(*, visit: SiteVisit, data: dict[str, Any], by: Any = None) -> Problem:
    """A problem found on a visit, to be coordinated (待协调); raised on the visit's date unless given."""
    problem = Problem(committee_id=visit.committee_id, visit=visit, project_id=visit.project_id)
    _assign(problem, data, PROBLEM_FIELDS)
    if problem.raised_on is None:
        problem.raised_on = visit.visited_on
    problem.description = (problem.description or "").strip()
    problem.full_clean()
    problem.save()
    _step(problem, StepKind.RAISE, problem.raised_on, problem.description, by)
    audit_log("liaison_problem_raise", user=by, obj=problem)
    return problem


@transaction.atomic
def problem_update(
    *, problem: Problem, data: dict[str, Any], expected_version: int | None = None, by: Any = None
) -> Problem:
    """Correct a problem's description, unit or deadline (its status moves only through its services)."""
    problem.claim_version(expected_version)
    _assign(problem, data, PROBLEM_FIELDS)
    problem.full_clean()
    problem.save()
    audit_log("liaison_problem_update", user=by, obj=problem)
    return problem


@transaction.atomic
def problem_start(*, problem: Problem, on: date | None = None, note: str = "", by: Any = None) -> Problem:
    """待协调 → 协调中: the leader or the office has taken the problem up with the unit responsible."""
    if problem.status != ProblemStatus.PENDING:
        raise ValidationError({"status": _("只有待协调的问题才能开始协调。")})
    on = on or timezone.localdate()
    if on < problem.raised_on:
        raise ValidationError({"on": _("开始协调日期不能早于提出日期。")})
    problem.status = ProblemStatus.COORDINATING
    problem.full_clean()
    problem.save()
    _step(problem, StepKind.START, on, note.strip(), by)
    audit_log("liaison_problem_start", user=by, obj=problem)
    return problem


@transaction.atomic
def problem_resolve(*, problem: Problem, resolved_on: date, outcome: str, by: Any = None) -> Problem:
    """→ 已解决, with the date and what was done (协调结果). A pending problem may be resolved at once."""
    if problem.status == ProblemStatus.RESOLVED:
        raise ValidationError({"status": _("该问题已解决。")})
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError({"outcome": _("请填写协调结果。")})
    problem.status = ProblemStatus.RESOLVED
    problem.resolved_on = resolved_on
    problem.outcome = outcome
    problem.full_clean()
    problem.save()
    _step(problem, StepKind.RESOLVE, resolved_on, outcome, by)
    audit_log("liaison_problem_resolve", user=by, obj=problem)
    return problem
