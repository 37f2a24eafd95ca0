"""换届: one person serves several terms, and the old term's roster stays whole."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from lvzhi.org.choices import MembershipEnd
from lvzhi.org.models import Term, TermMembership
from lvzhi.org.services import term_change
from lvzhi.party.coverage import coverage
from tests import factories

pytestmark = pytest.mark.django_db
NEW_START = date(2027, 1, 10)


def test_it_closes_the_old_term_whole_and_carries_continuing_members(committee, economy, economy_branch):
    stays = factories.make_member(committee, name="王连任", political="01", sc=economy, branch=economy_branch)
    leaves = factories.make_member(committee, name="李届满", sc=economy)
    old_term = factories.term_of(committee)

    new_term = term_change(committee=committee, number=16, start=NEW_START, continuing=[stays.person])

    old_term.refresh_from_db()
    assert old_term.end == date(2027, 1, 9)
    # The old roster: both members, ended 届满 on its last day, nothing else changed.
    old = {m.person.name: m for m in TermMembership.objects.filter(term=old_term)}
    assert set(old) == {"王连任", "李届满"}
    assert {m.end_reason for m in old.values()} == {MembershipEnd.COMPLETED}
    assert old["王连任"].special_committee == economy
    # The same person serves again in the new term; the one who left does not.
    assert [m.person for m in TermMembership.objects.current(committee, NEW_START)] == [stays.person]
    assert TermMembership.objects.get(term=new_term).sector == stays.sector
    # Lists as of a day in the old term still show the old roster.
    assert TermMembership.objects.current(committee, date(2026, 6, 1)).count() == 2
    assert leaves.person.memberships.count() == 1
    report = coverage(committee, NEW_START).as_dict()
    assert (report["members"], report["party_org"]["covered"]) == (1, 1)


def test_it_refuses_a_new_term_that_does_not_follow_the_old(committee):
    with pytest.raises(ValidationError):
        term_change(committee=committee, number=15, start=NEW_START)
    with pytest.raises(ValidationError):
        term_change(committee=committee, number=16, start=date(2020, 1, 1))
    assert Term.objects.filter(committee=committee).count() == 1


def test_it_refuses_to_carry_over_someone_who_was_not_serving(committee, other_committee):
    stranger = factories.make_member(other_committee, name="外人")
    with pytest.raises(ValidationError):
        term_change(committee=committee, number=16, start=NEW_START, continuing=[stranger.person])
    assert Term.objects.filter(committee=committee).count() == 1  # nothing half-written


def test_it_changes_term_from_the_command_line(committee, capsys):
    factories.make_member(committee, name="王连任")
    call_command(
        "committee", "term-change", committee.code, "--number", "16", "--start", "2027-01-10", "--carry-over"
    )
    assert "连任委员1名" in capsys.readouterr().out
    assert TermMembership.objects.current(committee, NEW_START).count() == 1
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("committee", "term-change", committee.code, "--number", "17", "--start", "2027-13-01")


def test_it_keeps_a_closed_terms_record_from_edits(client, staff, committee, economy):

    stays = factories.make_member(committee, name="王连任", sc=economy)
    left = factories.make_member(committee, name="李届满", sc=economy)
    old_term = factories.term_of(committee)
    term_change(committee=committee, number=16, start=timezone.localdate(), continuing=[stays.person])

    client.force_login(staff)
    edit = reverse("org:member_edit", kwargs={"committee": committee.code, "pk": left.person_id})
    detail = reverse("org:member_detail", kwargs={"committee": committee.code, "pk": left.person_id})
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"name": "改名"}).status_code == 403
    assert edit not in client.get(detail).content.decode()
    api = APIClient()
    api.force_authenticate(staff)
    url = f"/api/v1/committees/{committee.code}/members/{left.person_id}/"
    assert api.patch(url, {"workplace": "某医院"}, format="json").status_code == 403
    left.refresh_from_db()
    assert (left.person.name, left.workplace, left.term) == ("李届满", "", old_term)

    # The member who serves on is edited in the new term, and the old term's record stays as it was.
    stays_url = f"/api/v1/committees/{committee.code}/members/{stays.person_id}/"
    assert api.patch(stays_url, {"workplace": "某医院"}, format="json").status_code == 200
    by_term = dict(
        TermMembership.objects.filter(person=stays.person).values_list("term__number", "workplace")
    )
    assert by_term[16] == "某医院"
    assert by_term[old_term.number] == stays.workplace
