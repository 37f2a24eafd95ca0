"""The demo holds 社情民意信息 in every state, fed into the members' archives, with no date in the future."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.core.demo import DEMO_CODE
from lvzhi.core.figures import evaluate
from lvzhi.duty.models import DutyRecord
from lvzhi.opinions.choices import Status
from lvzhi.opinions.models import Instruction, Opinion
from lvzhi.org.models import Committee
from lvzhi.reports.summary import default_period

pytestmark = pytest.mark.django_db


def test_the_demo_has_information_in_every_state(client):
    call_command("demo", "--no-serve")
    committee = Committee.objects.get(code=DEMO_CODE)
    today = timezone.localdate()
    pieces = Opinion.objects.filter(committee=committee)
    assert set(pieces.values_list("status", flat=True)) == set(Status.values)
    assert not pieces.filter(submitted_on__gt=today).exists()
    assert not pieces.filter(adopted_on__gt=today).exists()
    assert not Instruction.objects.filter(committee=committee, instructed_on__gt=today).exists()
    assert DutyRecord.objects.filter(committee=committee, kind="opinion.instructed").exists()
    values = evaluate(committee, default_period(committee, today), ["opinions", "opinions_adopted"])
    assert values["opinions"].value >= 30
    assert 0 < values["opinions_adopted"].value < values["opinions"].value
    # The demo member's own, as they see it.
    client.force_login(User.objects.get(username="demo-member"))
    page = client.get(f"/c/{committee.code}/opinions/").content.decode()
    assert "关于城区早餐摊点规范管理的建议" in page
    assert "（草稿）" in page
