"""Test data built through the same services the product uses."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import factory
from faker import Faker

from lvzhi.accounts.models import RoleAssignment, User
from lvzhi.core.idnumber import synthetic_id_number
from lvzhi.org.models import Committee, Person, Sector, SpecialCommittee, Term, TermMembership
from lvzhi.org.services import committee_create, member_create, special_committee_create, term_create
from lvzhi.party.choices import BranchKind
from lvzhi.party.models import PartyBranch
from lvzhi.party.services import branch_create, party_member_assign

fake = Faker("zh_CN")
_sequence = itertools.count(1)

TERM_START = date(2021, 12, 20)


def make_committee(code: str | None = None, *, parent: Committee | None = None, name: str = "") -> Committee:
    n = next(_sequence)
    code = code or f"c{n}"
    committee = committee_create(code=code, name=name or f"测试政协{n}", parent=parent)
    term_create(committee=committee, number=15, start=TERM_START)
    return committee


def term_of(committee: Committee) -> Term:
    return Term.objects.filter(committee=committee).order_by("-start").first()  # type: ignore[return-value]


def sector(committee: Committee, short_name: str = "经济界") -> Sector:
    return Sector.objects.get(committee=committee, short_name=short_name)


def special_committee(committee: Committee, name: str) -> SpecialCommittee:
    return SpecialCommittee.objects.filter(
        committee=committee, name=name
    ).first() or special_committee_create(committee=committee, name=name)


def functional_branch(committee: Committee, sc: SpecialCommittee) -> PartyBranch:
    existing = PartyBranch.objects.filter(
        committee=committee, special_committee=sc, kind=BranchKind.FUNCTIONAL
    ).first()
    return existing or branch_create(
        committee=committee, name=f"{sc.name}党支部", kind=BranchKind.FUNCTIONAL, special_committee=sc
    )


def make_member(
    committee: Committee,
    *,
    name: str | None = None,
    political: str = "13",
    sector_short: str = "经济界",
    sc: SpecialCommittee | None = None,
    branch: PartyBranch | None = None,
    gender: str = "1",
    birth: date | None = None,
    mobile: str = "",
    with_id: bool = True,
    position: str = "member",
    start: date | None = None,
) -> TermMembership:
    n = next(_sequence)
    birth = birth or date(1960 + n % 30, n % 12 + 1, n % 27 + 1)
    id_number = (
        synthetic_id_number(
            region="611002", birth=birth, sequence=(n * 2 + (1 if gender == "1" else 0)) % 1000
        )
        if with_id
        else ""
    )
    membership = member_create(
        committee=committee,
        term=term_of(committee),
        person_data={
            "name": name or fake.name(),
            "gender": gender,
            "political": political,
            "birth_month": birth.replace(day=1),
            "mobile": mobile,
        },
        membership_data={
            "sector": sector(committee, sector_short),
            "special_committee": sc,
            "position": position,
            "start": start or TERM_START,
        },
        id_number=id_number,
    )
    if branch is not None:
        party_member_assign(branch=branch, person=membership.person)
    return membership


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    must_change_password = False
    password = factory.PostGenerationMethodCall("set_password", "Test@Pass2026")

    @factory.post_generation
    def saved(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


def user_with_role(
    committee: Committee, role: str, *, person: Person | None = None, unit: Any = None, **kwargs: Any
) -> User:
    user = UserFactory(person=person, **kwargs)
    RoleAssignment.objects.create(user=user, committee=committee, role=role, unit=unit)
    return user
