"""Chinese full-text search and similar earlier records (lvzhi.core.search), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from lvzhi.core import search as search_module
from lvzhi.core.models import SearchEntry
from lvzhi.core.search import Hit, index, index_many, search, search_rebuild, similar, tokens, unindex

pytestmark = pytest.mark.django_db

# Earlier records of a committee, one per issue, as a proposals office would have them.
EARLIER = {
    1: (
        "关于加快城区集中供暖管网改造的建议",
        "我区城区集中供暖管网大多建于上世纪九十年代，管道老化锈蚀严重，每年供暖季跑冒滴漏频发，"
        "部分老旧小区室温长期不达标，群众投诉较多。建议政府统筹资金，分年度实施供暖管网更新改造，"
        "同步推进热计量收费改革。",
    ),
    2: (
        "关于增加普惠性幼儿园学位的建议",
        "随着新建住宅小区入住人口增加，城区普惠性幼儿园学位严重不足，民办幼儿园收费偏高，"
        "适龄儿童入园难、入园贵问题突出。建议落实小区配套幼儿园建设移交，扩大公办园和普惠性民办园供给。",
    ),
    3: (
        "关于加强农村生活污水治理的建议",
        "我区部分行政村生活污水直排河道，已建污水处理设施因缺乏专业运维长期闲置，"
        "建议建立农村污水处理设施第三方运维机制，落实运维经费，定期开展出水水质监测。",
    ),
    4: (
        "关于解决老旧小区电动自行车充电难的建议",
        "老旧小区普遍缺少电动自行车集中充电设施，居民飞线充电、楼道停放充电现象屡禁不止，"
        "存在严重火灾隐患。建议在小区内增设智能充电桩和集中停放棚，由街道统一规划建设。",
    ),
    5: (
        "关于规范中小学课后服务的建议",
        "部分学校课后服务内容单一，以看管自习为主，教师工作负担加重，"
        "建议引入体育、艺术、科普等社会资源，完善课后服务经费保障和教师补助机制。",
    ),
    6: (
        "关于缓解医院周边停车难的建议",
        "区人民医院周边停车位严重不足，就医车辆排队进院造成道路拥堵，"
        "建议挖掘周边机关单位停车资源错时共享，建设立体停车库，推广预约就诊停车。",
    ),
}

# The same issues raised again in other words and in another order.
REWORDED = {
    1: "老旧小区供暖管道亟待更新。近年来每到冬季供暖期，老城区多个小区因供热管道老化破损导致停暖，"
    "居民室内温度偏低、投诉不断。应尽快摸清城区供暖管网底数，安排专项资金对老旧管道分批改造。",
    2: "学前教育资源供给不足的问题日益突出：新建小区适龄儿童多，公办幼儿园和普惠性幼儿园学位缺口大，"
    "家长只能选择高收费的民办幼儿园。希望督促开发商移交小区配套幼儿园，增加普惠学位。",
    3: "乡村污水处理设施建而不用的情况较为普遍，很多村的污水处理站没有人运维、长期停运，"
    "生活污水仍然排入河道。应明确运维主体，保障运维资金，委托专业公司对农村污水设施统一运维。",
    4: "电动车进楼入户充电引发火灾的风险很大。很多老小区没有充电设施，居民只能私拉电线在楼道给电动自行车充电，"
    "请街道和物业在小区空地统一建设充电桩、停放棚。",
}


def _index_earlier(committee, kind="proposal"):
    index_many(
        {"committee": committee, "kind": kind, "object_id": pk, "title": title, "text": text,
         "date": date(2024, 1, pk)}
        for pk, (title, text) in EARLIER.items()
    )  # fmt: skip


def _ids(hits):
    return [h.object_id for h in hits]


def test_tokens_keep_two_character_words_and_find_them_inside_longer_ones():
    assert {"供暖", "提案"} <= set(tokens("集中供暖和政协提案"))
    assert "供暖" in tokens("市政供暖")
    words = tokens("关于进一步加强城区集中供暖的建议，ＡＢＣ（COVID-19）")
    assert "供暖" in words
    assert not {"关于", "进一步", "加强", "建议", "的", "，", "（", " "} & set(words)
    assert {"abc", "covid", "19"} <= set(words)  # NFKC, lower case, split at punctuation
    assert tokens("") == []
    assert tokens("的 了 和，。！") == []


def test_search_finds_two_character_words_inside_longer_words(committee):
    index(committee=committee, kind="proposal", object_id=1, title="关于市政供暖的建议", text="", date=None)
    index(
        committee=committee,
        kind="proposal",
        object_id=2,
        title="集中供热",
        text="城区集中供暖管网",
        date=None,
    )
    index(committee=committee, kind="proposal", object_id=3, title="幼儿园", text="学位不足", date=None)
    assert sorted(_ids(search(committee, "供暖"))) == [1, 2]
    assert _ids(search(committee, "管网")) == [2]
    assert search(committee, "幼儿")
    assert _ids(search(committee, "幼儿")) == [3]


def test_search_requires_every_word_and_ranks_the_best_first(committee):
    _index_earlier(committee)
    hits = search(committee, "老旧小区 供暖")
    assert _ids(hits) == [1]
    assert isinstance(hits[0], Hit)
    assert hits[0].title == EARLIER[1][0]
    assert hits[0].date == date(2024, 1, 1)
    assert hits[0].snippet.startswith("我区城区集中供暖管网")
    assert set(_ids(search(committee, "老旧小区"))) == {1, 4}
    assert search(committee, "供暖 幼儿园") == []
    # A long word matches itself or all of its two-character parts (集中供暖 → 集中, 中供, 供暖).
    index(committee=committee, kind="note", object_id=9, title="集中供暖", text="", date=None)
    assert set(_ids(search(committee, "集中供暖"))) == {1, 9}
    # The record that is about 充电 throughout ranks above one that only mentions it.
    index(
        committee=committee,
        kind="note",
        object_id=10,
        title="充电",
        text="小区充电桩 充电 充电设施 充电",
        date=None,
    )
    index(
        committee=committee,
        kind="note",
        object_id=11,
        title="路灯",
        text="路灯 照明 路面 充电" + " 道路" * 40,
        date=None,
    )
    hits = search(committee, "充电")
    assert _ids(hits)[0] == 10
    assert 11 in _ids(hits)
    assert hits == sorted(hits, key=lambda h: -h.score)
    assert _ids(search(committee, "充电", kinds=["proposal"])) == [4]
    assert search(committee, "充电", kinds=[]) == []
    assert len(search(committee, "充电", limit=1)) == 1


def test_search_and_similar_stay_in_the_committee(committee, other_committee):
    _index_earlier(other_committee, kind="proposal")
    assert search(committee, "供暖") == []
    assert similar(committee, REWORDED[1]) == []
    index(committee=committee, kind="suggestion", object_id=1, title="供暖收费", text="供暖", date=None)
    assert [(h.kind, h.object_id) for h in search(committee, "供暖")] == [("suggestion", 1)]
    assert [(h.kind, h.object_id) for h in search(other_committee, "供暖")] == [("proposal", 1)]


def test_indexing_is_idempotent_and_unindex_forgets(committee, other_committee):
    for _ in range(2):
        index(committee=committee, kind="proposal", object_id=7, title="供暖", text="管网老化", date=None)
    assert SearchEntry.objects.count() == 1
    assert _ids(search(committee, "管网")) == [7]
    index(
        committee=committee,
        kind="proposal",
        object_id=7,
        title="供暖",
        text="收费标准",
        date=date(2025, 3, 1),
    )
    assert search(committee, "管网") == []
    assert search(committee, "收费")[0].date == date(2025, 3, 1)
    index(committee=other_committee, kind="proposal", object_id=7, title="供暖", text="收费标准", date=None)
    assert search(committee, "收费") == []
    assert _ids(search(other_committee, "收费")) == [7]
    assert index_many([]) == 0
    unindex("proposal", 7)
    unindex("proposal", 7)
    assert search(other_committee, "收费") == []
    assert not SearchEntry.objects.exists()


def test_deleting_entries_clears_the_vendor_index_and_rebuild_restores_it(committee, other_committee):
    _index_earlier(committee)
    _index_earlier(other_committee, kind="suggestion")
    SearchEntry.objects.filter(committee=committee).delete()
    assert search(committee, "供暖") == []
    assert _ids(search(other_committee, "供暖")) == [1]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM core_searchentry_fts")
            assert cursor.fetchone()[0] == len(EARLIER)
            cursor.execute("DROP TRIGGER core_searchentry_fts_ai")
            cursor.execute("DELETE FROM core_searchentry_fts")
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX core_searchentry_tsv")
    _index_earlier(committee)
    search_rebuild(committee)
    assert _ids(search(committee, "供暖")) == [1]
    search_rebuild()
    assert _ids(search(other_committee, "供暖")) == [1]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('core_searchentry_tsv') IS NOT NULL")
            assert cursor.fetchone()[0]
    index(committee=committee, kind="note", object_id=1, title="供暖", text="", date=None)  # trigger is back
    assert len(search(committee, "供暖")) == 2


BOTH = {("proposal", 1), ("note", 1)}
NOTE = {("note", 1)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"供暖', BOTH),
        ("供暖*", BOTH),
        ("(供暖", BOTH),
        ("供暖)", BOTH),
        ("^供暖", BOTH),
        ("供暖 & | ! <-> ''", BOTH),
        ("供暖\\", BOTH),
        ("{供暖} + - : \x00", BOTH),
        ("供暖 AND", NOTE),
        ("OR 供暖", NOTE),
        ("NOT 供暖", NOTE),
        ("NEAR(供暖)", NOTE),
        ("tokens:供暖", NOTE),
        ("供暖'; DROP TABLE core_searchentry; --", set()),
    ],
)
def test_hostile_queries_are_plain_words(committee, query, expected):
    _index_earlier(committee)
    index(
        committee=committee, kind="note", object_id=1, title="AND OR NOT NEAR", text="tokens 供暖", date=None
    )
    assert {(h.kind, h.object_id) for h in search(committee, query)} == expected
    similar(committee, query)
    assert SearchEntry.objects.count() == len(EARLIER) + 1


def test_hostile_queries_of_only_syntax_find_nothing_or_the_words(committee):
    index(committee=committee, kind="note", object_id=1, title="AND NEAR 说明", text="", date=None)
    for query in ['"', "*", "()", ":", "^", "''", "&|!", "", "   ", "的"]:
        assert search(committee, query) == []
        assert similar(committee, query) == []
    assert _ids(search(committee, "and near")) == [1]
    assert _ids(search(committee, '"AND" NEAR(')) == [1]


@pytest.mark.parametrize("issue", sorted(REWORDED))
def test_similar_finds_the_reworded_earlier_record_and_nothing_unrelated(committee, issue):
    _index_earlier(committee)
    hits = similar(committee, REWORDED[issue])
    assert hits, issue
    assert hits[0].object_id == issue
    assert _ids(hits) == [issue], [(h.object_id, h.score) for h in hits]
    assert 0 < hits[0].score <= 1


def test_similar_leaves_out_excluded_and_other_kinds_and_unrelated_drafts(committee):
    _index_earlier(committee)
    index(
        committee=committee,
        kind="suggestion",
        object_id=1,
        title=EARLIER[1][0],
        text=EARLIER[1][1],
        date=None,
    )
    both = similar(committee, REWORDED[1])
    assert {(h.kind, h.object_id) for h in both} == {("proposal", 1), ("suggestion", 1)}
    assert [(h.kind, h.object_id) for h in similar(committee, REWORDED[1], exclude=[("proposal", 1)])] == [
        ("suggestion", 1)
    ]
    assert _ids(similar(committee, REWORDED[1], kinds=["proposal"])) == [1]
    assert similar(committee, REWORDED[1], limit=1)[0].score == both[0].score
    unrelated = (
        "关于加强非物质文化遗产保护传承的建议：我区剪纸、皮影等非遗项目传承人老龄化，"
        "后继乏人，建议设立非遗传承专项资金，开展非遗进校园活动。"
    )
    assert similar(committee, unrelated) == []
    assert similar(committee, "建议") == []


def test_similar_copes_with_a_large_committee(committee, monkeypatch):
    """Hundreds of records sharing the common words: the right one still comes first (on PostgreSQL
    with the common words' frequencies taken from the planner's statistics)."""
    monkeypatch.setattr(search_module, "ANALYZE_AFTER", 100)
    filler = [
        {"committee": committee, "kind": "proposal", "object_id": 1000 + i,
         "title": f"关于第{i}号小区道路改造的建议",
         "text": f"我区第{i}号小区道路破损，建议政府统筹资金实施改造，群众反映强烈。", "date": None}
        for i in range(300)
    ]  # fmt: skip
    index_many(filler)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT most_common_elems IS NOT NULL FROM pg_stats WHERE attname = 'tsv'")
            assert cursor.fetchone() == (True,)
    _index_earlier(committee)
    assert _ids(similar(committee, REWORDED[1]))[:1] == [1]
    assert len(search(committee, "道路", limit=500)) == 301
    for issue, draft in REWORDED.items():
        assert _ids(similar(committee, draft)) == [issue]  # and the 道路拥堵 near the hospital
