"""Writes of the org app: committees, terms, sectors, special committees, persons and their memberships.

One service per business action, keyword-only, validated with ``full_clean()`` and audited, in one
transaction. Pages, the API, the import and the CLI all call these.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.core.codes import NATIONAL_SECTORS
from lvzhi.core.permissions import can
from lvzhi.org.choices import Level, MembershipEnd
from lvzhi.org.extensions import person_change_problems
from lvzhi.org.models import Committee, Person, Sector, SpecialCommittee, Staff, Term, TermMembership, Unit

PERSON_FIELDS = ("name", "gender", "ethnicity", "birth_month", "political", "mobile")
MEMBERSHIP_FIELDS = ("sector", "special_committee", "position", "workplace", "start")


@transaction.atomic
def committee_create(
    *, code: str, name: str, level: str = Level.COUNTY, parent: Committee | None = None, by: Any = None
) -> Committee:
    """A new committee, with the national list of sectors to start from."""
    committee = Committee(code=code, name=name, level=level, parent=parent)
    committee.path = committee.compute_path()
    committee.full_clean()
    committee.save()
    Sector.objects.bulk_create(
        Sector(committee=committee, code=c, name=full, short_name=short, order=i)
        for i, (c, full, short) in enumerate(NATIONAL_SECTORS, start=1)
    )
    audit_log("committee_create", user=by, obj=committee)
    return committee


@transaction.atomic
def term_create(
    *, committee: Committee, number: int, start: date, end: date | None = None, by: Any = None
) -> Term:
    term = Term(committee=committee, number=number, start=start, end=end)
    term.full_clean()
    term.save()
    audit_log("term_create", user=by, obj=term)
    return term


@transaction.atomic
def term_change(
    *, committee: Committee, number: int, start: date, continuing: Iterable[Person] = (), by: Any = None
) -> Term:
    """换届: the term in force closes the day before ``start`` and its members' terms end 届满; the new
    term starts with the continuing members (连任) in their sector and special committee.

    The old term's rows are closed, never changed otherwise or removed, so its archive stays whole.
    """
    old = Term.objects.in_force(committee, start - timedelta(days=1))
    if old is None:
        raise ValidationError({"start": _("没有正在进行的届次，请直接设置届次。")})
    if old.start >= start:
        raise ValidationError({"start": _("新一届的开始日期须晚于上一届的开始日期。")})
    if number <= old.number:
        raise ValidationError({"number": _("新一届的届次须大于第%(n)s届。") % {"n": old.number}})
    old.end = start - timedelta(days=1)
    old.full_clean()
    old.save()
    ending = list(TermMembership.objects.filter(term=old).filter(Q(end__isnull=True) | Q(end__gt=old.end)))
    by_person = {m.person_id: m for m in ending}
    for membership in ending:
        membership.end = old.end
        membership.end_reason = MembershipEnd.COMPLETED
        membership.save(update_fields=["end", "end_reason"])
    new = term_create(committee=committee, number=number, start=start, by=by)
    continuing = list(continuing)
    for person in continuing:
        previous = by_person.get(person.pk)
        if previous is None:
            raise ValidationError(_("%(name)s 不是上一届的在任委员，不能连任。") % {"name": person.name})
        membership = TermMembership(
            committee=committee,
            term=new,
            person=person,
            sector=previous.sector,
            special_committee=previous.special_committee,
            workplace=previous.workplace,
            start=start,
        )
        membership.full_clean()
        membership.save()
    audit_log(
        "term_change",
        user=by,
        obj=new,
        detail={"closed": old.number, "ended": len(ending), "continuing": len(continuing)},
    )
    return new


@transaction.atomic
def sector_create(*, committee: Committee, name: str, short_name: str = "", by: Any = None) -> Sector:
    order = Sector.objects.filter(committee=committee).count() + 1
    sector = Sector(committee=committee, name=name, short_name=short_name, order=order)
    sector.full_clean()
    sector.save()
    return sector


@transaction.atomic
def special_committee_create(
    *, committee: Committee, name: str, short_name: str = "", by: Any = None
) -> SpecialCommittee:
    order = SpecialCommittee.objects.filter(committee=committee).count() + 1
    sc = SpecialCommittee(committee=committee, name=name, short_name=short_name, order=order)
    sc.full_clean()
    sc.save()
    return sc


@transaction.atomic
def unit_create(*, committee: Committee, name: str, kind: str = Unit.Kind.GOVERNMENT, by: Any = None) -> Unit:
    order = Unit.objects.filter(committee=committee).count() + 1
    unit = Unit(committee=committee, name=name.strip(), kind=kind, order=order)
    unit.full_clean()
    unit.save()
    return unit


def _check_id_number_free(person: Person) -> None:
    if not person.id_number_digest:
        return
    clash = Person.objects.filter(committee_id=person.committee_id, id_number_digest=person.id_number_digest)
    if person.pk:
        clash = clash.exclude(pk=person.pk)
    if clash.exists():
        raise ValidationError({"id_number": _("该身份证号已登记在另一名人员名下。")})


@transaction.atomic
def member_create(
    *,
    committee: Committee,
    term: Term,
    person_data: dict[str, Any],
    membership_data: dict[str, Any],
    id_number: str = "",
    by: Any = None,
) -> TermMembership:
    """A new person serving as a member in a term."""
    person = Person(committee=committee, **person_data)
    person.id_number = id_number
    _check_id_number_free(person)
    person.full_clean(exclude=["stroke_key", "pinyin_key"])
    person.save()
    membership = TermMembership(committee=committee, term=term, person=person, **membership_data)
    membership.full_clean()
    membership.save()
    audit_log("member_create", user=by, obj=membership)
    return membership


@transaction.atomic
def member_update(
    *,
    membership: TermMembership,
    person_data: dict[str, Any],
    membership_data: dict[str, Any],
    id_number: str | None = None,
    expected_version: int | None = None,
    by: Any = None,
) -> TermMembership:
    """Change a member's person and membership fields; ``id_number=None`` leaves it unchanged.

    ``expected_version`` is the version the editor started from: a stale edit is refused.
    """
    person = membership.person
    person.claim_version(expected_version)
    problems = person_change_problems(person, person_data)
    if problems:
        raise ValidationError(problems)
    for field, value in person_data.items():
        setattr(person, field, value)
    if id_number is not None:
        person.id_number = id_number
    _check_id_number_free(person)
    person.full_clean(exclude=["stroke_key", "pinyin_key"])
    person.save()
    for field, value in membership_data.items():
        setattr(membership, field, value)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def member_end(
    *, membership: TermMembership, end: date, reason: str = MembershipEnd.RESIGNED, by: Any = None
) -> TermMembership:
    """A member leaves before the term ends (辞去、撤销 …); the record stays for the term's archive."""
    membership.end = end
    membership.end_reason = reason
    membership.full_clean()
    membership.save()
    audit_log("member_end", user=by, obj=membership, detail={"end": end.isoformat(), "reason": reason})
    return membership


@transaction.atomic
def staff_create(*, committee: Committee, person: Person, department: str = "", post: str = "") -> Staff:
    staff = Staff(committee=committee, person=person, department=department, post=post)
    staff.full_clean()
    staff.save()
    return staff


def person_reveal(*, person: Person, by: Any) -> dict[str, str]:
    """The full ID number and phone of a person, for a role that may see them; every reveal is audited."""
    if not can(by, "org.view_sensitive", person):
        audit_log("reveal", user=by, obj=person, result="failure")
        raise PermissionDenied
    audit_log("reveal", user=by, obj=person, detail={"fields": ["id_number", "mobile"]})
    return {"id_number": person.id_number, "mobile": person.mobile}
