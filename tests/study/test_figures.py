"""The study figures count their own committee's records in the period, and each evidence list shows
exactly the records counted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lvzhi.core.figures import Period, evaluate, get
from lvzhi.study import services
from lvzhi.study.choices import Layer
from lvzhi.study.figures import SECTION
from tests import factories
from tests.study.conftest import log_for

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
KEYS = ["study_groups", "study_sessions", "trainings", "reading_members"]


@pytest.fixture
def data(committee, other_committee, group, study_session, campaign, member, reader, staff):
    services.session_create(  # a 委员讲堂 in the period
        committee=committee,
        data={
            "layer": Layer.STANDING,
            "held_on": date(2026, 4, 1),
            "topic": "委员讲堂",
            "speaker": member.person,
        },
    )
    services.session_create(  # after the period
        committee=committee, data={"layer": Layer.OFFICE, "held_on": date(2026, 7, 2), "topic": "七月学习"}
    )
    services.group_create(  # established after the period's end
        committee=committee,
        data={"name": "后来的学习组", "leader": reader.person, "established_on": date(2026, 8, 1)},
        members=[],
    )
    for start, hours, people in (
        (date(2026, 5, 10), "12", [member.person, reader.person]),
        (date(2026, 9, 1), "6", [member.person]),
    ):
        services.training_create(
            committee=committee,
            data={
                "title": f"培训{start}",
                "organizer": "市委党校",
                "start_on": start,
                "end_on": start,
                "hours": Decimal(hours),
            },
            participants=people,
        )
    log_for(campaign, member.person, date(2026, 2, 1), hours="2")
    log_for(campaign, member.person, date(2026, 3, 1), hours="3.5")
    log_for(campaign, reader.person, date(2026, 7, 5), hours="9")  # after the period
    # Another committee's records never count.
    stranger = factories.make_member(other_committee).person
    services.session_create(
        committee=other_committee, data={"layer": Layer.OFFICE, "held_on": date(2026, 3, 3), "topic": "别处"}
    )
    services.group_create(
        committee=other_committee,
        data={"name": "别处学习组", "leader": stranger, "established_on": date(2026, 1, 1)},
        members=[],
    )


def test_the_figures_count_the_committees_own_records_in_the_period(committee, data):
    values = evaluate(committee, PERIOD, KEYS)
    assert {k: values[k].value for k in KEYS} == {
        "study_groups": 1,
        "study_sessions": 2,
        "trainings": 1,
        "reading_members": 1,
    }
    assert "其中委员讲堂1期" in values["study_sessions"].sentence
    assert "参训2人次，共12学时" in values["trainings"].sentence
    assert "阅读书籍2本次、5.5小时" in values["reading_members"].sentence
    assert all(get(k).section == SECTION == "深化理论学习" for k in KEYS)


def test_each_evidence_list_shows_exactly_the_counted_records(client, staff, committee, data):
    client.force_login(staff)
    values = evaluate(committee, PERIOD, KEYS)
    groups = client.get(values["study_groups"].source).context["rows"]
    assert len(groups) == values["study_groups"].value
    sessions = client.get(values["study_sessions"].source).context["page_obj"].paginator.object_list
    assert len(sessions) == values["study_sessions"].value
    assert all(PERIOD.start <= s.held_on <= PERIOD.end for s in sessions)
    trainings = client.get(values["trainings"].source).context
    assert len(trainings["rows"]) == values["trainings"].value
    assert (
        f"共{get('trainings').compute(committee, PERIOD).context['hours']}学时"
        in values["trainings"].sentence
    )
    assert trainings["person_times"] == 2
    logs = client.get(values["reading_members"].source).context
    assert logs["members"] == values["reading_members"].value
    assert logs["page_obj"].paginator.count == 2
    assert logs["hours"] == Decimal("5.5")
