"""The scale-out path: every table carries committee_id (Citus's distribution column) or is global by
design, unique constraints on per-committee data include it, and report reads can go to a replica."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connections
from django.db.models import Model, UniqueConstraint
from django.test.utils import CaptureQueriesContext

from lvzhi.core.routers import reading_replica
from lvzhi.org.models import Committee, Person

# Shared by every committee: accounts and what belongs to a user alone (one user may hold roles in several
# committees: their second factor, their notice channels), the committee tree itself (a Citus reference
# table), the job ledger and queue, and Django's and its libraries' own bookkeeping.
GLOBAL_BY_DESIGN = {
    "accounts_historicaluser",
    "accounts_passwordhistory",
    "accounts_twofactor",
    "accounts_user",
    "accounts_user_groups",
    "accounts_user_user_permissions",
    "auth_group",
    "auth_group_permissions",
    "auth_permission",
    "authtoken_token",
    "axes_accessattempt",
    "axes_accessattemptexpiration",
    "axes_accessfailurelog",
    "axes_accesslog",
    "django_content_type",
    "django_session",
    "django_tasks_database_dbtaskresult",
    "jobs_job",
    "core_noticepreference",
    "org_committee",
    "org_historicalcommittee",
}

# Per-committee data not yet ready to distribute. Many-to-many tables carry no committee_id of their
# own; they must become explicit through models with one before Citus distributes their parents.
# The constraints below are unique within a parent row that itself belongs to one committee, so they
# are correct today, but Citus requires the distribution column in every unique constraint.
KNOWN_GAPS = {
    "consult_consultation_participants": "many-to-many table without committee_id",
    "consult_studio_members": "many-to-many table without committee_id",
    "consult_suggestion_proposers": "many-to-many table without committee_id",
    "consult_suggestion_units": "many-to-many table without committee_id",
    "opinions_opinion_coauthors": "many-to-many table without committee_id",
    "core_noticedelivery": "a copy of a notification (which carries committee_id) sent by e-mail or gateway",
    "core_checkin.checkin_once_per_person": "unique within one activity (object_id)",
    "core_notification.notification_unique_key": "unique per user, whose committee is in the key",
    "core_searchentry.searchentry_unique_record": "unique per indexed record",
    "opinions_report.opinion_report_unique": "unique within one opinion",
    "party_attendance.attendance_unique": "unique within one meeting",
    "proposals_assignment.assignment_unique_unit": "unique within one proposal",
    "proposals_cosigner.cosigner_unique": "unique within one proposal",
    "proposals_feedback.feedback_unique_round": "unique within one proposal",
    "proposals_reply.assignment": "one-to-one with an assignment of the same committee",
    "rectify_category.category_unique_name": "unique within one campaign",
    "rectify_ledgeritem.item_unique_number": "unique within one campaign",
    "rules_regulation.replaces": "one-to-one with a regulation of the same committee",
    "study_book.book_unique_title": "unique within one reading campaign",
}


def tables() -> list[type[Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]


def has_committee(model: type[Model]) -> bool:
    return any(f.column == "committee_id" for f in model._meta.local_concrete_fields)


def gaps() -> set[str]:
    found = set()
    for model in tables():
        opts = model._meta
        if opts.db_table in GLOBAL_BY_DESIGN:
            continue
        if not has_committee(model):
            found.add(opts.db_table)
            continue
        for field in opts.local_concrete_fields:
            if field.unique and not field.primary_key:
                found.add(f"{opts.db_table}.{field.name}")
        for constraint in opts.constraints:
            if isinstance(constraint, UniqueConstraint) and "committee" not in constraint.fields:
                found.add(f"{opts.db_table}.{constraint.name}")
        for together in opts.unique_together:
            if "committee" not in together:
                found.add(f"{opts.db_table}.{'_'.join(together)}")
    return found


def test_every_table_carries_committee_id_or_is_listed():
    assert gaps() == set(KNOWN_GAPS), (
        "a new table or constraint: add committee to it, or list it with a reason"
    )


def test_the_global_list_names_only_real_tables_without_committee():
    by_table = {m._meta.db_table: m for m in tables()}
    assert set(by_table) >= GLOBAL_BY_DESIGN
    assert not [t for t in GLOBAL_BY_DESIGN if has_committee(by_table[t])]


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_report_reads_go_to_the_replica_and_writes_stay_on_default(committee):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert Committee.objects.filter(code=committee.code).exists()  # outside: default
    assert len(on_replica) == 0
    with CaptureQueriesContext(connections["replica"]) as on_replica, reading_replica():
        assert Committee.objects.get(code=committee.code).name == committee.name
        assert Person.objects.filter(committee=committee).count() == 0
    assert len(on_replica) == 2
    with CaptureQueriesContext(connections["default"]) as on_default, reading_replica():
        Committee.objects.filter(pk=committee.pk).update(name="改名")
    assert any("UPDATE" in q["sql"] for q in on_default.captured_queries)
