"""A second member who co-authors, and helpers that take a piece of information through its moves."""

from __future__ import annotations

from datetime import date

import pytest

from lvzhi.core.roles import Role
from lvzhi.opinions import services
from lvzhi.opinions.choices import SourceKind, Target
from lvzhi.proposals.choices import Category
from tests import factories


@pytest.fixture
def coauthor(committee):
    return factories.make_member(committee, name="李明")


@pytest.fixture
def coauthor_user(committee, coauthor):
    return factories.user_with_role(committee, Role.MEMBER, person=coauthor.person, username="liming")


@pytest.fixture
def stranger_user(committee):
    """A member of the same committee whose information it is not."""
    person = factories.make_member(committee, name="赵旁观").person
    return factories.user_with_role(committee, Role.MEMBER, person=person, username="pangguan")


def draft(committee, lead, by, *, title="城区电动自行车充电安全隐患亟待治理", coauthors=(), **data):
    kind = SourceKind.JOINT if coauthors else data.pop("kind", SourceKind.MEMBER)
    return services.opinion_create(
        committee=committee,
        lead=lead,
        data={
            "kind": kind,
            "title": title,
            "content": data.pop("content", "一、基本情况……二、原因分析……三、意见建议……"),
            "category": Category.URBAN,
            **data,
        },
        coauthors=list(coauthors),
        by=by,
    )


def adopted(committee, lead, by, *, on=date(2026, 3, 1), **extra):
    o = draft(committee, lead, by, **extra)
    services.opinion_submit(opinion=o, on=on, by=by)
    services.opinion_adopt(opinion=o, issue="《社情民意》2026年第3期", on=date(2026, 3, 5), by=by)
    return o


def reported(committee, lead, by, *, target=Target.PARTY_COMMITTEE, **extra):
    o = adopted(committee, lead, by, **extra)
    services.opinion_report(opinion=o, target=target, recipient="区委办公室", on=date(2026, 3, 8), by=by)
    return o
