"""The demo's duty: appeals in every state, a 常委's report, last year finalized."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from lvzhi.core.demo import DEMO_CODE
from lvzhi.duty.models import AnnualReport, AnnualScore, Appeal, YearClosing
from lvzhi.org.models import Committee

pytestmark = pytest.mark.django_db


def test_the_demo_has_appeals_a_report_and_a_finalized_year():
    call_command("demo", "--no-serve")
    committee = Committee.objects.get(code=DEMO_CODE)
    year = timezone.localdate().year - 1
    assert set(Appeal.objects.filter(committee=committee).values_list("status", flat=True)) == set(
        Appeal.Status.values
    )
    assert AnnualReport.objects.filter(committee=committee, year=year, submitted_at__isnull=False).exists()
    assert YearClosing.objects.filter(committee=committee, year=year).exists()
    assert AnnualScore.objects.filter(committee=committee, year=year).count() >= 200
