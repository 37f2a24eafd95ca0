"""按姓氏笔画 and pinyin order: the order offices publish, the same in every database."""

from __future__ import annotations

import pytest

from lvzhi.core.chinese import name_sort_keys, pinyin_key, split_surname, stroke_count, stroke_key


def by_strokes(names: str) -> str:
    return "".join(sorted(names, key=stroke_key))


def test_it_orders_by_stroke_count_then_stroke_order():
    # Three strokes: 于 (横横竖钩) before 万 (横折撇) before 马 (折折横).
    assert by_strokes("马万于") == "于万马"
    # Four strokes, by first stroke 横竖撇点折 and then the next ones.
    assert by_strokes("孔尹方文卞仇毛牛车尤韦王") == "王韦尤车牛毛仇卞文方尹孔"


def test_it_orders_by_the_surname_then_the_following_characters():
    names = ["王一民", "丁力", "王一", "王二", "于立"]
    assert sorted(names, key=stroke_key) == ["丁力", "于立", "王一", "王一民", "王二"]


def test_it_keeps_a_compound_surname_whole():
    assert split_surname("欧阳修") == ("欧阳", "修")
    assert split_surname("司马光") == ("司马", "光")
    assert split_surname("欧明") == ("欧", "明")
    # 欧 (a single surname) comes before every 欧阳, whatever the given name.
    assert sorted(["欧阳一", "欧明", "欧阳丁"], key=stroke_key) == ["欧明", "欧阳一", "欧阳丁"]


def test_it_reads_surnames_as_surnames():
    assert pinyin_key("曾国藩").startswith("zeng1 ")
    assert pinyin_key("单雄信").startswith("shan4 ")
    assert pinyin_key("解缙").startswith("xie4 ")
    assert pinyin_key("尉迟恭").startswith("yu4 chi2 ")
    # By pinyin: 单 (shàn) sorts after 沙 (shā) though the common reading dān would put it first.
    assert sorted(["单雄信", "沙文", "曾国藩", "张三"], key=pinyin_key) == [
        "沙文",
        "单雄信",
        "曾国藩",
        "张三",
    ]


def test_it_orders_by_pinyin_letters_before_tones():
    # li before lin; min (敏) before ming (明) since the syllable is shorter.
    assert sorted(["林明", "李明", "李敏"], key=pinyin_key) == ["李敏", "李明", "林明"]


def test_it_knows_stroke_counts_of_rare_name_characters():
    assert stroke_count("䶮") == 9
    assert stroke_count("达") == 6
    assert stroke_count("𬌗") is not None


def test_it_ignores_the_dot_of_transliterated_names():
    assert stroke_key("阿依古丽·买买提") == stroke_key("阿依古丽买买提")


@pytest.mark.parametrize("name", ["王", "欧阳", "A", "", "李·"])
def test_it_makes_keys_for_any_name(name):
    stroke, pinyin = name_sort_keys(name)
    assert len(stroke) <= 200
    assert len(pinyin) <= 200
