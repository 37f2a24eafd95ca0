"""Personal data after 届满: members whose service ended more than the retention period ago lose their
mobile number and ID number (also in the field history); their names, memberships, duty records and
every figure built on them stay as they were, so old terms' archives still read and add up.

The period is ``LVZHI_PII_RETENTION_DAYS`` (days after the later of a membership's own end and its
term's end). A person still serving, in any term, or working in the office, is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from lvzhi.core.audit import audit_log
from lvzhi.org.models import Committee, Person, Staff, TermMembership

ERASED = {"mobile": "", "id_number_encrypted": "", "id_number_digest": ""}


def retention_days() -> int:
    return int(settings.LVZHI_PII_RETENTION_DAYS)


def persons_due(*, on: date, days: int, committee: Committee | None = None) -> QuerySet[Person]:
    """People with personal data left whose every membership ended at least ``days`` before ``on``."""
    cutoff = on - timedelta(days=days)
    memberships = TermMembership.objects.filter(person=OuterRef("pk"))
    still_within = memberships.filter(
        Q(end__isnull=True, term__end__isnull=True)
        | Q(end__gt=cutoff)
        | Q(end__isnull=True, term__end__gt=cutoff)
    )
    on_staff = Staff.objects.filter(person=OuterRef("pk"), active=True)
    people = (
        Person.objects.filter(Exists(memberships)).exclude(Exists(still_within)).exclude(Exists(on_staff))
    )
    people = people.exclude(mobile="", id_number_encrypted="")
    if committee is not None:
        people = people.filter(committee=committee)
    return people


@dataclass
class RetentionResult:
    cutoff: date
    days: int
    applied: bool
    by_committee: dict[str, list[int]] = field(default_factory=dict)

    @property
    def persons(self) -> int:
        return sum(len(ids) for ids in self.by_committee.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "cutoff": self.cutoff.isoformat(),
            "days": self.days,
            "applied": self.applied,
            "persons": self.persons,
            "by_committee": {code: len(ids) for code, ids in self.by_committee.items()},
        }


@transaction.atomic
def retention_apply(
    *, on: date, days: int | None = None, committee: Committee | None = None, dry_run: bool = False
) -> RetentionResult:
    """Erase the mobile and ID numbers of the people due, one audit event per committee."""
    days = retention_days() if days is None else days
    result = RetentionResult(cutoff=on - timedelta(days=days), days=days, applied=not dry_run)
    due = persons_due(on=on, days=days, committee=committee).order_by("committee_id", "pk")
    grouped: dict[int, list[int]] = {}
    for committee_id, person_id in due.values_list("committee_id", "pk"):
        grouped.setdefault(committee_id, []).append(person_id)
    codes = dict(Committee.objects.filter(pk__in=grouped).values_list("pk", "code"))
    for committee_id, ids in grouped.items():
        result.by_committee[codes[committee_id]] = ids
        if dry_run:
            continue
        # update(), not save(): no new history row is written holding the values being erased.
        Person.objects.filter(pk__in=ids).update(**ERASED)
        Person.history.model.objects.filter(id__in=ids).update(**ERASED)
        audit_log(
            "pii.retention",
            committee=committee_id,
            detail={
                "persons": ids,
                "days": days,
                "cutoff": result.cutoff.isoformat(),
                "erased": sorted(ERASED),
            },
        )
    return result
