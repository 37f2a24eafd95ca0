"""Personal data after 届满: erased for members who left long enough ago, nothing else changes."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from lvzhi.core import dataset, figures
from lvzhi.core.models import AuditEvent
from lvzhi.org.models import Person, Term, TermMembership
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = date(2027, 1, 10)
PERSONAL = {"org_person", "org_historicalperson", "core_auditevent"}


@pytest.fixture
def old_term(committee):
    return Term.objects.create(
        committee=committee, number=14, start=date(2016, 12, 20), end=date(2021, 12, 19)
    )


def member_of(term: Term, name: str, *, end: date | None = None, reason: str = "") -> Person:
    membership = factories.make_member(term.committee, name=name, mobile="13800138000")
    TermMembership.objects.filter(pk=membership.pk).update(
        term=term, start=term.start, end=end, end_reason=reason
    )
    return membership.person


@pytest.fixture
def people(committee, old_term, member):
    left = member_of(old_term, "届满离任")  # served the whole old term, ended 2021-12-19
    resigned = member_of(old_term, "中途辞去", end=date(2018, 6, 30), reason="resigned")
    recent = factories.make_member(committee, name="刚辞去", mobile="13900139000")
    TermMembership.objects.filter(pk=recent.pk).update(end=date(2025, 1, 1), end_reason="resigned")
    continuing = member_of(old_term, "连任")
    factories.make_member(committee, name="连任的新任期").person  # noqa: B018
    TermMembership.objects.create(
        committee=committee, term=factories.term_of(committee), person=continuing, start=date(2021, 12, 20)
    )
    # Field history holding the numbers to be erased.
    left.mobile = "13700137000"
    left.save()
    return {
        "left": left,
        "resigned": resigned,
        "recent": recent.person,
        "continuing": continuing,
        "current": member.person,
    }


def everything_but_personal() -> dict:
    return {
        t: fp
        for t, fp in dataset.fingerprints(dataset.state_apps(connection), "default").items()
        if t not in PERSONAL
    }


def test_it_erases_phones_and_id_numbers_of_members_gone_past_the_period(committee, people):
    period = figures.Period(date(2017, 1, 1), date(2021, 12, 19))
    figures_before = {k: v.value for k, v in figures.evaluate(committee, period).items()}
    tables_before = everything_but_personal()
    untouched = {k: Person.objects.get(pk=people[k].pk) for k in ("recent", "continuing", "current")}

    out = io.StringIO()
    call_command("retention", "--apply", "--on", TODAY.isoformat(), "--days", "1825", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["persons"] == 2
    assert report["by_committee"] == {committee.code: 2}

    for key in ("left", "resigned"):
        person = Person.objects.get(pk=people[key].pk)
        assert (person.mobile, person.id_number, person.id_number_digest) == ("", "", "")
        assert person.name == people[key].name  # the old term's archive still names them
        history = Person.history.filter(id=person.pk)  # type: ignore[attr-defined]
        assert history.count() >= (2 if key == "left" else 1)
        assert set(history.values_list("mobile", "id_number_encrypted")) == {("", "")}
    for key, person in untouched.items():
        fresh = Person.objects.get(pk=person.pk)
        assert (fresh.mobile, fresh.id_number_encrypted) == (person.mobile, person.id_number_encrypted), key

    assert everything_but_personal() == tables_before  # memberships, duty records … unchanged
    assert {k: v.value for k, v in figures.evaluate(committee, period).items()} == figures_before
    event = AuditEvent.objects.get(action="pii.retention")
    assert event.committee_id == committee.pk
    assert sorted(event.detail["persons"]) == sorted([people["left"].pk, people["resigned"].pk])


def test_it_only_lists_without_apply_and_is_idempotent(committee, people):
    out = io.StringIO()
    call_command("retention", "--on", TODAY.isoformat(), "--days", "1825", stdout=out)
    assert "将清除个人信息 2 人" in out.getvalue()
    assert Person.objects.get(pk=people["left"].pk).mobile == "13700137000"
    assert not AuditEvent.objects.filter(action="pii.retention").exists()
    call_command("retention", "--apply", "--on", TODAY.isoformat(), "--days", "1825", stdout=io.StringIO())
    again = io.StringIO()
    call_command("retention", "--apply", "--on", TODAY.isoformat(), "--days", "1825", stdout=again)
    assert "已清除个人信息 0 人" in again.getvalue()
    assert AuditEvent.objects.filter(action="pii.retention").count() == 1


def test_the_period_is_configurable(committee, people, settings):
    settings.LVZHI_PII_RETENTION_DAYS = 365
    out = io.StringIO()
    call_command("retention", "--on", TODAY.isoformat(), "--json", stdout=out)
    assert json.loads(out.getvalue())["persons"] == 3  # the one who resigned in 2025 is now due too
