"""The member-facing pages of the load mix run a fixed number of queries: the same for a member with a
few records as for one with many (no query per row), and under a bound, so a regression fails here."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lvzhi.meetings import services
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db
BOUND = 40


def pages(committee):
    code = committee.code
    return {
        "home": "/",
        "archive": reverse("duty:mine", args=[code]),
        "my meetings": reverse("meetings:mine", args=[code]),
        "my reading": reverse("study:reading_mine", args=[code]),
        "proposals": reverse("proposals:list", args=[code]),
        "portal": f"/p/{code}/",
    }


def counts(client, committee, django_assert_max_num_queries):
    found = {}
    for name, path in pages(committee).items():
        client.get(path, follow=True)  # warm: a first request may fill per-process caches
        with django_assert_max_num_queries(BOUND, info=name) as captured:
            response = client.get(path, follow=True)
        assert response.status_code == 200, name
        found[name] = len(captured.captured_queries)
    return found, response


def attend(committee, member, staff, n):
    for day in range(n):
        meeting = make_meeting(committee, days=-(day + 2) * 7, by=staff)
        services.invitee_add(meeting=meeting, person=member.person, by=staff)
        services.attendance_set(meeting=meeting, person=member.person, status="present", by=staff)


def test_member_pages_do_not_query_per_record(
    client, committee, member, member_user, staff, django_assert_max_num_queries
):
    client.force_login(member_user)
    attend(committee, member, staff, 2)
    few, _ = counts(client, committee, django_assert_max_num_queries)
    attend(committee, member, staff, 10)
    many, _ = counts(client, committee, django_assert_max_num_queries)
    assert many == few


def test_each_archive_record_has_its_own_appeal_form(client, committee, member, member_user, staff):
    attend(committee, member, staff, 3)
    client.force_login(member_user)
    body = client.get(reverse("duty:mine", args=[committee.code]), follow=True).content.decode()
    ids = re.findall(r'id="(id_(?:claim|reason)_\d+)"', body)
    assert len(ids) == 6
    assert len(set(ids)) == 6  # unique on the page, one claim and one reason per record
    assert "__record__" not in body
    for record_id in {i.rsplit("_", 1)[1] for i in ids}:
        assert f'for="id_claim_{record_id}"' in body
