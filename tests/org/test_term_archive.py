"""A new term leaves the old term's archives, figures and summary exactly as they were; the 换届 page
carries the members ticked, lets the others leave, and sends the office on to import those who join."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lvzhi.core.figures import Period
from lvzhi.duty.selectors import member_archive
from lvzhi.org.choices import MembershipEnd
from lvzhi.org.models import Term, TermMembership
from lvzhi.org.roster import roster_import
from lvzhi.org.services import term_change
from lvzhi.reports.summary import build_summary
from lvzhi.study.choices import AttendanceStatus
from tests import factories
from tests.duty.conftest import study_day
from tests.org import sheets
from tests.org.test_roster_import import roster_rows

pytestmark = pytest.mark.django_db
OLD_DAYS = (date(2023, 3, 1), date(2024, 6, 12), date(2026, 9, 8))
NEW_START = date(2027, 1, 10)
PRESENT, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT


def archive_data(committee, person, term=None) -> list:
    """The member's archive as plain data (records, their text and link, scores), one term or all."""
    return [
        {
            "term": t.term.number if t.term else None,
            "years": [
                {
                    "year": y.year,
                    "score": repr(y.score),
                    "kinds": [
                        [k.code, [(r.record.pk, r.text, r.url, r.confirmed) for r in k.rows]] for k in y.kinds
                    ],
                }
                for y in t.years
            ],
        }
        for t in member_archive(committee, person)
        if term is None or (t.term is not None and t.term.pk == term.pk)
    ]


def summary_json(committee, term: Term) -> str:
    period = Period(term.start, date(2027, 1, 9))
    return json.dumps(
        build_summary(committee, period).as_dict(), ensure_ascii=False, sort_keys=True, default=str
    )


@pytest.fixture
def old_term(committee, economy, economy_branch):
    stays = factories.make_member(committee, name="王连任", political="01", sc=economy, branch=economy_branch)
    leaves = factories.make_member(committee, name="李离任", sc=economy)
    # The structure the next roster names exists in the old term already: only people change.
    factories.special_committee(committee, "科教卫体委员会")
    for n, day in enumerate(OLD_DAYS):
        study_day(committee, day, {stays.person_id: PRESENT, leaves.person_id: ABSENT if n else PRESENT})
    return factories.term_of(committee), stays.person, leaves.person


def test_it_leaves_the_old_terms_summary_and_archives_as_they_were(committee, old_term):
    term, stays, leaves = old_term
    before = (summary_json(committee, term), archive_data(committee, stays), archive_data(committee, leaves))

    term_change(committee=committee, number=16, start=NEW_START, continuing=[stays])
    rows = roster_rows()
    for r in rows:
        r[11] = ""  # those who join are organized in the branches the old term had
    report = roster_import(committee=committee, data=sheets.xlsx(rows), filename="新一届.xlsx", on=NEW_START)
    assert report.applied
    joiner = TermMembership.objects.get(term__number=16, person__name="张伟").person
    study_day(committee, date(2027, 3, 2), {stays.pk: PRESENT, joiner.pk: PRESENT})

    term.refresh_from_db()
    after = summary_json(committee, term)
    old_figures, new_figures = json.loads(before[0])["figures"], json.loads(after)["figures"]
    assert {k: (v, new_figures.get(k)) for k, v in old_figures.items() if new_figures.get(k) != v} == {}
    assert after == before[0]
    assert archive_data(committee, stays, term) == before[1]
    assert archive_data(committee, leaves) == before[2]
    # The new term is its own: the continuing member has records in both, the joiner only in the new.
    assert [t["term"] for t in archive_data(committee, stays)] == [16, 15]
    assert [t["term"] for t in archive_data(committee, joiner)] == [16]


def test_it_changes_term_on_the_page_with_those_who_continue(client, staff, committee, old_term):
    term, stays, leaves = old_term
    client.force_login(staff)
    url = reverse("org:term_change", kwargs={"committee": committee.code})
    page = client.get(url).content.decode()
    assert "王连任" in page
    assert "李离任" in page
    # A new term that does not follow the old: refused next to its field, nothing changed.
    response = client.post(url, {"number": "15", "start": "2027-01-10", "continuing": [stays.pk]})
    assert "新一届的届次须大于" in response.content.decode()
    assert Term.objects.filter(committee=committee).count() == 1

    response = client.post(url, {"number": "16", "start": "2027-01-10", "continuing": [stays.pk]})
    assert response["Location"] == reverse("org:roster_import", kwargs={"committee": committee.code})
    new = TermMembership.objects.filter(term__number=16)
    assert [m.person for m in new] == [stays]
    old = TermMembership.objects.get(term=term, person=leaves)
    assert (old.end, old.end_reason) == (date(2027, 1, 9), MembershipEnd.COMPLETED)


def test_it_refuses_the_page_to_members_and_outsiders(client, member_user, outsider, leader, committee):
    url = reverse("org:term_change", kwargs={"committee": committee.code})
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(member_user)
    assert client.get(url).status_code in (403, 404)
    client.force_login(leader)
    assert client.post(url, {"number": "16", "start": "2027-01-10"}).status_code == 403
    assert Term.objects.filter(committee=committee).count() == 1


def test_it_changes_term_from_the_command_with_leavers_and_joiners(committee, old_term, tmp_path, capsys):
    _term, _stays, leaves = old_term
    roster = tmp_path / "新一届.xlsx"
    rows = [r for r in roster_rows() if r[0] != "赵强"]
    for r in rows:
        r[11] = ""
    roster.write_bytes(sheets.xlsx(rows))
    args = [
        "committee",
        "term-change",
        committee.code,
        "--number",
        "16",
        "--start",
        "2027-01-10",
        "--carry-over",
    ]
    call_command(*args, "--leave", leaves.id_number, "--roster", str(roster))
    assert "连任委员1名，新加入委员4名" in capsys.readouterr().out
    names = set(TermMembership.objects.filter(term__number=16).values_list("person__name", flat=True))
    assert names == {"王连任", "张伟", "李娜", "王芳", "欧阳明"}


def test_it_undoes_the_change_when_the_new_roster_is_refused(committee, old_term, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("姓名,性别\n张三,男\n", encoding="utf-8")
    with pytest.raises(CommandError, match="换届未进行"):
        call_command(
            "committee",
            "term-change",
            committee.code,
            "--number",
            "16",
            "--start",
            "2027-01-10",
            "--roster",
            str(bad),
        )
    assert Term.objects.filter(committee=committee).count() == 1
    assert not TermMembership.objects.filter(committee=committee, end__isnull=False).exists()
