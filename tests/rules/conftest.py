from __future__ import annotations

from datetime import date

import pytest

from lvzhi.rules.choices import RegulationKind
from lvzhi.rules.services import regulation_create


@pytest.fixture
def make_rule(committee):
    def make(title="委员管理办法", issued=date(2020, 3, 1), on=None, **extra):
        data = {"kind": RegulationKind.RULE, "title": title, "issued_on": issued, **extra}
        return regulation_create(committee=on or committee, data=data)

    return make
