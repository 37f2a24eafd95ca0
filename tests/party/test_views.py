"""Branch pages: structure, list, detail, assigning members; scoped like every page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lvzhi.core.roles import Role
from lvzhi.party.models import PartyBranch, PartyMembership
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_shows_the_structure_tree(client, leader, committee, economy, economy_branch):
    factories.make_member(committee, name="甲", political="01", sc=economy, branch=economy_branch)
    factories.make_member(committee, name="乙", political="13", sc=economy)
    client.force_login(leader)
    response = client.get(reverse("party:structure", kwargs={"committee": committee.code}))
    node = response.context["tree"][0]
    assert node["special_committee"] == economy
    assert [m.person.name for m in node["branches"][0]["members"]] == ["甲"]
    assert [m.person.name for m in node["others"]] == ["乙"]


def test_it_lets_staff_create_a_branch_and_assign_members(client, staff, committee, economy):
    client.force_login(staff)
    response = client.post(
        reverse("party:branch_create", kwargs={"committee": committee.code}),
        {"name": "经济委员会党支部", "kind": "functional", "special_committee": economy.pk},
    )
    branch = PartyBranch.objects.get(committee=committee, name="经济委员会党支部")
    assert response.status_code == 302
    m = factories.make_member(committee, name="甲", political="01", sc=economy)
    detail = reverse("party:branch_detail", kwargs={"committee": committee.code, "pk": branch.pk})
    client.post(detail, {"action": "assign", "person": m.person_id, "role": "member"})
    assert PartyMembership.objects.filter(branch=branch, person=m.person).exists()


def test_it_explains_a_functional_branch_without_a_special_committee(client, staff, committee):
    client.force_login(staff)
    response = client.post(
        reverse("party:branch_create", kwargs={"committee": committee.code}),
        {"name": "某支部", "kind": "functional"},
    )
    assert response.status_code == 200
    assert "须指定所在专委会" in response.content.decode()


def test_it_lets_a_branch_secretary_manage_only_their_branch(client, committee, economy, economy_branch):
    secretary = factories.make_member(
        committee, name="书记", political="01", sc=economy, branch=economy_branch
    )
    economy_branch.secretary = secretary.person
    economy_branch.save()
    other_sc = factories.special_committee(committee, "文史委员会")
    other_branch = factories.functional_branch(committee, other_sc)
    user = factories.user_with_role(committee, Role.BRANCH_SECRETARY, person=secretary.person)
    m = factories.make_member(committee, name="党员甲", political="01", sc=economy)
    client.force_login(user)
    own = reverse("party:branch_detail", kwargs={"committee": committee.code, "pk": economy_branch.pk})
    other = reverse("party:branch_detail", kwargs={"committee": committee.code, "pk": other_branch.pk})
    client.post(own, {"action": "assign", "person": m.person_id, "role": "member"})
    assert PartyMembership.objects.filter(branch=economy_branch, person=m.person).exists()
    refused = client.post(other, {"action": "assign", "person": m.person_id, "role": "member"})
    assert refused.status_code == 403
    assert not PartyMembership.objects.filter(branch=other_branch).exists()
    # A secretary assigns members but does not rename the branch.
    assert client.post(own, {"action": "edit", "name": "改名"}).status_code == 403
    assert client.post(own, {"action": "unknown"}).status_code == 403
    economy_branch.refresh_from_db()
    assert economy_branch.name != "改名"


def test_it_lets_a_leader_read_but_not_manage_branches(client, leader, committee, economy_branch):
    client.force_login(leader)
    assert client.get(reverse("party:branches", kwargs={"committee": committee.code})).status_code == 200
    assert client.get(reverse("party:branch_create", kwargs={"committee": committee.code})).status_code == 403


def test_it_hides_a_branch_from_an_outsider(client, outsider, economy_branch):
    client.force_login(outsider)
    url = reverse(
        "party:branch_detail", kwargs={"committee": economy_branch.committee.code, "pk": economy_branch.pk}
    )
    assert client.get(url).status_code == 404


def test_it_lists_branches_with_a_constant_number_of_queries(
    client, staff, committee, django_assert_max_num_queries
):
    client.force_login(staff)
    url = reverse("party:branches", kwargs={"committee": committee.code})
    for i in range(2):
        factories.functional_branch(committee, factories.special_committee(committee, f"委员会{i}"))
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for i in range(2, 12):
        factories.functional_branch(committee, factories.special_committee(committee, f"委员会{i}"))
    with django_assert_max_num_queries(30) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
