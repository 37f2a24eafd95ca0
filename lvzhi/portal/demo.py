"""Demo portal: news of the committee's activities passed through 三审 by three reviewers and published,
one article waiting for 复审, one returned with its reason, the summary published as an article, and a
short blocked-word list. Two more office accounts review (初审, 复审); the leader does 终审."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lvzhi.accounts.models import RoleAssignment, User
from lvzhi.accounts.services import user_create
from lvzhi.core.demo import DEMO_PASSWORD, DemoContext
from lvzhi.core.roles import Role
from lvzhi.org.models import Person
from lvzhi.portal import services
from lvzhi.portal.models import Article
from lvzhi.reports.summary import default_period

ORDER = 95  # after every app that feeds the summary

BLOCKED = ["博彩", "代开发票", "乱码高清", "国产精品"]

NEWS = [
    (
        "区政协召开常委会议专题学习党的二十大精神",
        "区政协召开常委会议，专题学习党的二十大精神，安排部署年度重点工作。",
        "<p>近日，区政协召开常委会议，专题学习党的二十大精神。会议强调，要坚持党的领导，"
        "把学习成果转化为履职尽责的实际成效。</p><p>会议审议通过了年度协商计划和重点工作安排。</p>",
        "常委会议,理论学习",
    ),
    (
        "“四带头四争做”党建主题活动启动",
        "区政协机关党组启动“四带头四争做”党建主题活动，推动党建与履职深度融合。",
        "<p>区政协机关党组召开动员会，启动“四带头四争做”党建主题活动。各专委会功能型党支部"
        "结合自身特点制定活动方案，引导党员委员在履职中带头示范。</p>",
        "党建,四带头四争做",
    ),
    (
        "政协委员深入重点项目开展现场督导",
        "区政协领导带领委员深入重点项目一线，协调解决项目推进中的困难和问题。",
        "<p>区政协主席会成员分别带领委员深入联系包抓的重点项目一线，实地察看项目进展，"
        "听取企业意见，现场协调解决用地、用工等方面的问题。</p>",
        "联系包抓,重点项目",
    ),
    (
        "书香政协读书分享会举行",
        "区政协举办书香政协读书分享会，委员交流读书心得。",
        "<p>区政协举办“书香政协”读书分享会，委员们围绕经典著作交流读书心得，表示要在学习中提升履职能力。</p>",
        "书香政协,读书",
    ),
]


def _reviewer(ctx: DemoContext, username: str, person: Person) -> User:
    committee = ctx.objects["committee"]
    user, _password = user_create(
        username=username, password=DEMO_PASSWORD, person=person, must_change_password=False
    )
    RoleAssignment.objects.create(user=user, committee=committee, role=Role.STAFF)
    ctx.accounts.append((username, str(Role.STAFF.label), committee.name))
    return user


def seed(ctx: DemoContext) -> None:
    committee = ctx.objects["committee"]
    staff_people = ctx.objects["staff_people"]
    writer = User.objects.get(username="demo-staff")
    leader = User.objects.get(username="demo-leader")
    first = _reviewer(ctx, "demo-editor", staff_people[4])
    second = _reviewer(ctx, "demo-reviewer", staff_people[5])

    for word in BLOCKED:
        services.blocked_word_add(committee=committee, word=word, by=writer)

    def write(title: str, summary: str, body: str, tags: str) -> Article:
        return services.article_create(
            committee=committee,
            data={
                "title": title,
                "summary": summary,
                "body": body,
                "source": committee.name,
                "author": "区政协办公室",
                "editor": "区政协委员联络室",
                "tags": tags,
            },
            by=writer,
        )

    published = []
    for n, (title, lead, body, tags) in enumerate(NEWS[:3]):
        article = write(title, lead, body, tags)
        services.article_submit(article=article, by=writer)
        for reviewer in (first, second, leader):
            article = services.article_review(article=article, by=reviewer, approve=True, reason="同意")
        # Spread the publication dates over the past months (the timeline keeps the real order).
        Article.objects.filter(pk=article.pk).update(
            published_at=timezone.now() - timedelta(days=40 * (3 - n))
        )
        published.append(article)

    in_review = write(*NEWS[3])
    services.article_submit(article=in_review, by=writer)
    services.article_review(article=in_review, by=first, approve=True, reason="同意，请复审")

    returned = write(
        "区政协开展为民服务活动",
        "区政协组织委员开展为民服务活动。",
        "<p>区政协组织委员深入社区开展义诊、法律咨询等为民服务活动，受益群众众多。</p>",
        "为民服务",
    )
    services.article_submit(article=returned, by=writer)
    services.article_review(
        article=returned, by=first, approve=False, reason="“受益群众众多”请写明人数，并注明数据来源"
    )

    summary = services.article_from_summary(
        committee=committee, period=default_period(committee, ctx.today), by=writer
    )
    services.article_submit(article=summary, by=writer)
    for reviewer in (first, second, leader):
        services.article_review(article=summary, by=reviewer, approve=True, reason="同意")
    ctx.objects.update(
        portal_published=[*published, summary], portal_in_review=in_review, portal_returned=returned
    )
