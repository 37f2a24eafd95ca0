"""The summary JSON carries every app's figure keys, each with the link to the list of its records, and
each link opens for the committee's staff; an outsider gets none of it."""

from __future__ import annotations

import pytest

from lvzhi.core.figures import all_figures

pytestmark = pytest.mark.django_db

ISSUE_4_KEYS = {
    "study_groups",
    "study_sessions",
    "reading_members",
    "trainings",
    "consultations",
    "suggestions",
    "proposals",
    "proposals_registered",
}
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
    assert plain >= ISSUE_4_KEYS | ISSUE_5_KEYS
    assert plain <= set(data["figures"])
    for key in sorted(plain):
        source = data["figures"][key]["source"]
        assert source.startswith(f"/c/{committee.code}/"), key
        assert client.get(source).status_code == 200, (key, source)
    client.force_login(outsider)
    assert client.get(f"/api/v1/committees/{committee.code}/summary/").status_code == 404


def test_suggestions_by_form_carries_one_key_per_form_each_linked(
    client, committee, staff, outsider, economy
):
    from datetime import date

    from lvzhi.consult import services
    from lvzhi.consult.models import ConsultationForm

    form = ConsultationForm.objects.get(committee=committee, code="wei_xieshang")
    consultation = services.consultation_create(
        committee=committee,
        data={
            "form": form,
            "topic": "请你来协商",
            "start_on": date(2026, 5, 1),
            "special_committee": economy,
        },
        by=staff,
    )
    for title in ("甲", "乙"):
        services.suggestion_create(
            committee=committee,
            title=title,
            submitted_on=date(2026, 5, 2),
            consultation=consultation,
            by=staff,
        )
    client.force_login(staff)
    figures = client.get(f"/api/v1/committees/{committee.code}/summary/", {"year": 2026}).json()["figures"]
    part = figures["suggestions_by_form.wei_xieshang"]
    assert part["value"] == 2
    listing = client.get(part["source"])
    assert listing.context["page_obj"].paginator.count == 2
    assert not any(
        k.startswith("suggestions_by_form.") and k != "suggestions_by_form.wei_xieshang" for k in figures
    )
    client.force_login(outsider)
    assert client.get(part["source"]).status_code == 404
