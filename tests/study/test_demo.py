"""The demo's study: 5 groups, a year of sessions at every level, trainings, the reading campaign."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from lvzhi.core.demo import DEMO_CODE
from lvzhi.core.figures import Period, evaluate
from lvzhi.duty.models import DutyRecord
from lvzhi.org.models import Committee
from lvzhi.study.choices import Layer
from lvzhi.study.models import Book, ReadingLog, SharingSession, StudyGroup, StudySession, Training

pytestmark = pytest.mark.django_db


def test_the_demo_studies_at_every_level_and_reads(client):
    call_command("demo", "--no-serve")
    committee = Committee.objects.get(code=DEMO_CODE)
    today = timezone.localdate()
    assert StudyGroup.objects.filter(committee=committee).count() == 5
    sessions = StudySession.objects.filter(committee=committee)
    assert set(sessions.values_list("layer", flat=True)) == set(Layer.values)
    assert 3 <= sessions.filter(layer=Layer.STANDING).count() <= 5
    assert sessions.filter(layer=Layer.OFFICE).count() >= 11
    assert sessions.lectures().exists()
    assert not sessions.filter(held_on__gt=today).exists()
    assert not ReadingLog.objects.filter(committee=committee, started_on__gt=today).exists()
    assert 3 <= Training.objects.filter(committee=committee).count() <= 4
    assert Book.objects.filter(committee=committee).count() == 10
    readers = ReadingLog.objects.filter(committee=committee).values("person").distinct().count()
    assert 110 <= readers <= 130
    assert SharingSession.objects.filter(committee=committee).count() == 4
    assert DutyRecord.objects.filter(committee=committee, kind="study.absent", state="excused").exists()
    values = evaluate(committee, Period(today - timedelta(days=365), today))
    assert values["study_groups"].value == 5
    assert values["study_sessions"].value == sessions.count()
    assert values["reading_members"].value == readers
    client.post("/accounts/login/", {"username": "demo-member", "password": "Lvzhi@Demo2026"})
    page = client.get(f"/c/{DEMO_CODE}/study/reading/mine/")
    assert page.status_code == 200
    assert len(page.context["logs"]) >= 1
