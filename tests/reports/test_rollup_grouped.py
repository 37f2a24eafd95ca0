"""The roll-up's grouped evaluation (``figures.evaluate_many``, each figure's ``grouped`` form) against
the per-committee ``figures.evaluate`` it replaces: the same value for every figure key (breakdown parts
included) of every committee of a seeded province, and the same roll-up table, links and totals."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core import figures
from lvzhi.core.figures import Period
from lvzhi.core.synth import Synth
from lvzhi.org.models import Committee, Person
from lvzhi.reports.rollup import build_rollup, distinct_identities, live_values
from lvzhi.service.models import Deployment, ServiceCampaign

pytestmark = pytest.mark.django_db

END = date(2026, 6, 30)
PERIODS = [
    Period(date(2025, 1, 1), date(2025, 12, 31)),
    Period(date(2026, 3, 1), date(2026, 6, 30)),
    Period(date(2024, 7, 1), date(2026, 6, 30)),
]


def _deploy(committee: Committee) -> None:
    """Staff sent to communities (the synthetic world has none): one person twice, so the distinct count
    and the number of deployments differ, one deployment still running, one outside the periods."""
    campaign = ServiceCampaign.objects.create(committee=committee, name="下沉社区", start_on=date(2025, 1, 1))
    people = list(Person.objects.filter(committee=committee).order_by("pk")[:3])
    for person, place, start, end in [
        (people[0], "东关小区", date(2025, 2, 1), date(2025, 3, 1)),
        (people[0], "西关小区", date(2026, 4, 1), None),
        (people[1], "东关小区", date(2025, 11, 1), date(2026, 5, 1)),
        (people[2], "南关小区", date(2023, 1, 1), date(2023, 2, 1)),
    ]:
        Deployment.objects.create(
            committee=committee, campaign=campaign, person=person, place=place, start_on=start, end_on=end
        )


@pytest.fixture
def province() -> list[Committee]:
    Synth(committees=4, members=20, years=2, seed=3, end=END, code="grp").run()
    tree = list(Committee.objects.subtree(Committee.objects.get(code="grp")))
    for committee in tree[1:3]:
        _deploy(committee)
    return tree


def _values(per_committee: dict[int, dict[str, figures.FigureValue]]) -> dict[int, dict[str, object]]:
    return {pk: {key: fv.value for key, fv in values.items()} for pk, values in per_committee.items()}


def test_the_grouped_evaluation_and_rollup_equal_the_per_committee_ones(province):
    """One world for every check: building it is the slow part."""
    assert all(f.grouped is not None for f in figures.all_figures())
    non_zero: set[str] = set()
    for period in PERIODS:
        grouped = _values(live_values(province, period))
        one_by_one = _values(live_values(province, period, grouped=False))
        assert grouped == one_by_one, period
        non_zero |= {key for values in one_by_one.values() for key, v in values.items() if v}
    # The world exercises the figures: breakdown parts, every "distinct" figure, and most of the others
    # (the synthetic world has no rules, donations, instructions, coordinated problems or study groups).
    assert any(key.startswith("suggestions_by_form.") for key in non_zero)
    assert {f.key for f in figures.all_figures() if f.rollup == "distinct"} <= non_zero
    assert len({f.key for f in figures.all_figures()} & non_zero) >= 25

    # The persons behind each "distinct" figure, identity by identity (what its total counts once).
    for figure in figures.all_figures():
        if figure.distinct_ids is not None:
            assert figure.distinct_ids_many is not None, figure.key
            for period in PERIODS:
                many = distinct_identities(figure.key, province, period)
                assert many == distinct_identities(figure.key, province, period, grouped=False)
                assert any(many.values()), figure.key

    # The evidence and labels of the committees that are linked; none for the others.
    period = PERIODS[0]
    grouped_fv = live_values(province, period, {province[2].pk})
    full = live_values(province, period, grouped=False)
    for key, fv in full[province[2].pk].items():
        assert (grouped_fv[province[2].pk][key].source, grouped_fv[province[2].pk][key].label) == (
            fv.source,
            fv.label,
        ), key
    assert all(not fv.source for fv in grouped_fv[province[3].pk].values())

    # The roll-up table: values, distinct totals, links, for the province and for a city.
    for committee in province[:2]:
        for period in PERIODS[:2]:
            rollup = build_rollup(committee, period)
            reference = build_rollup(committee, period, grouped=False)
            assert rollup.as_dict() == reference.as_dict()
            assert [[c.source for c in r.cells] for r in rollup.rows] == [
                [c.source for c in r.cells] for r in reference.rows
            ]
            assert [c.committee for c in rollup.columns] == [c.committee for c in reference.columns]

    # A query or a few per figure, whatever the number of committees.
    counts = []
    for n in (1, 2, len(province)):
        with CaptureQueriesContext(connection) as ctx:
            live_values(province[:n], period)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[-1]
    assert counts[-1] <= 2 * len(figures.all_figures())
