"""The archive and the ranking through the API: the same scoping as the pages (one's own archive; staff
and leaders anyone's; another member or an outsider a 404) and the same numbers."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from lvzhi.duty.scoring import year_scores
from tests.duty.conftest import ABSENT, PRESENT, study_day

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def archive(committee, person_id, year=None):
    return f"/api/v1/committees/{committee.code}/archive/{person_id}/" + (f"?year={year}" if year else "")


@pytest.fixture
def records(committee, member, colleague, two_versions):
    study_day(committee, date(2025, 9, 1), {member.person_id: ABSENT, colleague.person_id: PRESENT})
    study_day(committee, date(2025, 10, 1), {member.person_id: PRESENT}, topic="学习政协章程")


def test_an_outsider_and_another_member_get_404_on_a_members_archive(
    committee, member, colleague, outsider, records
):
    for user in (outsider, colleague):
        assert api(user).get(archive(committee, member.person_id)).status_code == 404
    assert APIClient().get(archive(committee, member.person_id)).status_code in (401, 403)
    assert api(outsider).get(f"/api/v1/committees/{committee.code}/duty/scores/").status_code == 404
    assert api(colleague).get(f"/api/v1/committees/{committee.code}/duty/scores/").status_code == 403


def test_a_member_reads_their_own_archive_with_the_years_score(committee, member, member_user, records):
    data = api(member_user).get(archive(committee, member.person_id, 2025)).json()
    assert data["person"] == {"id": member.person_id, "name": member.person.name}
    (year,) = data["years"]
    assert year["year"] == 2025
    kinds = sorted((r["kind"], r["state"], r["date"]) for r in year["records"])
    assert kinds == [("study.absent", "counted", "2025-09-01"), ("study.attended", "counted", "2025-10-01")]
    assert any("学习政协章程" in r["text"] for r in year["records"])
    assert all(r["source"] and r["source"].startswith(f"/c/{committee.code}/") for r in year["records"])
    # the same score as the page's: base 20 (乙) + 5 attended (乙) - 4 absent (乙) = 21
    assert year["score"]["score"] == "21.0"
    assert year["score"]["score"] == str(year_scores(committee, 2025)[member.person_id].score)


def test_staff_and_leaders_read_anyones_archive_and_the_ranking(
    committee, member, colleague, staff, leader, records
):
    for user in (staff, leader):
        assert api(user).get(archive(committee, member.person_id)).status_code == 200
    ranking = api(leader).get(f"/api/v1/committees/{committee.code}/duty/scores/?year=2025").json()
    assert ranking["year"] == 2025
    assert [(r["rank"], r["name"]) for r in ranking["rows"]] == [
        (1, colleague.person.name),  # 20 + 5 = 25
        (2, member.person.name),  # 21
    ]
    assert ranking["finalized"] is False
