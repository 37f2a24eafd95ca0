"""The demo's archives: every member's is filled, from every module that records duty; the demo member
opens their own (and nobody else's); last year is finalized; the ranking warns of a 常委 one unexcused
常委会议 short of the 劝辞 threshold."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.core.management import call_command
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.core.demo import DEMO_CODE, DEMO_PASSWORD
from lvzhi.duty.models import AnnualReport, AnnualScore, Appeal, DutyRecord, YearClosing
from lvzhi.duty.scoring import removal_warnings
from lvzhi.meetings.choices import MeetingStatus, MeetingType
from lvzhi.meetings.models import Meeting
from lvzhi.org.models import Committee, TermMembership

pytestmark = pytest.mark.django_db

# every app that writes DutyRecords, by the prefix of its kinds
MODULES = {"meetings", "study", "orglife", "consult", "proposal", "opinion", "liaison", "service"}


def test_every_members_archive_is_filled_from_every_module(client):
    call_command("demo", "--no-serve")
    committee = Committee.objects.get(code=DEMO_CODE)
    today = timezone.localdate()
    members = set(TermMembership.objects.current(committee, today).values_list("person_id", flat=True))
    assert len(members) == 209
    modules: dict[int, set[str]] = defaultdict(set)
    for person_id, kind in DutyRecord.objects.filter(committee=committee).values_list("person_id", "kind"):
        modules[person_id].add(kind.split(".")[0])
    assert members <= set(modules)  # nobody's archive is empty
    assert set().union(*modules.values()) == MODULES
    # all 209 at the 全体会议, in theory study and in the 8·15 campaign
    assert all({"meetings", "study", "service"} <= modules[p] for p in members)
    assert not DutyRecord.objects.filter(committee=committee, date__gt=today).exists()

    # last year finalized for every member serving then; a report filed; appeals in each state
    closing = YearClosing.objects.get(committee=committee)
    assert closing.year == today.year - 1
    assert AnnualScore.objects.filter(closing=closing).count() == 209
    assert AnnualReport.objects.filter(
        committee=committee, year=closing.year, submitted_at__isnull=False
    ).exists()
    assert set(Appeal.objects.filter(committee=committee).values_list("status", flat=True)) == set(
        Appeal.Status.values
    )

    member = User.objects.get(username="demo-member")
    client.post("/accounts/login/", {"username": "demo-member", "password": DEMO_PASSWORD})
    page = client.get(f"/c/{DEMO_CODE}/archive/{member.person_id}/")
    assert page.status_code == 200
    shown = {k.code.split(".")[0] for t in page.context["archive"] for y in t.years for k in y.kinds}
    assert len(shown) >= 4, shown
    other = next(iter(members - {member.person_id}))
    assert client.get(f"/c/{DEMO_CODE}/archive/{other}/").status_code == 404

    # the 常委 who missed two 常委会议 of one year unexcused is warned (3 in a year: 劝辞)
    days = sorted(
        m.held_on
        for m in Meeting.objects.filter(
            committee=committee, type=MeetingType.STANDING, status=MeetingStatus.HELD
        )
    )
    year = max(y for y in {d.year for d in days} if sum(d.year == y for d in days) >= 2)
    warned = [w for w in removal_warnings(committee, year) if w.rule.label == "常委年内无故缺席常委会议"]
    assert warned
    assert warned[0].count >= 2
    client.force_login(User.objects.get(username="demo-leader"))
    ranking = client.get(f"/c/{DEMO_CODE}/duty/scores/", {"year": year})
    assert "常委年内无故缺席常委会议" in ranking.content.decode()
    assert len(ranking.context["rows"]) == 209
