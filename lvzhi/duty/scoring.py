"""Annual scores (履职量化积分) computed from DutyRecords under the committee's effective-dated scheme.

Each record is scored under the scheme version in force on its date: one aggregate query counts, per
person, the records each item of each version catches within the days that version was in force. The
caps, the base score and the grade bands are the version in force at the end of the year. A finalized
year (YearClosing) is read from its stored AnnualScores and moves no more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from lvzhi.core.effective import in_force
from lvzhi.duty.models import (
    AnnualScore,
    DutyRecord,
    GradeBand,
    RemovalRule,
    ScoreItem,
    ScoringScheme,
    YearClosing,
)
from lvzhi.org.choices import Position
from lvzhi.org.models import Committee, Term, TermMembership

ZERO = Decimal("0")


@dataclass
class ItemScore:
    code: str
    label: str
    count: int = 0
    raw: Decimal = ZERO  # before the cap
    points: Decimal = ZERO  # after the cap
    cap: Decimal | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "count": self.count,
            "raw": str(self.raw),
            "points": str(self.points),
            "cap": None if self.cap is None else str(self.cap),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ItemScore:
        cap = data.get("cap")
        return cls(
            code=data["code"],
            label=data["label"],
            count=int(data["count"]),
            raw=Decimal(data["raw"]),
            points=Decimal(data["points"]),
            cap=None if cap is None else Decimal(cap),
        )


@dataclass
class MemberScore:
    person_id: int
    year: int
    score: Decimal
    grade: str
    items: list[ItemScore] = field(default_factory=list)
    base: Decimal = ZERO
    frozen: bool = False


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def schemes_of(committee: Committee) -> list[ScoringScheme]:
    """Every version of the committee's scheme with its items, bands and removal rules (four queries)."""
    return list(
        ScoringScheme.objects.filter(committee=committee)
        .prefetch_related("items", "bands", "removal_rules")
        .order_by("valid_from")
    )


def scheme_on(schemes: Iterable[ScoringScheme], on: date) -> ScoringScheme | None:
    return in_force(schemes, on, key=lambda s: 0, start="valid_from").get(0)


def periods(
    schemes: Sequence[ScoringScheme], start: date, end: date
) -> list[tuple[ScoringScheme, date, date]]:
    """The versions in force within [start, end], each with the days it governs there."""
    ordered = sorted(schemes, key=lambda s: s.valid_from)
    result = []
    for n, scheme in enumerate(ordered):
        until = ordered[n + 1].valid_from - timedelta(days=1) if n + 1 < len(ordered) else end
        a, b = max(scheme.valid_from, start), min(until, end)
        if a <= b:
            result.append((scheme, a, b))
    return result


def match_q(kind: str, state: str, match: dict[str, Any]) -> Q:
    q = Q(kind=kind)
    if state:
        q &= Q(state=state)
    for key, value in (match or {}).items():
        q &= Q(**{f"detail__{key}": value})
    return q


def grade_for(score: Decimal, bands: Iterable[GradeBand]) -> str:
    for band in sorted(bands, key=lambda b: b.min_score, reverse=True):
        if score >= band.min_score:
            return band.grade
    return ""


def _caps(items: Iterable[ScoreItem]) -> dict[str, Decimal | None]:
    """A code's cap: the smallest cap its items set (none if none sets one)."""
    caps: dict[str, Decimal | None] = {}
    for item in items:
        current = caps.get(item.code)
        if item.cap is None:
            caps.setdefault(item.code, None)
        elif current is None or item.cap < current:
            caps[item.code] = item.cap
    return caps


def compute_scores(
    committee: Committee, start: date, end: date, people: Iterable[int] | QuerySet[Any]
) -> dict[int, MemberScore]:
    """Scores of ``people`` (ids, or a values() subquery) for the records dated within [start, end]."""
    period = _Period(schemes_of(committee), start, end, "n")
    counts: dict[int, dict[str, Any]] = {}
    if period.annotations:
        rows = (
            DutyRecord.objects.filter(
                committee=committee, date__gte=start, date__lte=end, person_id__in=people
            )
            .values("person_id")
            .annotate(**period.annotations)
            .order_by()
        )
        counts = {row["person_id"]: dict(row) for row in rows}
    person_ids = list(people.values_list("person_id", flat=True)) if isinstance(people, QuerySet) else people
    return {pid: period.score(pid, counts.get(pid, {})) for pid in dict.fromkeys(person_ids)}


class _Period:
    """The score items in force over [start, end], each a COUNT annotation named ``<prefix><n>``, and the
    closing version's caps, labels, base and grade bands to turn one person's counts into a score."""

    def __init__(self, schemes: Sequence[ScoringScheme], start: date, end: date, prefix: str) -> None:
        closing_scheme = scheme_on(schemes, end)
        self.end = end
        self.slots: list[tuple[str, ScoreItem]] = []
        self.annotations: dict[str, Any] = {}
        for scheme, a, b in periods(schemes, start, end):
            for item in scheme.items.all():
                name = f"{prefix}{len(self.slots)}"
                q = match_q(item.kind, item.state, item.match) & Q(date__gte=a, date__lte=b)
                self.annotations[name] = Count("id", filter=q)
                self.slots.append((name, item))
        slots = [item for _name, item in self.slots]
        final_items = list(closing_scheme.items.all()) if closing_scheme else []
        self.caps = _caps(final_items)
        for item in reversed(slots):  # a code the closing version dropped keeps its latest cap
            if item.code not in self.caps:
                self.caps.update({item.code: _caps([i for i in slots if i.code == item.code]).get(item.code)})
        self.labels = {i.code: i.label for i in slots} | {i.code: i.label for i in final_items}
        self.order = list(dict.fromkeys([i.code for i in final_items] + [i.code for i in slots]))
        self.base = closing_scheme.base_score if closing_scheme else ZERO
        self.bands = list(closing_scheme.bands.all()) if closing_scheme else []

    def score(self, pid: int, row: dict[str, Any]) -> MemberScore:
        by_code: dict[str, ItemScore] = {
            c: ItemScore(c, self.labels[c], cap=self.caps.get(c)) for c in self.order
        }
        for name, item in self.slots:
            k = int(row.get(name, 0) or 0)
            entry = by_code[item.code]
            entry.count += k
            entry.raw += item.points * k
        total = self.base
        for entry in by_code.values():
            entry.points = entry.raw
            if entry.cap is not None:
                entry.points = max(-entry.cap, min(entry.cap, entry.raw))
            total += entry.points
        return MemberScore(
            person_id=pid,
            year=self.end.year,
            score=total,
            grade=grade_for(total, self.bands),
            items=list(by_code.values()),
            base=self.base,
        )


def members_in_year(committee: Committee, year: int) -> QuerySet[TermMembership]:
    """Memberships serving at some time in the year."""
    start, end = year_bounds(year)
    return TermMembership.objects.filter(committee=committee, start__lte=end).filter(
        Q(end__isnull=True) | Q(end__gte=start)
    )


def closing_of(committee: Committee, year: int) -> YearClosing | None:
    return YearClosing.objects.filter(committee=committee, year=year).first()


def year_scores(
    committee: Committee, year: int, person_ids: Iterable[int] | None = None
) -> dict[int, MemberScore]:
    """The year's scores: stored ones for a finalized year, computed ones otherwise; all members serving
    in the year unless ``person_ids`` narrows them."""
    closing = closing_of(committee, year)
    if closing is not None:
        stored = AnnualScore.objects.filter(closing=closing)
        if person_ids is not None:
            stored = stored.filter(person_id__in=list(person_ids))
        return {s.person_id: _stored(s, year) for s in stored}
    start, end = year_bounds(year)
    people: Any = (
        list(person_ids)
        if person_ids is not None
        else members_in_year(committee, year).values("person_id").distinct()
    )
    return compute_scores(committee, start, end, people)


def person_year_scores(committee: Committee, person_id: int, years: Iterable[int]) -> dict[int, MemberScore]:
    """One member's score in each of the years, as ``year_scores`` gives it, in a fixed number of queries
    however many years: the closings, the stored scores of finalized years, the scheme, and one count
    of the open years' records."""
    years = sorted(set(years))
    closings = {c.year: c for c in YearClosing.objects.filter(committee=committee, year__in=years)}
    result: dict[int, MemberScore] = {}
    if closings:
        stored = AnnualScore.objects.filter(closing__in=list(closings.values()), person_id=person_id)
        result = {s.closing.year: _stored(s, s.closing.year) for s in stored.select_related("closing")}
    open_years = [y for y in years if y not in closings]
    if not open_years:
        return result
    schemes = schemes_of(committee)
    by_year = {y: _Period(schemes, *year_bounds(y), f"y{y}_") for y in open_years}
    annotations = {k: v for period in by_year.values() for k, v in period.annotations.items()}
    row: dict[str, Any] = {}
    if annotations:
        row = DutyRecord.objects.filter(
            committee=committee,
            person_id=person_id,
            date__gte=year_bounds(open_years[0])[0],
            date__lte=year_bounds(open_years[-1])[1],
        ).aggregate(**annotations)
    for y, period in by_year.items():
        result[y] = period.score(person_id, row)
    return result


def _stored(s: AnnualScore, year: int) -> MemberScore:
    return MemberScore(
        person_id=s.person_id,
        year=year,
        score=s.score,
        grade=s.grade,
        items=[ItemScore.from_json(i) for i in s.breakdown],
        frozen=True,
    )


@dataclass
class RemovalWarning:
    person_id: int
    rule: RemovalRule
    count: int

    @property
    def reached(self) -> bool:
        return self.count >= self.rule.limit


def removal_warnings(committee: Committee, year: int) -> list[RemovalWarning]:
    """Members at or one short of a removal threshold of the scheme in force at the year's end: counted
    within the year, or within the term in force then (up to the year's end)."""
    start, end = year_bounds(year)
    scheme = scheme_on(schemes_of(committee), end)
    if scheme is None:
        return []
    rules = list(scheme.removal_rules.all())
    if not rules:
        return []
    term = Term.objects.in_force(committee, end)
    term_start = term.start if term is not None else start
    annotations = {}
    for n, rule in enumerate(rules):
        a = start if rule.window == RemovalRule.Window.YEAR else term_start
        annotations[f"r{n}"] = Count("id", filter=match_q(rule.kind, rule.state, rule.match) & Q(date__gte=a))
    members = members_in_year(committee, year)
    rows = (
        DutyRecord.objects.filter(
            committee=committee,
            date__gte=min(start, term_start),
            date__lte=end,
            person_id__in=members.values("person_id"),
        )
        .values("person_id")
        .annotate(**annotations)
        .order_by()
    )
    standing = set(
        members.exclude(position=Position.MEMBER).filter(term=term).values_list("person_id", flat=True)
    )
    found: list[RemovalWarning] = []
    for values in rows:
        row: dict[str, Any] = dict(values)
        for n, rule in enumerate(rules):
            count = row[f"r{n}"]
            if rule.standing_only and row["person_id"] not in standing:
                continue
            if count and count >= max(rule.limit - 1, 1):
                found.append(RemovalWarning(row["person_id"], rule, count))
    found.sort(key=lambda w: (not w.reached, -w.count))
    return found


def breakdown_by_code(scores: Iterable[MemberScore]) -> dict[str, int]:
    """How many records each item caught across the given scores (for the ranking's footer)."""
    totals: dict[str, int] = defaultdict(int)
    for s in scores:
        for item in s.items:
            totals[item.code] += item.count
    return dict(totals)
