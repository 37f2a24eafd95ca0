"""The liaison pages and API: scoping (outsider, plain member, unit account), a leader's own projects,
the staff's moves, overdue problems and the exports."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from lvzhi.liaison import services
from lvzhi.liaison.choices import ProblemStatus
from lvzhi.liaison.models import KeyProject, LeaderAssignment, Problem, Programme, SiteVisit
from tests.liaison.conftest import make_project

pytestmark = pytest.mark.django_db


def url(name, committee, **kwargs):
    return reverse(f"liaison:{name}", kwargs={"committee": committee.code, **kwargs})


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def pages(committee, project, visit, problem, assignment):
    return [
        url("projects", committee),
        url("leaders", committee),
        url("visits", committee),
        url("problems", committee),
        url("mine", committee),
        url("project", committee, pk=project.pk),
        url("project_edit", committee, pk=project.pk),
        url("assignment_create", committee, pk=project.pk),
        url("assignment_end", committee, pk=assignment.pk),
        url("visit_create", committee, pk=project.pk),
        url("visit", committee, pk=visit.pk),
        url("visit_edit", committee, pk=visit.pk),
        url("problem_create", committee, pk=visit.pk),
        url("problem", committee, pk=problem.pk),
        url("problem_edit", committee, pk=problem.pk),
    ]


API_PATHS = ("liaison/projects/", "liaison/problems/")


def test_an_outsider_sees_nothing(client, outsider, committee, project, visit, problem):
    client.force_login(outsider)
    for page in pages(committee, project, visit, problem, project.assignments.get()):
        assert client.get(page).status_code == 404, page
    assert client.post(url("problem", committee, pk=problem.pk), {"action": "start"}).status_code == 404
    for path in API_PATHS:
        assert api(outsider).get(f"/api/v1/committees/{committee.code}/{path}").status_code == 404


def test_a_unit_account_sees_nothing_of_liaison(client, unit_user, committee, project, visit, problem):
    """Even the unit a problem is assigned to: liaison is the committee's own business."""
    client.force_login(unit_user)
    for page in (url("projects", committee), url("problems", committee), url("visits", committee)):
        assert client.get(page).status_code == 403, page
    assert client.get(url("mine", committee)).status_code == 403
    for page in (url("project", committee, pk=project.pk), url("problem", committee, pk=problem.pk)):
        assert client.get(page).status_code == 404, page
    for path in API_PATHS:
        assert api(unit_user).get(f"/api/v1/committees/{committee.code}/{path}").status_code == 403
    assert "联系项目" not in client.get(f"/c/{committee.code}/").content.decode()


def test_a_plain_member_cannot_read_liaison_or_make_staff_moves(
    client, member_user, committee, programme, project, visit, problem
):
    client.force_login(member_user)
    for page in (url("projects", committee), url("problems", committee), url("leaders", committee)):
        assert client.get(page).status_code == 403, page
    assert client.post(url("programme_create", committee), {"name": "x", "year": 2026}).status_code == 403
    assert client.post(url("project_create", committee), {"name": "x"}).status_code == 403
    for page in (url("project", committee, pk=project.pk), url("visit_create", committee, pk=project.pk)):
        assert client.get(page).status_code == 404, page
    assert client.post(url("problem", committee, pk=problem.pk), {"action": "start"}).status_code == 404
    assert Programme.objects.count() == 1
    page = client.get(url("mine", committee))
    assert page.status_code == 200
    assert page.context["rows"] == []
    for path in API_PATHS:
        data = api(member_user).get(f"/api/v1/committees/{committee.code}/{path}").json()
        assert data["results"] == []


def test_a_leader_sees_and_records_on_their_own_projects(
    client, vice_chair, committee, programme, project, unit, staff
):
    other = make_project(programme, name="别的项目")
    client.force_login(vice_chair)
    mine = client.get(url("mine", committee))
    assert [p.pk for p in mine.context["rows"]] == [project.pk]
    assert client.get(url("project", committee, pk=project.pk)).status_code == 200
    assert client.get(url("project", committee, pk=other.pk)).status_code == 404
    assert client.get(url("projects", committee)).status_code == 403  # the full list is for readers
    # Staff moves are not theirs.
    assert client.get(url("project_edit", committee, pk=project.pk)).status_code == 403
    assert client.get(url("assignment_create", committee, pk=project.pk)).status_code == 403
    today = timezone.localdate()
    response = client.post(
        url("visit_create", committee, pk=project.pk),
        {"visited_on": today.isoformat(), "leaders": [vice_chair.person_id], "purpose": "督促进度"},
    )
    visit = SiteVisit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == visit.get_absolute_url()
    response = client.post(
        url("problem_create", committee, pk=visit.pk),
        {"description": "施工用电不足", "unit": unit.pk, "raised_on": today.isoformat()},
    )
    problem = Problem.objects.get()
    assert (problem.project_id, problem.unit_id) == (project.pk, unit.pk)
    client.post(
        url("problem", committee, pk=problem.pk),
        {"action": "start", "start-on": today.isoformat(), "start-note": "约谈供电所"},
    )
    client.post(
        url("problem", committee, pk=problem.pk),
        {"action": "resolve", "resolve-resolved_on": today.isoformat(), "resolve-outcome": "已增容"},
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED
    assert list(problem.steps.values_list("by__username", flat=True)) == ["vicechair"] * 3
    data = api(vice_chair).get(f"/api/v1/committees/{committee.code}/liaison/projects/").json()
    assert [row["id"] for row in data["results"]] == [project.pk]
    # Once the assignment ends, the leader reads the project's history but records nothing more.
    services.assignment_end(assignment=project.assignments.get(), ended_on=today.replace(day=1), by=staff)
    if today.day > 1:
        assert client.get(url("visit_create", committee, pk=project.pk)).status_code == 403
    assert client.get(url("project", committee, pk=project.pk)).status_code == 200


def test_staff_set_up_a_programme_a_project_and_its_leader(client, staff, committee, chair):
    client.force_login(staff)
    client.post(url("programme_create", committee), {"name": "“三百四千”工程", "year": 2026})
    programme = Programme.objects.get()
    response = client.post(
        url("project_create", committee),
        {
            "programme": programme.pk,
            "name": "杨峪河镇现代农业产业园项目",
            "investment": "18500",
            "stage": "building",
            "place": "杨峪河镇",
        },
    )
    project = KeyProject.objects.get()
    assert response["Location"] == project.get_absolute_url()
    client.post(
        url("assignment_create", committee, pk=project.pk),
        {"person": chair.person_id, "started_on": "2026-01-05"},
    )
    assert LeaderAssignment.objects.get().person_id == chair.person_id
    page = client.get(project.get_absolute_url())
    assert "钱主席" in page.content.decode()
    assert page.context["history"][0].kind == "联系包抓"


def test_overdue_problems_are_flagged_red_and_filtered(client, staff, committee, problem, visit):
    services.problem_raise(visit=visit, data={"description": "未逾期的问题"}, by=staff)
    client.force_login(staff)
    page = client.get(url("problems", committee))
    html = page.content.decode()
    assert 'class="table-danger"' in html
    assert "逾期" in html
    assert page.context["counts"]["overdue"] == 1
    overdue = client.get(url("problems", committee), {"overdue": "1"}).context["rows"]
    assert [p.pk for p in overdue] == [problem.pk]
    # On a date before the deadline nothing was overdue.
    assert not client.get(url("problems", committee), {"overdue": "1", "on": "2026-04-01"}).context["rows"]
    assert "逾期" in client.get(url("project", committee, pk=problem.project_id)).content.decode()


def test_exports_carry_the_projects_and_the_problems(client, staff, committee, project, problem):
    client.force_login(staff)
    response = client.get(url("projects", committee), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(rows) if "项目名称" in r)
    assert rows[header + 1][1:3] == ["商丹园区储能电池项目", "某新能源公司"]
    assert "赵副主席" in rows[header + 1]
    response = client.get(url("problems", committee), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert "施工便道未打通" in cells
    assert "待协调（逾期）" in cells


def test_a_visit_takes_photos_as_attachments(client, staff, committee, visit, member_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    client.post(
        url("visit", committee, pk=visit.pk),
        {"action": "attach", "file": SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff", "image/jpeg")},
    )
    attachment = client.get(url("visit", committee, pk=visit.pk)).context["attachments"][0]
    assert attachment.name == "现场.jpg"
    assert client.get(reverse("core:attachment", args=[attachment.pk])).status_code == 200
    client.force_login(member_user)
    assert client.get(reverse("core:attachment", args=[attachment.pk])).status_code == 404


def test_the_lists_keep_a_constant_number_of_queries(
    client, staff, committee, programme, project, visit, problem, django_assert_max_num_queries
):
    client.force_login(staff)
    for name in ("projects", "visits", "problems", "leaders"):
        client.get(url(name, committee))
    for n in range(5):
        p = make_project(programme, name=f"项目{n}")
        v = services.visit_create(
            project=p,
            data={"visited_on": date(2026, 3, 1), "purpose": "督导"},
            leaders=[visit.leaders.first()],
        )
        services.problem_raise(visit=v, data={"description": f"问题{n}"})
    for name in ("projects", "visits", "problems", "leaders"):
        with django_assert_max_num_queries(25):
            assert client.get(url(name, committee)).status_code == 200


def test_a_leader_finds_their_own_projects_first_in_the_list(client, chair, committee, programme, staff):
    first = make_project(programme, name="一个别人的项目")
    own = make_project(programme, name="自己包抓的项目")
    services.assignment_create(project=own, person=chair.person, started_on=date(2026, 1, 5), by=staff)
    client.force_login(chair)
    page = client.get(url("projects", committee))
    assert [p.pk for p in page.context["rows"]] == [own.pk, first.pk]
    assert "我包抓" in page.content.decode()
    assert "我的包抓项目" in page.content.decode()  # the menu offers it to a leader's account
