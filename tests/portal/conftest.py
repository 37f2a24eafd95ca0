from __future__ import annotations

import pytest

from lvzhi.core.roles import Role
from lvzhi.portal import services
from tests import factories

SPAM_LINE = "日韩免费AV乱码高清专区,国产一级二级在线,青青青国产精品国产精品美女,欧美日韩高清一区二区三区"


@pytest.fixture
def writer(committee):
    return factories.user_with_role(committee, Role.STAFF, username="writer")


@pytest.fixture
def reviewer(committee):
    """A second staff member, for 初审."""
    return factories.user_with_role(committee, Role.STAFF, username="reviewer")


@pytest.fixture
def article(committee, writer):
    return services.article_create(
        committee=committee,
        data={
            "title": "区政协召开常委会议",
            "summary": "会议审议通过了年度协商计划。",
            "body": "<p>区政协召开十届常委会第五次会议，审议通过年度协商计划。</p>",
            "source": "测试区政协",
            "author": "张记者",
            "editor": "李编辑",
            "tags": "常委会议,协商计划",
        },
        by=writer,
    )


def publish(article, *, first, second, final):
    services.article_submit(article=article, by=article.created_by)
    services.article_review(article=article, by=first, approve=True)
    services.article_review(article=article, by=second, approve=True)
    services.article_review(article=article, by=final, approve=True)
    article.refresh_from_db()
    return article


@pytest.fixture
def published(article, reviewer, staff, leader):
    return publish(article, first=reviewer, second=staff, final=leader)
