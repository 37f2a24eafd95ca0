"""The demo's current session holds proposals in every state, with no date in the future, and its 承办单位
account sees exactly what was assigned to its unit: proposals and suggestions."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.consult.models import Suggestion
from lvzhi.core.demo import DEMO_CODE
from lvzhi.org.models import Committee
from lvzhi.proposals.choices import Status
from lvzhi.proposals.models import Assignment, Proposal, ProposalSession

pytestmark = pytest.mark.django_db


def test_the_demo_session_has_proposals_in_every_state_and_the_unit_sees_its_own(client):
    call_command("demo", "--no-serve")
    committee = Committee.objects.get(code=DEMO_CODE)
    today = timezone.localdate()
    session = ProposalSession.current(committee, today)
    proposals = Proposal.objects.filter(session=session)
    assert set(proposals.values_list("status", flat=True)) == set(Status.values)
    assert proposals.filter(is_key=True, supervisor__isnull=False).exists()
    assert proposals.get(status=Status.MERGED).merged_into.status in (Status.SUBMITTED, Status.REGISTERED)
    assert not proposals.filter(submitted_on__gt=today).exists()
    assert Assignment.objects.filter(committee=committee).late_on(today).exists()
    unit_user = User.objects.get(username="demo-unit")
    (unit_id,) = unit_user.scope.units[committee.pk]
    client.force_login(unit_user)
    listed = client.get(f"/c/{committee.code}/proposals/").context["page_obj"].paginator.count
    assert listed == Proposal.objects.filter(assignments__unit_id=unit_id).distinct().count() > 0
    page = client.get(f"/c/{committee.code}/suggestions/")
    assigned = Suggestion.objects.filter(units=unit_id).exclude(status="submitted")
    assert page.context["page_obj"].paginator.count == assigned.count() > 0
    waiting = assigned.filter(status="assigned").first()
    assert waiting is not None
    assert "登记答复" in client.get(waiting.get_absolute_url()).content.decode()
