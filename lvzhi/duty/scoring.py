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
    schemes = schemes_of(committee)
    closing_scheme = scheme_on(schemes, end)
    slots: list[ScoreItem] = []
    annotations: dict[str, Any] = {}
    for scheme, a, b in periods(schemes, start, end):
        for item in scheme.items.all():
            q = match_q(item.kind, item.state, item.match) & Q(date__gte=a, date__lte=b)
            annotations[f"n{len(slots)}"] = Count("id", filter=q)
            slots.append(item)
    counts: dict[int, dict[str, Any]] = {}
    if annotations:
        rows = (
            DutyRecord.objects.filter(
                committee=committee, date__gte=start, date__lte=end, person_id__in=people
            )
            .values("person_id")
            .annotate(**annotations)
            .order_by()
        )
        counts = {row["person_id"]: dict(row) for row in rows}
    person_ids = list(people.values_list("person_id", flat=True)) if isinstance(people, QuerySet) else people
    final_items = list(closing_scheme.items.all()) if closing_scheme else []
    caps = _caps(final_items)
    for item in reversed(slots):  # a code the closing version dropped keeps its latest cap
        if item.code not in caps:
            caps.update({item.code: _caps([i for i in slots if i.code == item.code]).get(item.code)})
    labels = {i.code: i.label for i in slots} | {i.code: i.label for i in final_items}
    order = list(dict.fromkeys([i.code for i in final_items] + [i.code for i in slots]))
    base = closing_scheme.base_score if closing_scheme else ZERO
    bands = list(closing_scheme.bands.all()) if closing_scheme else []
    result: dict[int, MemberScore] = {}
    for pid in dict.fromkeys(person_ids):
        row = counts.get(pid, {})
        by_code: dict[str, ItemScore] = {c: ItemScore(c, labels[c], cap=caps.get(c)) for c in order}
        for n, item in enumerate(slots):
            k = int(row.get(f"n{n}", 0) or 0)
            entry = by_code[item.code]
            entry.count += k
            entry.raw += item.points * k
        total = base
        for entry in by_code.values():
            entry.points = entry.raw
            if entry.cap is not None:
                entry.points = max(-entry.cap, min(entry.cap, entry.raw))
            total += entry.points
        result[pid] = MemberScore(
            person_id=pid,
            year=end.year,
            score=total,
            grade=grade_for(total, bands),
            items=list(by_code.values()),
            base=base,
        )
    return result


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
        return {
            s.person_id: MemberScore(
                person_id=s.person_id,
                year=year,
                score=s.score,
                grade=s.grade,
                items=[ItemScore.from_json(i) for i in s.breakdown],
                frozen=True,
            )
            for s in stored
        }
    start, end = year_bounds(year)
    people: Any = (
        list(person_ids)
        if person_ids is not None
        else members_in_year(committee, year).values("person_id").distinct()
    )
    return compute_scores(committee, start, end, people)


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
