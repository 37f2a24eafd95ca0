"""duty_record_sync: an idempotent upsert of the records a source implies, through a registered kind."""

from __future__ import annotations

import pytest

from lvzhi.duty.kinds import DutyKind, RecordSpec, register_kind, unregister_kind
from lvzhi.duty.models import DutyRecord
from lvzhi.duty.services import duty_record_sync, duty_records_clear
from lvzhi.org.models import Term
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def attendance_kind():
    """A throwaway kind: a Term "attended" by whoever is listed in a test's dict (the source is a Term)."""
    attending: dict[int, list[int]] = {}

    def derive(term):
        return [
            RecordSpec(person_id=p, kind="test.attended", date=term.start, term_id=term.pk)
            for p in attending.get(term.pk, [])
        ]

    register_kind(DutyKind("test.attended", "出席", "org.term", derive))
    yield attending
    unregister_kind("test.attended")


def test_it_writes_the_records_a_source_implies_and_nothing_twice(committee, attendance_kind):
    term = Term.objects.get(committee=committee)
    a = factories.make_member(committee).person
    b = factories.make_member(committee).person
    attendance_kind[term.pk] = [a.pk, b.pk]
    first = duty_record_sync(term)
    second = duty_record_sync(term)
    assert (first.created, second.created, second.updated, second.deleted) == (2, 0, 0, 0)
    assert set(DutyRecord.objects.values_list("person_id", flat=True)) == {a.pk, b.pk}


def test_it_follows_its_source_when_it_changes(committee, attendance_kind):
    term = Term.objects.get(committee=committee)
    a = factories.make_member(committee).person
    b = factories.make_member(committee).person
    attendance_kind[term.pk] = [a.pk, b.pk]
    duty_record_sync(term)
    attendance_kind[term.pk] = [b.pk]
    result = duty_record_sync(term)
    assert result.deleted == 1
    assert list(DutyRecord.objects.values_list("person_id", flat=True)) == [b.pk]
    assert duty_records_clear(term) == 1


def test_it_scopes_records_like_everything_else(
    committee, attendance_kind, member_user, member, outsider, staff
):
    term = Term.objects.get(committee=committee)
    other = factories.make_member(committee).person
    attendance_kind[term.pk] = [member.person_id, other.pk]
    duty_record_sync(term)
    assert DutyRecord.objects.visible_to(member_user).count() == 1
    assert DutyRecord.objects.visible_to(staff).count() == 2
    assert DutyRecord.objects.visible_to(outsider).count() == 0


def test_it_refuses_a_source_without_a_kind(committee):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        duty_record_sync(committee)


@pytest.mark.django_db(transaction=True)
def test_two_syncs_of_one_source_run_one_after_the_other(committee, attendance_kind):
    """A sync holds the source's row lock, so one started while another is under way waits for it and
    derives from what it committed (PostgreSQL; SQLite serializes writers by itself)."""
    import threading

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite's immediate transactions serialize writers")
    term = Term.objects.get(committee=committee)
    a = factories.make_member(committee).person
    attendance_kind[term.pk] = [a.pk]
    finished = threading.Event()

    def other_sync() -> None:
        try:
            duty_record_sync(Term.objects.get(pk=term.pk))
            finished.set()
        finally:
            connections.close_all()

    with transaction.atomic():
        Term.objects.select_for_update().get(pk=term.pk)  # a sync of this term under way
        worker = threading.Thread(target=other_sync)
        worker.start()
        assert not finished.wait(1.0)  # it waits for the lock rather than deriving from a stale view
    worker.join(10)
    assert finished.is_set()
    assert list(DutyRecord.objects.values_list("person_id", flat=True)) == [a.pk]
