"""Every write of the portal is one service: articles and their 三审, images, blocked words, and the
summary published as an article. Each validates, saves, writes the article's timeline and the audit log.

三审 rules: an article is reviewed at three stages (初审, 复审, 终审) by three different people, none of
whom wrote it (created it); a return sends it back to be edited and a resubmission starts a new round,
whose three reviewers again must differ. Nothing is public before 终审 passes. Blocked words and the spam
check run on every save, submission and pass, so a refused text cannot move forward."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from lvzhi.core.attachments import clean_name
from lvzhi.core.audit import audit_log
from lvzhi.core.figures import Period
from lvzhi.core.permissions import can
from lvzhi.org.models import Committee
from lvzhi.portal.choices import EDITABLE, IN_REVIEW, NEXT_STATE, STAGE_LABEL, State, StepAction
from lvzhi.portal.content import blocked_in, hidden_content, plain_text, sanitize, spam_reasons
from lvzhi.portal.models import Article, ArticleImage, ArticleStep, BlockedWord

ARTICLE_FIELDS = ("title", "summary", "body", "source", "author", "editor", "tags")
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
MAX_IMAGE_BYTES = 10 * 1024 * 1024


# 内容检查 ------------------------------------------------------------------------------------------------


def content_problems(article: Article, *, raw_body: str | None = None) -> dict[str, list[str]]:
    """Why the article's text may not go forward, by field (empty when it may)."""
    words = list(BlockedWord.objects.filter(committee_id=article.committee_id).values_list("word", flat=True))
    # Every field the public page shows: a spam line in 来源 or 相关热词 would render as surely as in the body.
    texts = {
        "title": article.title,
        "summary": article.summary,
        "body": plain_text(article.body),
        "source": article.source,
        "author": article.author,
        "editor": article.editor,
        "tags": article.tags,
    }
    problems: dict[str, list[str]] = {}
    for field, text in texts.items():
        found = [_("含有屏蔽词「%(word)s」。") % {"word": w} for w in blocked_in(text, words)]
        found += spam_reasons(text)
        if found:
            problems[field] = found
    if raw_body is not None:
        hidden = hidden_content(raw_body)
        if hidden:
            problems.setdefault("body", []).extend(hidden)
    return problems


def _check_content(article: Article, *, raw_body: str | None = None) -> None:
    problems = content_problems(article, raw_body=raw_body)
    if problems:
        raise ValidationError(problems)


# 文章 -------------------------------------------------------------------------------------------------


def _fill(article: Article, data: dict[str, Any]) -> str | None:
    raw_body = data.get("body")
    for field in ARTICLE_FIELDS:
        if field in data:
            setattr(article, field, (data[field] or "").strip() if field != "body" else sanitize(data[field]))
    if raw_body is not None and not plain_text(article.body).strip() and "<img" not in article.body:
        raise ValidationError({"body": _("正文不能为空。")})
    return raw_body


@transaction.atomic
def article_create(*, committee: Committee, data: dict[str, Any], by: Any) -> Article:
    """A draft article; its body is sanitized and its text checked before it is saved."""
    article = Article(committee=committee, created_by=by if getattr(by, "pk", None) else None)
    raw_body = _fill(article, data)
    article.full_clean()
    _check_content(article, raw_body=raw_body)
    article.save()
    audit_log("portal_article_create", user=by, obj=article)
    return article


@transaction.atomic
def article_update(
    *, article: Article, data: dict[str, Any], by: Any, expected_version: int | None = None
) -> Article:
    """Edit a draft or a returned article (one in review or published is not edited in place)."""
    if article.state not in EDITABLE:
        raise ValidationError(_("只有草稿或退回修改的文章可以编辑。"))
    article.claim_version(expected_version)
    raw_body = _fill(article, data)
    article.full_clean()
    _check_content(article, raw_body=raw_body)
    article.save()
    audit_log("portal_article_update", user=by, obj=article)
    return article


def _step(article: Article, *, stage: str, action: str, by: Any, reason: str = "") -> ArticleStep:
    return ArticleStep.objects.create(
        committee_id=article.committee_id,
        article=article,
        review_round=article.review_round,
        stage=stage,
        action=action,
        by=by if getattr(by, "pk", None) else None,
        reason=reason,
    )


@transaction.atomic
def article_submit(*, article: Article, by: Any) -> Article:
    """Send a draft (or a returned article) to 初审; a new review round begins."""
    if article.state not in EDITABLE:
        raise ValidationError(_("只有草稿或退回修改的文章可以提交审核。"))
    _check_content(article)
    article.review_round += 1
    article.state = State.FIRST
    article.save(update_fields=["state", "review_round", "updated_at"])
    _step(article, stage=State.DRAFT, action=StepAction.SUBMIT, by=by)
    audit_log("portal_article_submit", user=by, obj=article)
    return article


def reviewers_so_far(article: Article) -> set[int]:
    """Who has passed the article in its current round."""
    return set(
        article.steps.filter(review_round=article.review_round, action=StepAction.PASS).values_list(
            "by_id", flat=True
        )
    )


def review_refusal(article: Article, user: Any) -> str | None:
    """Why ``user`` may not review the article at its current stage (None when they may)."""
    if article.state not in IN_REVIEW:
        return _("这篇文章不在审核中。")
    action = "portal.final_review" if article.state == State.FINAL else "portal.review"
    if not can(user, action, article):
        return _("您没有%(stage)s的权限。") % {"stage": STAGE_LABEL[State(article.state)]}
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return _("撰稿人不能审核自己的文章。")
    if user.pk in reviewers_so_far(article):
        return _("三审须由三位不同的人完成，您已审过本轮的上一环节。")
    return None


@transaction.atomic
def article_review(*, article: Article, by: Any, approve: bool, reason: str = "") -> Article:
    """One review step: pass to the next stage (终审 publishes), or return with a reason."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    refusal = review_refusal(article, by)
    if refusal:
        raise PermissionDenied(refusal)
    stage = State(article.state)
    reason = (reason or "").strip()
    if not approve:
        if not reason:
            raise ValidationError({"reason": _("退回时请填写退回理由。")})
        article.state = State.RETURNED
        article.save(update_fields=["state", "updated_at"])
        _step(article, stage=stage, action=StepAction.RETURN, by=by, reason=reason)
        audit_log("portal_article_return", user=by, obj=article, detail={"stage": stage, "reason": reason})
        return article
    _check_content(article)  # the blocked words may have grown since it was submitted
    article.state = NEXT_STATE[stage]
    if article.state == State.PUBLISHED:
        article.published_at = timezone.now()
    article.save(update_fields=["state", "published_at", "updated_at"])
    _step(article, stage=stage, action=StepAction.PASS, by=by, reason=reason)
    audit_log("portal_article_pass", user=by, obj=article, detail={"stage": stage})
    return article


@transaction.atomic
def article_unpublish(*, article: Article, by: Any, reason: str) -> Article:
    """Take a published article off the public pages; it goes back to be edited and reviewed again."""
    if article.state != State.PUBLISHED:
        raise ValidationError(_("只有已发布的文章可以撤回。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("撤回时请填写理由。")})
    article.state = State.RETURNED
    article.published_at = None
    article.save(update_fields=["state", "published_at", "updated_at"])
    _step(article, stage=State.PUBLISHED, action=StepAction.UNPUBLISH, by=by, reason=reason.strip())
    audit_log("portal_article_unpublish", user=by, obj=article, detail={"reason": reason.strip()})
    return article


# 图片 -------------------------------------------------------------------------------------------------


def _image_format(upload: UploadedFile) -> str:
    """The image format the file really is (by decoding it, not by its name), or a ValidationError."""
    from PIL import Image, UnidentifiedImageError

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            fmt = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError({"file": _("上传的文件不是有效的图片。")}) from exc
    finally:
        upload.seek(0)
    if fmt not in IMAGE_TYPES:
        raise ValidationError({"file": _("只能上传 PNG、JPEG、GIF 或 WebP 图片。")})
    return fmt


@transaction.atomic
def image_add(*, article: Article, upload: UploadedFile, caption: str = "", by: Any) -> ArticleImage:
    if article.state not in EDITABLE:
        raise ValidationError(_("只有草稿或退回修改的文章可以添加图片。"))
    if (upload.size or 0) > MAX_IMAGE_BYTES:
        raise ValidationError({"file": _("图片过大（上限 10 MB）。")})
    fmt = _image_format(upload)
    image = ArticleImage(
        committee_id=article.committee_id,
        article=article,
        content_type=IMAGE_TYPES[fmt],
        caption=(caption or "").strip(),
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    image.file.save(clean_name(upload.name or "image"), upload, save=False)
    image.full_clean()
    image.save()
    audit_log("portal_image_add", user=by, obj=article, detail={"image": image.pk})
    return image


@transaction.atomic
def image_delete(*, image: ArticleImage, by: Any) -> None:
    if image.article.state not in EDITABLE:
        raise ValidationError(_("只有草稿或退回修改的文章可以删除图片。"))
    audit_log("portal_image_delete", user=by, obj=image.article, detail={"image": image.pk})
    image.file.delete(save=False)
    image.delete()


# 屏蔽词 -----------------------------------------------------------------------------------------------


@transaction.atomic
def blocked_word_add(*, committee: Committee, word: str, by: Any) -> BlockedWord:
    word = (word or "").strip()
    if not word:
        raise ValidationError({"word": _("请填写屏蔽词。")})
    if BlockedWord.objects.filter(committee=committee, word=word).exists():
        raise ValidationError({"word": _("屏蔽词「%(word)s」已在列表中。") % {"word": word}})
    item = BlockedWord(committee=committee, word=word)
    item.full_clean()
    item.save()
    audit_log("portal_blocked_word_add", user=by, obj=item, detail={"word": word})
    return item


@transaction.atomic
def blocked_word_delete(*, item: BlockedWord, by: Any) -> None:
    audit_log("portal_blocked_word_delete", user=by, obj=item, detail={"word": item.word})
    item.delete()


# 工作综述 → 文章 ------------------------------------------------------------------------------------------


@transaction.atomic
def article_from_summary(*, committee: Committee, period: Period, by: Any) -> Article:
    """The committee's work summary for a period as a draft article (「…工作综述」), each section a heading
    and a paragraph; it still goes through 三审 like any other article."""
    from lvzhi.reports.summary import build_summary

    summary = build_summary(committee, period)
    parts = [
        f"<h3>{escape(section.heading)}</h3><p>{escape(section.text)}</p>"
        for section in summary.sections
        if section.text
    ]
    if not parts:
        raise ValidationError(_("该期间没有可以写入综述的数据。"))
    start, end = period.start, period.end
    title = _("%(name)s工作综述（%(start)s至%(end)s）") % {
        "name": committee.name,
        "start": f"{start.year}年{start.month}月{start.day}日",
        "end": f"{end.year}年{end.month}月{end.day}日",
    }
    first = next(s.text for s in summary.sections if s.text)
    data = {
        "title": title,
        "summary": first[:200],
        "body": "".join(parts),
        "source": committee.name,
        "tags": _("工作综述"),
    }
    article = article_create(committee=committee, data=data, by=by)
    audit_log("portal_article_from_summary", user=by, obj=article, detail={"period": period.as_dict()})
    return article
