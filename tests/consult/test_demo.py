"""The demo holds the article's consultations and their suggestion counts, every status, the plan and
the studios, with no date in the future."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Max, Q
from django.utils import timezone

from lvzhi.consult.choices import SuggestionStatus
from lvzhi.consult.models import AnnualPlan, Consultation, Studio, Suggestion
from lvzhi.core.demo import DEMO_CODE
from lvzhi.core.figures import evaluate
from lvzhi.org.models import Committee
from lvzhi.reports.summary import default_period

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_articles_consultations(client):
    call_command("demo", "--no-serve")
    committee = Committee.objects.get(code=DEMO_CODE)
    today = timezone.localdate()
    suggestions = Suggestion.objects.filter(committee=committee)

    research = Consultation.objects.get(committee=committee, form__code="zhuanti_diaoyan")
    assert research.topic == "加快现代服务业发展"
    assert research.suggestions.count() == 17
    micro = suggestions.filter(consultation__form__code="wei_xieshang")
    assert 20 <= micro.count() < 30
    assert (
        Consultation.objects.filter(
            committee=committee, form__code="wei_xieshang", studio__isnull=False
        ).count()
        == 2
    )
    assert 150 <= suggestions.filter(consultation__form__code="jiebie").count() < 160
    assert set(suggestions.values_list("status", flat=True)) == set(SuggestionStatus.values)
    assert not suggestions.filter(status__in=["replied", "adopted", "partly", "reference"], reply="").exists()
    assert suggestions.filter(title__contains="供暖").exists()

    plan = AnnualPlan.objects.get(committee=committee, year=today.year)
    items = list(plan.items.all())
    done = [i for i in items if i.consultations.exists()]
    assert len(done) > len(items) / 2
    assert len(done) < len(items)

    studios = Studio.objects.filter(committee=committee)
    assert studios.count() == 3
    assert all(s.members.count() >= 5 and s.logs.exists() for s in studios)

    for model, field in (
        (Consultation, "start_on"),
        (Suggestion, "submitted_on"),
        (Suggestion, "replied_on"),
    ):
        latest = model.objects.filter(committee=committee).aggregate(m=Max(field))["m"]
        assert latest <= today

    period = default_period(committee, today)
    values = evaluate(committee, period)
    assert values["suggestions_by_form.zhuanti_diaoyan"].value == 17
    assert values["suggestions"].value == suggestions.within(period.start, period.end).count()
    assert values["consultations"].value == 7

    client.post("/accounts/login/", {"username": "demo-staff", "password": "Lvzhi@Demo2026"})
    page = client.get(f"/c/{DEMO_CODE}/suggestions/", {"q": "供暖"})
    heating = suggestions.filter(Q(title__contains="供暖") | Q(text__contains="供暖"))
    assert heating.exists()
    assert page.context["page_obj"].paginator.count == heating.count()
    assert all("供暖" in s.title + s.text for s in page.context["page_obj"])
