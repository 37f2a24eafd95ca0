"""The demo's portal: published news, one in review, one returned, the summary published as an article."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from lvzhi.core.demo import DEMO_CODE
from lvzhi.org.models import Committee
from lvzhi.portal.choices import State, StepAction
from lvzhi.portal.models import Article

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_news_and_its_summary(client):
    call_command("demo", "--no-serve")
    committee = Committee.objects.get(code=DEMO_CODE)
    articles = Article.objects.filter(committee=committee)
    published = articles.published()
    assert published.count() == 4
    for article in published:
        passes = article.steps.filter(action=StepAction.PASS)
        assert passes.count() == 3
        assert len(set(passes.values_list("by_id", flat=True))) == 3
        assert article.created_by_id not in set(passes.values_list("by_id", flat=True))
    assert articles.filter(state=State.SECOND).count() == 1
    returned = articles.get(state=State.RETURNED)
    assert returned.steps.get(action=StepAction.RETURN).reason
    summary = published.get(title__contains="工作综述")
    page = client.get(reverse("portal:public_article", kwargs={"committee": DEMO_CODE, "pk": summary.pk}))
    assert page.status_code == 200
    assert "209" in page.content.decode()  # the summary's members figure is in the public text
    listing = client.get(reverse("portal:public_list", kwargs={"committee": DEMO_CODE})).content.decode()
    assert returned.title not in listing
