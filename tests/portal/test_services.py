from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.figures import Period
from lvzhi.core.models import AuditEvent
from lvzhi.portal import services
from lvzhi.portal.choices import State, StepAction
from lvzhi.portal.models import Article
from tests.portal.conftest import SPAM_LINE, publish


def test_it_publishes_only_after_three_different_reviewers(article, reviewer, staff, leader):
    services.article_submit(article=article, by=article.created_by)
    assert article.state == State.FIRST
    services.article_review(article=article, by=reviewer, approve=True)
    article.refresh_from_db()
    assert article.state == State.SECOND
    assert not Article.objects.published().exists()
    services.article_review(article=article, by=staff, approve=True)
    article.refresh_from_db()
    assert article.state == State.FINAL
    assert not Article.objects.published().exists()
    services.article_review(article=article, by=leader, approve=True)
    article.refresh_from_db()
    assert article.state == State.PUBLISHED
    assert article.published_at is not None
    assert list(Article.objects.published()) == [article]
    assert [(s.stage, s.action) for s in article.steps.all()] == [
        (State.DRAFT, StepAction.SUBMIT),
        (State.FIRST, StepAction.PASS),
        (State.SECOND, StepAction.PASS),
        (State.FINAL, StepAction.PASS),
    ]
    assert AuditEvent.objects.filter(action="portal_article_pass", object_id=str(article.pk)).count() == 3


def test_it_refuses_the_same_reviewer_twice(article, reviewer, leader):
    services.article_submit(article=article, by=article.created_by)
    services.article_review(article=article, by=reviewer, approve=True)
    with pytest.raises(PermissionDenied, match="三位不同"):
        services.article_review(article=article, by=reviewer, approve=True)
    article.refresh_from_db()
    assert article.state == State.SECOND


def test_it_refuses_a_leader_who_passed_an_earlier_stage_at_final(article, reviewer, leader):
    services.article_submit(article=article, by=article.created_by)
    services.article_review(article=article, by=reviewer, approve=True)
    services.article_review(article=article, by=leader, approve=True)
    with pytest.raises(PermissionDenied):
        services.article_review(article=article, by=leader, approve=True)
    assert not Article.objects.published().exists()


def test_it_refuses_the_author_as_reviewer(article, writer):
    services.article_submit(article=article, by=writer)
    with pytest.raises(PermissionDenied, match="撰稿人"):
        services.article_review(article=article, by=writer, approve=True)


def test_it_leaves_final_review_to_leaders(article, reviewer, staff, writer, committee):
    from lvzhi.core.roles import Role
    from tests import factories

    third_staff = factories.user_with_role(committee, Role.STAFF, username="third")
    services.article_submit(article=article, by=writer)
    services.article_review(article=article, by=reviewer, approve=True)
    services.article_review(article=article, by=staff, approve=True)
    with pytest.raises(PermissionDenied, match="终审"):
        services.article_review(article=article, by=third_staff, approve=True)


def test_it_refuses_a_member_reviewer(article, member_user):
    services.article_submit(article=article, by=article.created_by)
    with pytest.raises(PermissionDenied):
        services.article_review(article=article, by=member_user, approve=True)


def test_a_return_sends_it_back_with_its_reason_and_a_new_round_starts(article, reviewer, staff, leader):
    services.article_submit(article=article, by=article.created_by)
    services.article_review(article=article, by=reviewer, approve=True)
    with pytest.raises(ValidationError):
        services.article_review(article=article, by=staff, approve=False)
    services.article_review(article=article, by=staff, approve=False, reason="数据需要核实")
    article.refresh_from_db()
    assert article.state == State.RETURNED
    step = article.steps.get(action=StepAction.RETURN)
    assert step.reason == "数据需要核实"
    assert step.stage == State.SECOND
    services.article_update(
        article=article, data={"title": "区政协召开常委会议（修订）"}, by=article.created_by
    )
    publish(
        article, first=reviewer, second=staff, final=leader
    )  # the earlier round's reviewer may review again
    assert article.state == State.PUBLISHED
    assert article.review_round == 2


def test_nothing_in_review_is_edited(article):
    services.article_submit(article=article, by=article.created_by)
    with pytest.raises(ValidationError):
        services.article_update(article=article, data={"title": "改"}, by=article.created_by)


def test_it_sanitizes_the_body_on_save(committee, writer):
    article = services.article_create(
        committee=committee,
        data={
            "title": "测试",
            "body": '<p onclick="x()">正文</p><script>alert(1)</script><img src="x" onerror="alert(2)">'
            '<a href="javascript:alert(3)">链接</a><style>p{}</style>',
        },
        by=writer,
    )
    assert "script" not in article.body
    assert "onerror" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "style" not in article.body
    assert "<p>正文</p>" in article.body
    assert '<img src="x">' in article.body


def test_it_refuses_the_spam_line_of_the_source_article(committee, writer):
    with pytest.raises(ValidationError) as exc:
        services.article_create(
            committee=committee, data={"title": "新闻", "body": f"<p>{SPAM_LINE}</p><p>正文。</p>"}, by=writer
        )
    assert "疑似垃圾广告" in str(exc.value.message_dict["body"])
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "国产精品国产精品最新资讯",
        '<p>正文。</p><div style="display:none"><a href="http://x.example">链接</a></div>',
    ],
)
def test_it_refuses_stuffing_and_hidden_links(committee, writer, text):
    with pytest.raises(ValidationError):
        services.article_create(committee=committee, data={"title": "新闻", "body": text}, by=writer)


SOURCE_PARAGRAPHS = [
    "党建引领“强起来” 履职实践“实起来”——商洛市商州区政协强党建促履职工作综述",
    "2023-05-24 20:07:34  来源:各界新闻网",
    "坚持党的领导是人民政协事业发展的根本保证，也是人民政协必须恪守的根本政治原则。",
    "加强组织建设 做优政协党建",
    "打铁还需自身硬。让政协作用得到充分彰显需要政协组织自身的不断完善。",
    "(实习记者 寇静 记者 王斌 通讯员 孟涛)",
]


def test_it_accepts_the_source_articles_own_text(committee, writer):
    body = "".join(f"<p>{line}</p>" for line in SOURCE_PARAGRAPHS)
    article = services.article_create(
        committee=committee, data={"title": "工作综述", "body": body}, by=writer
    )
    assert article.pk


def test_blocked_words_refuse_saving_and_passing(committee, article, writer, staff, reviewer):
    services.blocked_word_add(committee=committee, word="博彩", by=staff)
    with pytest.raises(ValidationError, match="屏蔽词「博彩」"):
        services.article_create(
            committee=committee, data={"title": "新闻", "body": "<p>网上博彩平台</p>"}, by=writer
        )
    services.article_submit(article=article, by=writer)
    services.blocked_word_add(committee=committee, word="常委会议", by=staff)  # added while in review
    with pytest.raises(ValidationError):
        services.article_review(article=article, by=reviewer, approve=True)
    article.refresh_from_db()
    assert article.state == State.FIRST


def test_blocked_words_are_per_committee(committee, other_committee, writer, staff):
    services.blocked_word_add(committee=other_committee, word="会议", by=staff)
    services.article_create(committee=committee, data={"title": "会议", "body": "<p>会议</p>"}, by=writer)


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_it_accepts_images_and_refuses_other_files(article, writer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = services.image_add(
        article=article, upload=SimpleUploadedFile("photo.png", _png()), caption="会场", by=writer
    )
    assert image.content_type == "image/png"
    with pytest.raises(ValidationError, match="不是有效的图片"):
        services.image_add(article=article, upload=SimpleUploadedFile("evil.png", b"<script>"), by=writer)


def test_it_makes_a_draft_from_the_summary(committee, staff):
    article = services.article_from_summary(
        committee=committee, period=Period(date(2026, 1, 1), date(2026, 12, 31)), by=staff
    )
    assert article.state == State.DRAFT
    assert article.title.startswith("测试区政协工作综述")
    assert "<h3>" in article.body
