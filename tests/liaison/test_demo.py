"""The demo's liaison: the article's 6 leaders on 11 key projects, 100-odd visits, 40-odd problems."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from lvzhi.core.demo import DEMO_CODE
from lvzhi.core.figures import Period, evaluate
from lvzhi.duty.models import DutyRecord
from lvzhi.liaison.choices import ProblemStatus
from lvzhi.liaison.models import KeyProject, Problem, SiteVisit
from lvzhi.org.models import Committee

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_articles_liaison(client):
    call_command("demo", "--no-serve")
    committee = Committee.objects.get(code=DEMO_CODE)
    today = timezone.localdate()
    values = evaluate(committee, Period(today - timedelta(days=365), today))
    assert values["liaison_leaders"].value == 6
    assert values["key_projects"].value == 11 == KeyProject.objects.filter(committee=committee).count()
    visits = SiteVisit.objects.filter(committee=committee)
    assert 100 <= values["site_visits"].value == visits.count() <= 110
    assert not visits.filter(visited_on__gt=today).exists()
    problems = Problem.objects.filter(committee=committee)
    assert 40 <= values["problems_coordinated"].value == problems.count() < 50
    resolved = problems.filter(status=ProblemStatus.RESOLVED).count()
    assert resolved > problems.count() * 0.7
    assert 3 <= problems.overdue_on(today).count() <= 5
    assert DutyRecord.objects.filter(committee=committee, kind="liaison.visit").count() >= visits.count()
    client.post("/accounts/login/", {"username": "demo-leader", "password": "Lvzhi@Demo2026"})
    page = client.get(f"/c/{DEMO_CODE}/liaison/mine/")
    assert page.status_code == 200
    assert len(page.context["rows"]) == 2
