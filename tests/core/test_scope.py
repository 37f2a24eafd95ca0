"""visible_to and can: the committee tree, read-only subordinates, members' own rows, 404 versus 403."""

from __future__ import annotations

import pytest

from lvzhi.core.crypto import decrypt, encrypt, lookup_digest
from lvzhi.core.masking import is_masked, mask_id_number, mask_phone
from lvzhi.core.permissions import can
from lvzhi.org.models import Committee, Person, TermMembership
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_reads_a_subtree_by_path_at_any_depth(city, committee):
    town = factories.make_committee("town", parent=committee)
    assert town.path == "/city/county/town/"
    assert set(Committee.objects.subtree(city).values_list("code", flat=True)) == {"city", "county", "town"}


def test_it_scopes_rows_to_the_readers_committees(
    committee, city, other_committee, staff, city_leader, outsider
):
    mine = factories.make_member(committee).person
    theirs = factories.make_member(other_committee).person
    assert list(Person.objects.visible_to(staff)) == [mine]
    assert list(Person.objects.visible_to(city_leader)) == [mine]  # read-only, from above
    assert list(Person.objects.visible_to(outsider)) == [theirs]
    assert not can(city_leader, "org.change_member", mine)
    assert can(staff, "org.change_member", mine)
    assert not can(outsider, "org.change_member", mine)


def test_it_gives_a_member_their_own_rows_only(committee, member, member_user):
    factories.make_member(committee)
    assert list(Person.objects.visible_to(member_user)) == [member.person]
    assert list(TermMembership.objects.visible_to(member_user)) == [member]
    assert can(member_user, "org.view_sensitive", member.person)


def test_it_gives_anonymous_users_nothing(committee):
    from django.contrib.auth.models import AnonymousUser

    factories.make_member(committee)
    assert not Person.objects.visible_to(AnonymousUser()).exists()
    assert not Committee.objects.visible_to(AnonymousUser()).exists()


def test_it_encrypts_id_numbers_at_rest_and_finds_them_by_keyed_hash(committee):
    m = factories.make_member(committee)
    stored = Person.objects.filter(pk=m.person_id).values_list("id_number_encrypted", flat=True).get()
    assert m.person.id_number not in stored
    assert stored.startswith("v1:")
    assert decrypt(stored) == m.person.id_number
    assert Person.objects.with_id_number(committee, m.person.id_number).get() == m.person
    assert encrypt("x") != encrypt("x")  # a fresh nonce each time
    assert lookup_digest("x") == lookup_digest("x")
    assert lookup_digest("") == ""


def test_it_masks_as_offices_expect():
    assert mask_id_number("61100219681205123X") == "6110**********123X"
    assert mask_phone("13812345678") == "138****5678"
    assert is_masked("6110**********123X")
    assert not is_masked("61100219681205123X")
