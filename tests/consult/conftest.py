from __future__ import annotations

from datetime import date

import pytest

from lvzhi.consult import services
from lvzhi.consult.models import ConsultationForm
from lvzhi.core.roles import Role
from lvzhi.org.services import unit_create
from tests import factories

DAY = date(2026, 5, 10)


def form_of(committee, code):
    return ConsultationForm.objects.get(committee=committee, code=code)


def make_consultation(committee, by, *, code="zhuanti_diaoyan", topic="加快现代服务业发展", on=DAY,
                      participants=(), **organizer):  # fmt: skip
    return services.consultation_create(
        committee=committee,
        data={"form": form_of(committee, code), "topic": topic, "start_on": on, **organizer},
        participants=participants,
        by=by,
    )


@pytest.fixture
def unit(committee):
    return unit_create(committee=committee, name="区发展和改革局")


@pytest.fixture
def heating(committee):
    return unit_create(committee=committee, name="区供热公司", kind="enterprise")


@pytest.fixture
def consultation(committee, staff, member, economy):
    return make_consultation(committee, staff, participants=[member.person], special_committee=economy)


@pytest.fixture
def suggestion(committee, staff, member, consultation):
    return services.suggestion_create(
        committee=committee,
        title="推进市政供暖进小区",
        text="建议加快老旧小区供暖管网改造。",
        submitted_on=date(2026, 5, 20),
        consultation=consultation,
        proposers=[member.person],
        category="urban_rural",
        by=staff,
    )


@pytest.fixture
def other_member_user(committee):
    person = factories.make_member(committee, name="李另一").person
    return factories.user_with_role(committee, Role.MEMBER, person=person, username="othermember")
