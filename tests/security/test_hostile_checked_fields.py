"""Fields whose values a validator checks (ID number, mobile) refuse hostile markup with a Chinese message."""

from __future__ import annotations

import re

import pytest

from lvzhi.org.forms import MemberForm
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "value"),
    [("id_number", "<script>alert(1)</script>"), ("mobile", '"><svg onload=alert(1)>')],
)
def test_the_member_form_refuses_hostile_text_in_checked_fields(committee, name, value):
    data = {"name": "张三", "gender": "1", "political": "13", "position": "member", "start": "2026-01-01"}
    data["sector"] = str(factories.sector(committee).pk)
    data[name] = value
    form = MemberForm(data=data, committee=committee)
    assert not form.is_valid()
    assert name in form.errors
    assert re.search(r"[\u4e00-\u9fff]", form.errors[name][0]), form.errors[name]
