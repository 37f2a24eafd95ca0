"""A leader checks in at a site visit with its QR code; a plain member is not expected there."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lvzhi.core import checkin
from lvzhi.duty.models import DutyRecord
from lvzhi.liaison import services
from tests.liaison.conftest import STARTED

pytestmark = pytest.mark.django_db


def test_a_leader_checks_in_and_a_member_is_turned_away(project, chair, vice_chair, member_user, staff):
    services.assignment_create(project=project, person=chair.person, started_on=STARTED, by=staff)
    visit = services.visit_create(
        project=project,
        data={"visited_on": STARTED.replace(month=4), "purpose": "协调用地"},
        leaders=[vice_chair.person],
        by=staff,
    )
    kind = checkin.get("site-visit")
    token = checkin.token("site-visit", visit.pk)
    during = datetime.combine(visit.visited_on, time(10), tzinfo=timezone.get_current_timezone())
    with pytest.raises(ValidationError):
        checkin.check_in(checkable=kind, activity=visit, given_token=token, by=member_user, now=during)
    checkin.check_in(checkable=kind, activity=visit, given_token=token, by=chair, now=during)
    assert set(visit.leaders.all()) == {vice_chair.person, chair.person}
    assert DutyRecord.objects.filter(person=chair.person, kind="liaison.visit").count() == 1
    checkin.checkin_correct(
        checkable=kind, activity=visit, person=chair.person, present=False, reason="误扫", by=staff
    )
    assert list(visit.leaders.all()) == [vice_chair.person]
    assert not DutyRecord.objects.filter(person=chair.person, kind="liaison.visit").exists()
