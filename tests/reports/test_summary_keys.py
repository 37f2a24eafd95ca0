"""The summary JSON carries every app's figure keys, each with the link to the list of its records, and
each link opens for the committee's staff; an outsider gets none of it."""

from __future__ import annotations

import pytest

from lvzhi.core.figures import all_figures

pytestmark = pytest.mark.django_db

ISSUE_5_KEYS = {
    "committee_meetings",
    "liaison_leaders",
    "key_projects",
    "site_visits",
    "problems_coordinated",
    "staff_deployed",
    "members_participating",
    "donations_yuan",
    "service_activities",
    "beneficiaries",
    "opinions",
    "opinions_adopted",
    "opinions_instructed",
}


def test_every_figure_key_is_in_the_summary_and_its_link_opens(client, committee, staff, outsider):
    client.force_login(staff)
    data = client.get(f"/api/v1/committees/{committee.code}/summary/", {"year": 2026}).json()
    plain = {f.key for f in all_figures() if f.parts is None}
    assert plain >= ISSUE_5_KEYS
    assert plain <= set(data["figures"])
    for key in sorted(plain):
        source = data["figures"][key]["source"]
        assert source.startswith(f"/c/{committee.code}/"), key
        assert client.get(source).status_code == 200, (key, source)
    client.force_login(outsider)
    assert client.get(f"/api/v1/committees/{committee.code}/summary/").status_code == 404
