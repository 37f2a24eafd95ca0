"""Reads of the duty archive (一人一档): a member's records grouped by term, year and kind, with their
responses, the year's score and the 常委's report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lvzhi.core.effective import in_force
from lvzhi.duty.kinds import describe, label_of, source_url
from lvzhi.duty.models import AnnualReport, Appeal, Confirmation, DutyRecord, record_key
from lvzhi.duty.scoring import MemberScore, person_year_scores
from lvzhi.org.models import Committee, Person, Term


@dataclass
class ArchiveRow:
    record: DutyRecord
    text: str
    url: str | None
    confirmed: bool = False
    appeal: Appeal | None = None  # the latest
    state_label: str = ""  # the record's state, translated once per page rather than once per row

    @property
    def pending(self) -> bool:
        return self.appeal is not None and self.appeal.status == Appeal.Status.PENDING


@dataclass
class KindGroup:
    code: str
    label: str
    rows: list[ArchiveRow] = field(default_factory=list)


@dataclass
class ArchiveYear:
    year: int
    kinds: list[KindGroup]
    score: MemberScore | None
    report: AnnualReport | None
    standing: bool = False

    @property
    def count(self) -> int:
        return sum(len(k.rows) for k in self.kinds)


@dataclass
class ArchiveTerm:
    term: Term | None
    years: list[ArchiveYear]


def _term_of(record: DutyRecord, terms: dict[int, Term], ordered: list[Term]) -> Term | None:
    if record.term_id:
        return terms.get(record.term_id)
    return in_force(ordered, record.date, key=lambda t: 0, start="start").get(0)


def member_archive(committee: Committee, person: Person, year: int | None = None) -> list[ArchiveTerm]:
    """The member's archive, newest term and year first; within a year, records by kind in date order."""
    records = DutyRecord.objects.filter(committee=committee, person=person).select_related("committee")
    if year is not None:
        records = records.filter(date__year=year)
    ordered_terms = list(Term.objects.filter(committee=committee).order_by("start"))
    terms = {t.pk: t for t in ordered_terms}
    confirmed = {c.key() for c in Confirmation.objects.filter(committee=committee, person=person)}
    appeals: dict[tuple[int, int, int, str], Appeal] = {}
    for a in Appeal.objects.filter(committee=committee, person=person).order_by("created_at", "id"):
        appeals[a.key()] = a  # the latest wins
    reports = {r.year: r for r in AnnualReport.objects.filter(committee=committee, person=person)}
    standing_years = _standing_years(person)
    grouped: dict[Term | None, dict[int, dict[str, list[ArchiveRow]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    state_labels = {value: str(label) for value, label in DutyRecord.State.choices}
    labels: dict[str, str] = {}
    for r in records.order_by("date", "id"):
        key = record_key(r)
        row = ArchiveRow(
            r,
            describe(r),
            source_url(r),
            key in confirmed,
            appeals.get(key),
            state_labels.get(r.state, r.state),
        )
        grouped[_term_of(r, terms, ordered_terms)][r.date.year][r.kind].append(row)
        if r.kind not in labels:
            labels[r.kind] = str(label_of(r.kind))
    with_records = {y for by_year in grouped.values() for y in by_year}
    for y in set(reports) - with_records:  # a report in a year without records still shows
        if year is None or y == year:
            term: Any = in_force(ordered_terms, date(y, 12, 31), key=lambda t: 0, start="start").get(0)
            grouped[term].setdefault(y, defaultdict(list))
    years_wanted = {y for by_year in grouped.values() for y in by_year}
    scores = person_year_scores(committee, person.pk, years_wanted)
    result = []
    for term in sorted(grouped, key=lambda t: t.start if t else date.min, reverse=True):
        years = []
        for y in sorted(grouped[term], reverse=True):
            kinds = [
                KindGroup(code, labels.get(code) or str(label_of(code)), rows)
                for code, rows in sorted(grouped[term][y].items())
            ]
            years.append(ArchiveYear(y, kinds, scores.get(y), reports.get(y), y in standing_years))
        result.append(ArchiveTerm(term, years))
    return result


def _standing_years(person: Person) -> set[int]:
    """The years in which the person served as a 常委 (or above) at some time."""
    from lvzhi.org.choices import Position

    years: set[int] = set()
    today = date.today()
    for m in person.memberships.exclude(position=Position.MEMBER):
        last = (m.end or today).year
        years.update(range(m.start.year, last + 1))
    return years


def archive_flat(archive: list[ArchiveTerm]) -> list[tuple[ArchiveTerm, ArchiveYear]]:
    return [(t, y) for t in archive for y in t.years]


def person_memberships(person: Person) -> list[Any]:
    return list(
        person.memberships.select_related("term", "sector", "special_committee").order_by("-term__start")
    )
