"""The demo's rules: the article's six revised work rules and its three documents issued."""

from __future__ import annotations

from datetime import date

import pytest

from lvzhi.core.attachments import attachments_of
from lvzhi.core.demo import DemoContext
from lvzhi.core.figures import Period, evaluate
from lvzhi.rules import demo
from lvzhi.rules.choices import RegulationKind, RegulationStatus
from lvzhi.rules.models import Regulation

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_articles_rules_and_documents(committee, client, member_user):
    today = date(2026, 11, 25)
    demo.seed(DemoContext(today=today, objects={"committee": committee}))
    texts = Regulation.objects.filter(committee=committee)
    revised = texts.filter(kind=RegulationKind.RULE, replaces__isnull=False)
    assert revised.count() == 6
    assert {"政协商州区委员会常务委员会工作规则", "政协商州区委员会委员管理办法"} <= set(
        revised.values_list("title", flat=True)
    )
    assert all(r.replaces.status == RegulationStatus.REVISED and r.change_note for r in revised)
    documents = set(texts.filter(kind=RegulationKind.DOCUMENT).values_list("title", flat=True))
    assert documents == {
        "关于进一步规范十五届政协委员管理机制的意见",
        "关于推动政协工作提质增效助力五区建设的意见",
        "商州区“书香政协”建设暨委员读书活动实施方案（试行）",
    }
    values = evaluate(committee, Period(date(2026, 1, 1), today))
    assert (values["rules_revised"].value, values["rules_issued"].value) == (6, 3)
    (reading,) = attachments_of(texts.get(title__contains="书香政协"))
    assert reading.name == "委员读书活动推荐书目.docx"
    client.force_login(member_user)  # the office's own rules are not for members
    listed = {
        r.title for r in client.get(f"/c/{committee.code}/rules/", {"status": "current"}).context["rows"]
    }
    assert "政协商州区委员会委员管理办法" in listed
    assert "政协商州区委员会机关工作制度" not in listed
