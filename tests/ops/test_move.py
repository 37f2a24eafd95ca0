"""`lvzhi move-to DATABASE_URL`: the whole database copied into a fresh PostgreSQL, verified per table."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lvzhi.core import dataset, move
from lvzhi.org.models import Person
from tests import factories

from .pg import fresh_database

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(committee, member, member_user, other_committee):
    factories.make_member(committee, name="李四", mobile="13800138000")
    factories.make_member(other_committee, name="张三")


def test_it_moves_every_table_to_a_fresh_postgresql(data):
    source = dataset.fingerprints(dataset.state_apps(connection), "default")
    id_numbers = dict(Person.objects.values_list("name", "id_number_encrypted"))
    with fresh_database("move") as url:
        out = io.StringIO()
        call_command("move_to", url, stdout=out)
        assert "行数和校验和逐表一致" in out.getvalue()

        # Read the new database afresh, independently of the copy's own check.
        move.add_database("moved", url)
        try:
            moved = connections_fingerprints("moved")
            assert moved == source
            assert sum(t["rows"] for t in moved.values()) > 50
            copied = dict(Person.objects.using("moved").values_list("name", "id_number_encrypted"))
            assert copied == id_numbers
            assert Person.objects.using("moved").get(name="李四").id_number  # decrypts under the same key
            # The copy is a working database: new rows get fresh IDs after the copied ones.
            last = Person.objects.using("moved").order_by("-pk").first()
            assert last is not None
            with move.connections["moved"].cursor() as cursor:
                cursor.execute("SELECT nextval(pg_get_serial_sequence('org_person', 'id'))")
                assert cursor.fetchone()[0] > last.pk

            # Moving again into a database that now holds data is refused.
            with pytest.raises(CommandError, match="目标数据库已有数据"):
                call_command("move_to", url, stdout=io.StringIO())
        finally:
            move.remove_database("moved")
    assert (
        dataset.fingerprints(dataset.state_apps(connection), "default") == source
    )  # the source is only read


def connections_fingerprints(alias: str) -> dict:
    return dataset.fingerprints(dataset.state_apps(move.connections[alias]), alias)


def test_it_refuses_an_unreachable_target():
    with pytest.raises(CommandError, match="无法连接目标数据库"):
        call_command("move_to", "postgres://postgres@127.0.0.1:1/nowhere", stdout=io.StringIO())


def test_it_refuses_an_unknown_address():
    with pytest.raises(CommandError, match="数据库地址无法识别"):
        call_command("move_to", "mysql://x/y", stdout=io.StringIO())
