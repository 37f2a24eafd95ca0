"""While a member drafts, earlier proposals like theirs are shown; the list's search finds Chinese words.
Both run on the database's own full-text index (FTS5 on SQLite, GIN on PostgreSQL)."""

from __future__ import annotations

import pytest

from lvzhi.proposals import services
from lvzhi.proposals.choices import Category
from tests.proposals.helpers import draft

pytestmark = pytest.mark.django_db

EARLIER = [
    (
        "关于加快城区老旧小区集中供暖管网改造的建议",
        "城区老旧小区供暖管网老化锈蚀，跑冒滴漏，冬季室温不达标。",
        "分年度改造供暖管网，落实财政补助。",
        Category.URBAN,
    ),
    (
        "关于增加普惠性幼儿园学位的建议",
        "城区普惠性幼儿园学位紧张，民办园收费高，入园难。",
        "新建改扩建公办园，扶持普惠性民办园。",
        Category.EDUCATION,
    ),
    (
        "关于缓解城区停车难的建议",
        "城区停车位缺口大，占道停车严重。",
        "建设立体停车场，错时共享停车位。",
        Category.URBAN,
    ),
]


@pytest.fixture
def earlier(committee, session, staff, lead_member):
    made = []
    for title, reasons, measures, category in EARLIER:
        p = draft(
            committee, lead_member, staff, title=title, reasons=reasons, measures=measures, category=category
        )
        services.proposal_submit(proposal=p, by=staff)
        made.append(p)
    draft(
        committee, lead_member, staff, title="关于供暖的草稿不应被找到"
    )  # drafts are nobody else's business
    return made


def test_a_reworded_duplicate_finds_the_earlier_proposal_and_not_an_unrelated_one(
    client, committee, member_user, earlier
):
    client.force_login(member_user)
    response = client.get(
        f"/c/{committee.code}/proposals/similar/",
        {
            "title": "关于改造老旧小区供暖管道的建议",
            "reasons": "一些老小区的暖气管道老旧漏水，冬天屋里不暖和。",
        },
    )
    body = response.content.decode()
    assert earlier[0].title in body
    assert earlier[1].title not in body
    assert "草稿不应被找到" not in body
    unrelated = client.get(
        f"/c/{committee.code}/proposals/similar/", {"title": "关于发展夜间经济繁荣消费市场的建议"}
    )
    assert earlier[0].title not in unrelated.content.decode()


def test_the_list_search_finds_a_two_character_word_inside_longer_ones(client, committee, staff, earlier):
    client.force_login(staff)
    body = client.get(f"/c/{committee.code}/proposals/", {"q": "供暖"}).content.decode()
    assert earlier[0].title in body
    assert earlier[2].title not in body
    body = client.get(f"/c/{committee.code}/proposals/", {"q": "停车"}).content.decode()
    assert earlier[2].title in body
    assert earlier[0].title not in body
    # FTS syntax in the query is text, not an error.
    assert client.get(f"/c/{committee.code}/proposals/", {"q": '供暖" OR *'}).status_code == 200


def test_an_outsider_finds_nothing(client, committee, outsider, earlier):
    client.force_login(outsider)
    assert client.get(f"/c/{committee.code}/proposals/similar/", {"title": EARLIER[0][0]}).status_code == 404
    assert client.get(f"/c/{committee.code}/proposals/", {"q": "供暖"}).status_code == 404


def test_a_handling_unit_gets_no_similar_records(client, committee, heating_user, earlier):
    client.force_login(heating_user)
    assert client.get(f"/c/{committee.code}/proposals/similar/", {"title": EARLIER[0][0]}).status_code == 403
