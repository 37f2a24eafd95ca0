"""The public portal: a committee's published articles, without login. The pages carry nothing per user
(no session, no CSRF token, no inline script), so a proxy may cache them; drafts and articles in review
are 404 here whoever asks."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from lvzhi.core.permissions import can
from lvzhi.org.models import Committee
from lvzhi.portal.models import Article, ArticleImage

PAGE_SIZE = 10
MAX_AGE = 300  # five minutes: a withdrawn article leaves caches soon


def _committee(code: str) -> Committee:
    return get_object_or_404(Committee, code=code)


public = cache_control(public=True, max_age=MAX_AGE)


@require_safe
@public
def article_list(request: HttpRequest, committee: str) -> HttpResponse:
    c = _committee(committee)
    qs = Article.objects.published().filter(committee=c).order_by("-published_at", "-id")
    page = Paginator(
        qs.only("id", "title", "summary", "source", "published_at", "committee_id"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "portal/public_list.html", {"c": c, "page_obj": page})


@require_safe
@public
def article_page(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = _committee(committee)
    article = get_object_or_404(Article.objects.published().filter(committee=c), pk=pk)
    return render(
        request, "portal/public_article.html", {"c": c, "article": article, "images": article.images.all()}
    )


@require_safe
def image(request: HttpRequest, committee: str, pk: int) -> FileResponse:
    """An article's image: public once the article is published, else only for those who read it."""
    c = _committee(committee)
    item = get_object_or_404(ArticleImage.objects.filter(committee=c).select_related("article"), pk=pk)
    published = Article.objects.published().filter(pk=item.article_id).exists()
    if not published:
        readable = Article.objects.visible_to(request.user).filter(pk=item.article_id).exists()
        if not (readable and can(request.user, "portal.view", item.article)):
            raise Http404
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}" if published else "private, no-store"
    return response


class ArticleFeed(Feed):
    """RSS 2.0 of a committee's latest published articles."""

    feed_type = Rss201rev2Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = f"public, max-age={MAX_AGE}"
        return response

    def get_object(self, request: HttpRequest, committee: str) -> Committee:
        return _committee(committee)

    def title(self, obj: Committee) -> str:
        return _("%(name)s · 新闻") % {"name": obj.name}

    def link(self, obj: Committee) -> str:
        from django.urls import reverse

        return reverse("portal:public_list", kwargs={"committee": obj.code})

    def description(self, obj: Committee) -> str:
        return _("%(name)s发布的新闻") % {"name": obj.name}

    def items(self, obj: Committee) -> Any:
        return Article.objects.published().filter(committee=obj).select_related("committee")[:20]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        return item.public_url()

    def item_pubdate(self, item: Article) -> Any:
        return item.published_at

    def item_author_name(self, item: Article) -> str:
        return item.author

    def item_categories(self, item: Article) -> list[str]:
        return item.tag_list
