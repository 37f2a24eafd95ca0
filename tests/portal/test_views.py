from __future__ import annotations

import re
from datetime import date

from django.urls import reverse

from lvzhi.core import figures
from lvzhi.core.figures import Period
from lvzhi.portal import services
from lvzhi.portal.choices import State
from lvzhi.portal.models import Article, BlockedWord
from tests import factories
from tests.portal.conftest import SPAM_LINE, publish


def _public(article):
    return reverse("portal:public_article", kwargs={"committee": article.committee.code, "pk": article.pk})


def _staff_url(name, committee, **kw):
    return reverse(f"portal:{name}", kwargs={"committee": committee.code, **kw})


def test_anonymous_see_only_published_articles(client, article, reviewer, staff, leader):
    list_url = reverse("portal:public_list", kwargs={"committee": article.committee.code})
    assert client.get(_public(article)).status_code == 404  # a draft
    services.article_submit(article=article, by=article.created_by)
    services.article_review(article=article, by=reviewer, approve=True)
    services.article_review(article=article, by=staff, approve=True)
    assert client.get(_public(article)).status_code == 404  # passed 初审 and 复审, waiting for 终审
    assert article.title not in client.get(list_url).content.decode()
    services.article_review(article=article, by=leader, approve=True)
    page = client.get(_public(article))
    assert page.status_code == 200
    assert article.title in page.content.decode()
    assert article.title in client.get(list_url).content.decode()


def test_logged_in_staff_see_no_drafts_on_the_public_pages(client, article, writer):
    client.force_login(writer)
    assert client.get(_public(article)).status_code == 404


def test_public_pages_are_cacheable_and_carry_nothing_per_user(client, published):
    response = client.get(_public(published))
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "X-CSRFToken" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
    assert "Content-Security-Policy" in response
    assert "sessionid" not in response.cookies
    assert "csrftoken" not in response.cookies


def test_injected_script_and_onerror_never_render(client, committee, writer, reviewer, staff, leader):
    article = services.article_create(
        committee=committee,
        data={
            "title": "<script>alert('标题')</script>区政协新闻",
            "summary": '<img src=x onerror="alert(1)">摘要',
            "body": '<p>正文第一段。</p><script>alert("正文")</script><img src="/x.png" onerror="alert(2)">',
        },
        by=writer,
    )
    publish(article, first=reviewer, second=staff, final=leader)
    html = client.get(_public(article)).content.decode()
    assert "&lt;script&gt;alert(&#x27;标题&#x27;)&lt;/script&gt;区政协新闻" in html  # the title, escaped
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;摘要" in html  # the summary, escaped
    assert '<p>正文第一段。</p><img src="/x.png">' in html  # the body, sanitized
    assert "<script>alert" not in html
    assert 'onerror="alert' not in html
    assert 'alert("正文")' not in html


def test_script_in_every_shown_field_is_escaped_on_the_public_pages(
    client, committee, writer, reviewer, staff, leader
):
    script = "<script>alert(1)</script>"
    article = services.article_create(
        committee=committee,
        data={
            "title": "区政协新闻",
            "body": "<p>正文。</p>",
            "source": f"{script}来源",
            "author": f"{script}作者",
            "editor": f"{script}编辑",
            "tags": f"{script}热词,调研",
        },
        by=writer,
    )
    publish(article, first=reviewer, second=staff, final=leader)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    page = client.get(_public(article)).content.decode()
    for text in ("来源", "作者", "编辑", "热词"):
        assert f"{escaped}{text}" in page, text
    assert script not in page
    feed = client.get(reverse("portal:feed", kwargs={"committee": committee.code})).content.decode()
    assert script not in feed


def test_the_spam_line_in_any_field_is_refused_with_the_reason_on_that_field(client, writer, committee):
    client.force_login(writer)
    base = {"title": "区政协开展调研", "body": "<p>区政协组织委员开展专题调研。</p>"}
    for field in ("title", "summary", "body", "source", "author", "editor", "tags"):
        value = f"<p>{SPAM_LINE}</p>" if field == "body" else SPAM_LINE[:100]
        response = client.post(_staff_url("article_create", committee), {**base, field: value})
        assert response.status_code == 200, field
        errors = response.context["form"].errors
        assert field in errors, field
        assert "疑似垃圾广告" in " ".join(errors[field]), field
        assert "疑似垃圾广告" in response.content.decode(), field  # shown to the editor
    assert not Article.objects.exists()


def test_the_feed_lists_only_published_articles(client, committee, published, writer):
    draft = services.article_create(
        committee=committee, data={"title": "尚未审核的稿件", "body": "<p>草稿。</p>"}, by=writer
    )
    response = client.get(reverse("portal:feed", kwargs={"committee": committee.code}))
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert published.title in body
    assert draft.title not in body


def test_an_unknown_committee_is_404_publicly(client, db):
    assert client.get(reverse("portal:public_list", kwargs={"committee": "nowhere"})).status_code == 404


def test_outsiders_get_404_on_staff_pages(client, outsider, article):
    client.force_login(outsider)
    c = article.committee
    assert client.get(_staff_url("articles", c)).status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 404
    assert (
        client.post(_staff_url("article_review", c, pk=article.pk), {"decision": "pass"}).status_code == 404
    )
    assert client.get(_staff_url("blocked_words", c)).status_code == 404


def test_a_member_cannot_review_or_write(client, member_user, article):
    services.article_submit(article=article, by=article.created_by)
    client.force_login(member_user)
    c = article.committee
    assert (
        client.post(_staff_url("article_review", c, pk=article.pk), {"decision": "pass"}).status_code == 403
    )
    assert client.get(_staff_url("article_create", c)).status_code == 403
    assert client.post(_staff_url("blocked_words", c), {"word": "x"}).status_code == 403
    article.refresh_from_db()
    assert article.state == State.FIRST


def test_staff_write_and_see_the_spam_reason(client, writer, committee):
    client.force_login(writer)
    response = client.post(
        _staff_url("article_create", committee), {"title": "新闻", "body": f"<p>{SPAM_LINE}</p>"}
    )
    assert response.status_code == 200
    assert "疑似垃圾广告" in response.content.decode()
    assert not Article.objects.exists()
    response = client.post(
        _staff_url("article_create", committee),
        {"title": "区政协开展调研", "body": "<p>区政协组织委员开展专题调研。</p>", "tags": "调研"},
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.created_by == writer


def test_a_stale_edit_is_refused(client, writer, article):
    client.force_login(writer)
    url = _staff_url("article_edit", article.committee, pk=article.pk)
    data = {"title": "第一次修改", "body": "<p>正文。</p>", "version": article.version}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "title": "旧页面上的修改"})
    assert "已被他人修改" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "第一次修改"


def test_the_review_pages_walk_three_reviewers(client, article, reviewer, staff, leader):
    services.article_submit(article=article, by=article.created_by)
    url = _staff_url("article_review", article.committee, pk=article.pk)
    for user in (reviewer, staff, leader):
        client.force_login(user)
        assert client.post(url, {"decision": "pass", "reason": "同意"}).status_code == 302
    article.refresh_from_db()
    assert article.state == State.PUBLISHED
    # the same reviewer again is refused with the reason on the page
    client.force_login(reviewer)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "第1轮" in page
    assert "终审" in page


def test_a_reviewer_cannot_pass_twice_through_the_page(client, article, reviewer):
    services.article_submit(article=article, by=article.created_by)
    url = _staff_url("article_review", article.committee, pk=article.pk)
    client.force_login(reviewer)
    client.post(url, {"decision": "pass"})
    response = client.post(url, {"decision": "pass"}, follow=True)
    assert "三位不同" in response.content.decode()
    article.refresh_from_db()
    assert article.state == State.SECOND


def test_staff_keep_the_blocked_words(client, staff, committee):
    client.force_login(staff)
    url = _staff_url("blocked_words", committee)
    assert client.post(url, {"word": "博彩"}).status_code == 302
    word = BlockedWord.objects.get(committee=committee)
    assert "博彩" in client.get(url).content.decode()
    client.post(_staff_url("blocked_word_delete", committee, pk=word.pk))
    assert not BlockedWord.objects.exists()


def test_the_list_offers_the_summary_button_and_it_makes_a_draft(client, staff, committee):
    client.force_login(staff)
    page = client.get(_staff_url("articles", committee)).content.decode()
    assert 'id="from-summary"' in page
    response = client.post(
        _staff_url("from_summary", committee), {"start": "2026-01-01", "end": "2026-06-30"}
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.state == State.DRAFT
    assert "工作综述" in article.title


def test_the_list_filters_by_state(
    client, staff, published, committee, writer, django_assert_max_num_queries
):
    services.article_create(
        committee=committee, data={"title": "草稿一篇", "body": "<p>草稿。</p>"}, by=writer
    )
    client.force_login(staff)
    with django_assert_max_num_queries(30):
        page = client.get(_staff_url("articles", committee), {"state": "draft"}).content.decode()
    assert "草稿一篇" in page
    assert published.title not in page


def test_a_summary_article_reaches_the_public_only_through_three_reviews(
    client, committee, staff, reviewer, leader, writer
):
    for _i in range(3):
        factories.make_member(committee)
    client.force_login(writer)
    response = client.post(
        _staff_url("from_summary", committee), {"start": "2026-01-01", "end": "2026-12-31"}
    )
    article = Article.objects.get()
    assert response.url == article.get_absolute_url()
    client.logout()
    assert client.get(_public(article)).status_code == 404  # a draft
    services.article_submit(article=article, by=writer)
    for n, user in enumerate((reviewer, staff, leader)):
        assert client.get(_public(article)).status_code == 404, n  # not before all three passed
        services.article_review(article=article, by=user, approve=True)
    page = client.get(_public(article)).content.decode()
    members = figures.evaluate(committee, Period(date(2026, 1, 1), date(2026, 12, 31)), ["members"])
    assert members["members"].value == 3
    assert members["members"].sentence in page  # the summary's numbers, from the records
    assert article.steps.count() == 4  # submitted, then three passes, each logged


def test_the_summary_page_publishes_itself_as_a_draft_in_one_step(client, committee, staff):
    from lvzhi.portal.models import Article

    client.force_login(staff)
    page = client.get(f"/c/{committee.code}/summary/", {"year": 2026}).content.decode()
    assert 'id="publish-summary"' in page
    response = client.post(
        f"/c/{committee.code}/portal/from-summary/", {"start": "2026-01-01", "end": "2026-12-31"}
    )
    article = Article.objects.get()
    assert response.url == article.get_absolute_url()
    assert article.state == "draft"
