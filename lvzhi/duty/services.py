"""Writing DutyRecords: the one idempotent sync every app calls in the transaction of its source."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction

from lvzhi.duty.kinds import RecordSpec, kinds_for
from lvzhi.duty.models import DutyRecord


@dataclass(frozen=True)
class SyncResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0


@transaction.atomic
def duty_record_sync(source: models.Model) -> SyncResult:
    """Make the source's DutyRecords exactly what its registered kinds derive from it now.

    An upsert on (source, person, kind): records the source no longer implies are deleted, changed ones
    updated, new ones created. Running it twice changes nothing the second time.
    """
    kinds = kinds_for(source)
    if not kinds:
        raise ImproperlyConfigured(f"no duty kind is registered for {source._meta.label_lower}")
    source_type = ContentType.objects.get_for_model(source)
    committee_id = source.committee_id  # type: ignore[attr-defined]
    wanted: dict[tuple[int, str], RecordSpec] = {}
    for kind in kinds:
        for spec in kind.derive(source):
            if spec.kind != kind.code:
                raise ImproperlyConfigured(f"handler of {kind.code!r} derived a {spec.kind!r} record")
            wanted[(spec.person_id, spec.kind)] = spec
    existing = {
        (r.person_id, r.kind): r
        for r in DutyRecord.objects.filter(
            committee_id=committee_id,
            source_type=source_type,
            source_id=source.pk,
            kind__in=[k.code for k in kinds],
        )
    }
    stale = [r.pk for key, r in existing.items() if key not in wanted]
    deleted = DutyRecord.objects.filter(pk__in=stale).delete()[0] if stale else 0
    to_create: list[DutyRecord] = []
    to_update: list[DutyRecord] = []
    for key, spec in wanted.items():
        record = existing.get(key)
        values = {"date": spec.date, "state": spec.state, "term_id": spec.term_id, "detail": spec.detail}
        if record is None:
            to_create.append(
                DutyRecord(
                    committee_id=committee_id,
                    source_type=source_type,
                    source_id=source.pk,
                    person_id=spec.person_id,
                    kind=spec.kind,
                    **values,
                )
            )
        elif any(getattr(record, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(record, f, v)
            to_update.append(record)
    DutyRecord.objects.bulk_create(to_create)
    if to_update:
        DutyRecord.objects.bulk_update(to_update, ["date", "state", "term_id", "detail"])
    return SyncResult(created=len(to_create), updated=len(to_update), deleted=deleted)


@transaction.atomic
def duty_records_clear(source: models.Model) -> int:
    """Remove every record of a source that is being deleted."""
    source_type = ContentType.objects.get_for_model(source)
    return DutyRecord.objects.filter(source_type=source_type, source_id=source.pk).delete()[0]
