"""The demo committee is the source article's: 5 special committees and branches, 209 members, 86 CPC."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from lvzhi.accounts.models import RoleAssignment, User
from lvzhi.core.demo import DEMO_CODE, DEMO_PASSWORD
from lvzhi.core.figures import evaluate
from lvzhi.core.roles import Role
from lvzhi.org.models import Committee, TermMembership
from lvzhi.party.models import PartyBranch
from lvzhi.reports.summary import default_period

pytestmark = pytest.mark.django_db


def test_it_loads_the_demo_once_and_its_figures_are_the_articles(capsys):
    call_command("demo", "--no-serve")
    first = capsys.readouterr().out
    call_command("demo", "--no-serve")
    second = capsys.readouterr().out
    assert "示例数据已存在" in second
    assert DEMO_PASSWORD in first

    committee = Committee.objects.get(code=DEMO_CODE)
    assert Committee.objects.filter(code=DEMO_CODE).count() == 1
    assert TermMembership.objects.filter(committee=committee).count() == 209

    call_command("coverage", "--committee", DEMO_CODE, "--json")
    report = json.loads(capsys.readouterr().out)
    assert (report["members"], report["cpc_members"]) == (209, 86)
    assert report["party_org"] == {"covered": 86, "total": 86, "full": True, "uncovered": []}
    assert report["party_work"] == {"covered": 209, "total": 209, "full": True, "uncovered": []}

    from django.utils import timezone

    values = evaluate(committee, default_period(committee, timezone.localdate()))
    assert {
        k: values[k].value for k in ("members", "special_committees", "party_branches", "cpc_members")
    } == {
        "members": 209,
        "special_committees": 5,
        "party_branches": 5,
        "cpc_members": 86,
    }
    assert values["cpc_members_in_branches"].value == 86
    assert (values["rules_revised"].value, values["rules_issued"].value) == (6, 3)
    from lvzhi.rectify.choices import ItemStatus
    from lvzhi.rectify.models import LedgerItem

    ledger = LedgerItem.objects.filter(committee=committee)
    assert ledger.count() == 30
    assert set(ledger.values_list("status", flat=True)) == set(ItemStatus.values)  # every state
    assert values["ledger_overdue"].value > 0
    assert ledger.values("category").distinct().count() == 10
    from lvzhi.party.demo import demo_orglife_year
    from lvzhi.party.models import Meeting
    from lvzhi.party.orglife import compliance

    assert Meeting.objects.filter(committee=committee, is_late=True, approved_at__isnull=True).count() == 1
    gaps = {
        c.name: c.missing
        for c in compliance(committee, demo_orglife_year(timezone.localdate()), timezone.localdate())
    }
    assert sum(gaps.values()) > 0  # a few gaps, not a wall of them
    assert sum(1 for n in gaps.values() if n == 0) >= 2
    assert values["orglife_meetings"].value > 0
    assert values["dual_orglife_attendances"].value > 0
    assert PartyBranch.objects.filter(committee=committee, special_committee__isnull=False).count() == 5


def test_it_gives_every_role_a_demo_account_that_can_log_in(client):
    call_command("demo", "--no-serve")
    roles = set(
        RoleAssignment.objects.filter(user__username__startswith="demo-").values_list("role", flat=True)
    )
    assert roles == set(Role.values)
    user = User.objects.get(username="demo-staff")
    assert not user.must_change_password
    response = client.post("/accounts/login/", {"username": "demo-staff", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get(f"/c/{DEMO_CODE}/members/").status_code == 200
