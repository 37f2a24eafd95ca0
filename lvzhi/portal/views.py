"""Staff pages of the portal: articles by state, writing and editing, the 三审 actions, images, the
blocked words, and a summary turned into a draft article."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import add_service_errors, committee_for, require
from lvzhi.org.models import Committee
from lvzhi.portal import services
from lvzhi.portal.choices import EDITABLE, IN_REVIEW, STAGE_LABEL, State
from lvzhi.portal.forms import (
    ArticleForm,
    BlockedWordForm,
    ImageForm,
    ReasonForm,
    ReviewForm,
    SummaryPeriodForm,
)
from lvzhi.portal.models import Article, ArticleImage, BlockedWord

PAGE_SIZE = 50


def _url(name: str, c: Committee, **kwargs: Any) -> str:
    return reverse(f"portal:{name}", kwargs={"committee": c.code, **kwargs})


def _crumbs(c: Committee, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(c.name, None), (_("门户文章"), _url("articles", c)), *tail]


def _article(request: HttpRequest, c: Committee, pk: int) -> Article:
    return get_object_or_404(
        Article.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("committee", "created_by"),
        pk=pk,
    )


def _error_messages(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def articles(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "portal.view")
    qs = Article.objects.visible_to(request.user).filter(committee=c)
    counts = dict(qs.values_list("state").annotate(n=Count("id")).order_by())
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    rows = qs.select_related("created_by").order_by("-updated_at", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    from lvzhi.reports.summary import default_period

    period = default_period(c, today)
    return render(
        request,
        "portal/articles.html",
        {
            "page_obj": page,
            "state": state,
            "states": [(value, label, counts.get(value, 0)) for value, label in State.choices],
            "total": sum(counts.values()),
            "can_write": can(request.user, "portal.write", c),
            "can_settings": can(request.user, "portal.settings", c),
            "summary_form": SummaryPeriodForm(initial={"start": period.start, "end": period.end}),
            "breadcrumbs": [(c.name, None), (_("门户文章"), None)],
        },
    )


def _article_form_page(
    request: HttpRequest, c: Committee, form: ArticleForm, title: str, article: Article | None = None
) -> HttpResponse:
    tail: list[tuple[str, str | None]] = []
    if article is not None:
        tail.append((article.title, article.get_absolute_url()))
    tail.append((title, None))
    return render(
        request,
        "portal/article_form.html",
        {"form": form, "title": title, "article": article, "breadcrumbs": _crumbs(c, *tail)},
    )


@login_required
def article_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "portal.write")
    form = ArticleForm(request.POST or None, initial={"source": c.name})
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(committee=c, data=form.service_data(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存草稿。"))
            return redirect(article)
    return _article_form_page(request, c, form, _("撰写文章"))


@login_required
def article_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "portal.view")
    article = _article(request, c, pk)
    require(request, "portal.write", article)
    if article.state not in EDITABLE:
        messages.error(request, _("只有草稿或退回修改的文章可以编辑。"))
        return redirect(article)
    initial = {f: getattr(article, f) for f in services.ARTICLE_FIELDS}
    initial["version"] = article.version
    form = ArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(
                article=article,
                data=form.service_data(),
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(article)
    return _article_form_page(request, c, form, _("编辑文章"), article)


@login_required
def article_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "portal.view")
    article = _article(request, c, pk)
    in_review = article.state in IN_REVIEW
    refusal = services.review_refusal(article, request.user) if in_review else None
    return render(
        request,
        "portal/article_detail.html",
        {
            "article": article,
            "steps": article.steps.select_related("by", "by__person"),
            "images": article.images.all(),
            "problems": services.content_problems(article) if article.state in EDITABLE else {},
            "editable": article.state in EDITABLE and can(request.user, "portal.write", article),
            "in_review": in_review,
            "stage": STAGE_LABEL.get(State(article.state)),
            "review_refusal": refusal,
            "review_form": ReviewForm() if in_review and refusal is None else None,
            "can_unpublish": article.state == State.PUBLISHED
            and can(request.user, "portal.final_review", article),
            "reason_form": ReasonForm(),
            "image_form": ImageForm(),
            "breadcrumbs": _crumbs(c, (article.title, None)),
        },
    )


@login_required
@require_POST
def article_submit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "portal.view")
    article = _article(request, c, pk)
    require(request, "portal.write", article)
    try:
        services.article_submit(article=article, by=request.user)
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, _("已提交初审。"))
    return redirect(article)


@login_required
@require_POST
def article_review(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "portal.view")
    article = _article(request, c, pk)
    if not (can(request.user, "portal.review", article) or can(request.user, "portal.final_review", article)):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审核意见。"))
        return redirect(article)
    approve = form.cleaned_data["decision"] == "pass"
    try:
        article = services.article_review(
            article=article, by=request.user, approve=approve, reason=form.cleaned_data["reason"]
        )
    except PermissionDenied as exc:  # the author, or a reviewer of an earlier stage of this round
        messages.error(request, str(exc) or _("您不能审核这篇文章。"))
        return redirect(article)
    except ValidationError as exc:
        _error_messages(request, exc)
        return redirect(article)
    if not approve:
        messages.success(request, _("已退回修改。"))
    elif article.state == State.PUBLISHED:
        messages.success(request, _("终审通过，文章已发布。"))
    else:
        messages.success(request, _("已通过，转%(stage)s。") % {"stage": STAGE_LABEL[State(article.state)]})
    return redirect(article)


@login_required
@require_POST
def article_unpublish(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "portal.view")
    article = _article(request, c, pk)
    require(request, "portal.final_review", article)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("撤回时请填写理由。"))
        services.article_unpublish(article=article, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, _("已撤回发布。"))
    return redirect(article)


@login_required
@require_POST
def image_add(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "portal.view")
    article = _article(request, c, pk)
    require(request, "portal.write", article)
    form = ImageForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("请选择要上传的图片。"))
        services.image_add(
            article=article,
            upload=form.cleaned_data["file"],
            caption=form.cleaned_data["caption"],
            by=request.user,
        )
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, _("已上传图片。"))
    return redirect(article)


@login_required
@require_POST
def image_delete(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "portal.view")
    item = get_object_or_404(ArticleImage.objects.visible_to(request.user).filter(committee=c), pk=pk)
    require(request, "portal.write", item)
    try:
        services.image_delete(image=item, by=request.user)
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, _("已删除图片。"))
    return redirect(item.article)


@login_required
def blocked_words(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "portal.settings")
    form = BlockedWordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.blocked_word_add(committee=c, word=form.cleaned_data["word"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已添加屏蔽词。"))
            return redirect(_url("blocked_words", c))
    return render(
        request,
        "portal/blocked_words.html",
        {
            "form": form,
            "rows": BlockedWord.objects.visible_to(request.user).filter(committee=c),
            "breadcrumbs": _crumbs(c, (_("屏蔽词"), None)),
        },
    )


@login_required
@require_POST
def blocked_word_delete(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "portal.settings")
    item = get_object_or_404(BlockedWord.objects.visible_to(request.user).filter(committee=c), pk=pk)
    services.blocked_word_delete(item=item, by=request.user)
    messages.success(request, _("已删除屏蔽词。"))
    return redirect(_url("blocked_words", c))


@login_required
@require_POST
def from_summary(request: HttpRequest, committee: str) -> HttpResponse:
    """The work summary of a period as a draft article, in one step."""
    c = committee_for(request, committee, "portal.write")
    form = SummaryPeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写正确的统计期间。"))
        return redirect(_url("articles", c))
    from lvzhi.core.figures import Period

    period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
    try:
        article = services.article_from_summary(committee=c, period=period, by=request.user)
    except ValidationError as exc:
        _error_messages(request, exc)
        return redirect(_url("articles", c))
    messages.success(request, _("已由工作综述生成文章草稿，请核对后提交审核。"))
    return redirect(article)
