"""`lvzhi synth` at a small size: the same data for the same seed, valid ID numbers stored as the ORM
stores them, the DutyRecords its sources imply, and figures computed from its rows. Runs on SQLite and,
with DATABASE_URL, on PostgreSQL (the bulk paths differ: executemany and COPY)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from lvzhi.core import crypto
from lvzhi.core.figures import Period, evaluate
from lvzhi.core.idnumber import id_number_birth, id_number_gender, is_valid_id_number
from lvzhi.core.search import search
from lvzhi.core.synth import Synth
from lvzhi.duty.kinds import all_kinds
from lvzhi.duty.models import DutyRecord
from lvzhi.duty.services import duty_record_sync
from lvzhi.meetings.models import Meeting
from lvzhi.org.models import Committee, Person, TermMembership
from lvzhi.proposals.choices import SUBMITTED_STATES
from lvzhi.proposals.models import Proposal

pytestmark = pytest.mark.django_db

END = date(2026, 6, 30)


def _synth(code: str, seed: int = 7) -> list[Committee]:
    return Synth(committees=3, members=20, years=2, seed=seed, end=END, code=code).run().committees


def _fingerprint(committees: list[Committee]) -> list[Any]:
    """Everything but ids, ciphertexts and check-in tokens (random by design), in a stable order."""
    ids = [c.pk for c in committees]
    persons = {
        p.pk: (p.name, p.gender, p.birth_month, p.political, p.mobile, p.id_number, p.id_number_digest)
        for p in Person.objects.filter(committee__in=ids)
    }
    records = sorted(
        (
            r.committee.code,
            persons[r.person_id],
            r.kind,
            r.date,
            r.state,
            json.dumps(r.detail, sort_keys=True),
        )
        for r in DutyRecord.objects.filter(committee__in=ids).select_related("committee")
    )
    return [[(c.code, c.name, c.level, c.parent.code if c.parent else None) for c in committees],
            sorted(persons.values()), records]  # fmt: skip


def test_same_seed_same_data_other_seed_other_data() -> None:
    first = _fingerprint(_synth("syntha"))
    again = _fingerprint(_synth("synthb"))
    other = _fingerprint(_synth("synthc", seed=8))
    # The codes differ by prefix only; compare the rest.
    strip = lambda fp: [[(n, lvl) for _c, n, lvl, _p in fp[0]], fp[1], [r[1:] for r in fp[2]]]  # noqa: E731
    assert strip(first) == strip(again)
    assert strip(first)[1] != strip(other)[1]
    assert len(first[2]) > 1000


def test_a_tree_of_committees_each_with_its_roster() -> None:
    province, city, county = _synth("synth")
    assert (province.level, city.level, county.level) == ("province", "city", "county")
    assert county.parent == city
    assert city.parent == province
    assert Committee.objects.subtree(province).count() == 3
    for committee in (province, city, county):
        assert TermMembership.objects.current(committee, END).count() == 20


def test_id_numbers_are_valid_and_stored_as_the_orm_stores_them() -> None:
    committee = _synth("synth")[2]
    persons = list(Person.objects.filter(committee=committee))
    assert len(persons) == 20
    for person in persons:
        number = person.id_number  # decrypts: the property's own cipher
        assert is_valid_id_number(number)
        assert person.id_number_digest == crypto.lookup_digest(number)
        assert id_number_gender(number) == person.gender
        assert id_number_birth(number).replace(day=1) == person.birth_month
        assert Person.objects.with_id_number(committee, number).get() == person
        person.full_clean()  # the model's own checks: mobile, birth month, gender


def test_every_duty_record_is_what_its_source_derives() -> None:
    """duty_record_sync over every source of one committee changes nothing: the bulk rows are exactly the
    records the services would have written."""
    committee = _synth("synth")[1]
    before = DutyRecord.objects.filter(committee=committee).count()
    assert before > 1000
    sources = 0
    for label in sorted({k.source for k in all_kinds()}):
        from django.apps import apps

        model = apps.get_model(label)
        for source in model.objects.filter(committee=committee):
            result = duty_record_sync(source)
            assert (result.created, result.updated, result.deleted) == (0, 0, 0), (label, source.pk, result)
            sources += 1
    assert sources > 100
    assert DutyRecord.objects.filter(committee=committee).count() == before
    kinds = set(DutyRecord.objects.filter(committee=committee).values_list("kind", flat=True))
    assert {"orglife.attended", "meetings.attended", "study.attended", "study.reading", "proposal.submitted",
            "consult.suggested", "opinion.submitted", "liaison.visit", "service.activity"} <= kinds  # fmt: skip


def test_figures_are_computed_from_the_synthetic_rows() -> None:
    committee = _synth("synth")[2]
    period = Period(date(2026, 1, 1), END)
    values = {k: v.value for k, v in evaluate(committee, period).items()}
    memberships = list(TermMembership.objects.filter(committee=committee))
    assert values["members"] == len(memberships) == 20
    assert values["sectors"] == len({m.sector_id for m in memberships})
    assert values["special_committees"] == 5
    held = [
        m for m in Meeting.objects.filter(committee=committee) if period.start <= m.starts_at.date() <= END
    ]
    assert values["committee_meetings"] == len(held) > 0
    proposals = [
        p for p in Proposal.objects.filter(committee=committee)
        if p.status in SUBMITTED_STATES and p.submitted_on and period.start <= p.submitted_on <= END
    ]  # fmt: skip
    assert values["proposals"] == len(proposals) > 0
    cpc = Person.objects.filter(committee=committee, political__in=["01", "02"]).count()
    assert values["cpc_members"] == cpc > 0


def test_search_finds_synthetic_records_of_its_committee_only() -> None:
    province, _city, county = _synth("synth")
    hits = [
        h
        for topic in ("供暖", "幼儿园", "污水", "充电", "课后服务", "停车", "电梯", "养老")
        for h in search(county, topic)
    ]
    assert hits
    assert {h.kind for h in hits} <= {"proposal", "suggestion", "opinion"}
    ids = {h.object_id for h in hits if h.kind == "proposal"}
    assert not Proposal.objects.filter(pk__in=ids).exclude(committee=county).exists()
    assert connection.vendor in ("sqlite", "postgresql")
    assert province.pk != county.pk


def test_the_command_refuses_an_existing_code(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("synth", "--committees", "1", "--members", "10", "--years", "1", "--end", "2026-03-31",
                 "--code", "synthcmd", "--no-search", "--json")  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert out["committees"] == 1
    assert out["rows"] > 100
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("synth", "--committees", "1", "--members", "10", "--years", "1", "--code", "synthcmd")
