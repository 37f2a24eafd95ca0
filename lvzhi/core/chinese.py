"""Chinese names in official order: 按姓氏笔画 and by pinyin, as sort keys computed once on save.

按姓氏笔画 orders by the surname's stroke count, then the order of its strokes (横竖撇点折), then the
characters that follow. Each character becomes a fixed-width rank in that order, so that a plain string
comparison — the same in Python, SQLite and PostgreSQL — gives the official order. The surname is closed
by a separator below every rank, so 欧 (欧明) sorts before 欧阳 (欧阳明).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import files

from pypinyin import Style, lazy_pinyin

RANK_WIDTH = 6
SEPARATOR = "0" * RANK_WIDTH

COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "端木",
        "独孤",
        "南宫",
        "万俟",
        "闻人",
        "西门",
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "淳于",
        "单于",
        "太叔",
        "申屠",
        "赫连",
        "呼延",
        "百里",
        "东郭",
        "钟离",
        "拓跋",
        "司空",
        "第五",
        "左丘",
        "羊舌",
        "微生",
        "梁丘",
        "公羊",
        "谷梁",
        "乐正",
        "壤驷",
        "公良",
        "漆雕",
        "巫马",
        "鲜于",
        "闾丘",
        "亓官",
        "司寇",
        "仉督",
        "子车",
        "颛孙",
        "公西",
        "东门",
        "段干",
        "宰父",
        "夹谷",
        "呼延",
        "完颜",
        "爱新觉罗",
        "叶赫那拉",
    ]
)

#: Surnames read otherwise than the character's common reading (TONE3, neutral tone 5).
SURNAME_READINGS = {
    "单": "shan4", "曾": "zeng1", "解": "xie4", "仇": "qiu2", "区": "ou1", "朴": "piao2", "查": "zha1",
    "盖": "ge3", "华": "hua4", "覃": "qin2", "乐": "yue4", "缪": "miao4", "种": "chong2", "折": "she2",
    "燕": "yan1", "纪": "ji3", "员": "yun4", "召": "shao4", "秘": "bi4", "繁": "po2", "句": "gou1",
    "角": "jue2", "柏": "bai3", "薄": "bo2", "翟": "zhai2", "冼": "xian3", "洗": "xian3", "能": "nai4",
    "黑": "he4", "隗": "wei3", "过": "guo1", "那": "na1", "都": "du1", "祭": "zhai4", "谌": "chen2",
    "相": "xiang4", "叶": "ye4", "沈": "shen3", "曲": "qu1", "卜": "bu3", "尉": "wei4", "宓": "mi4",
    "阚": "kan4", "贲": "ben1", "尉迟": "yu4 chi2", "万俟": "mo4 qi2", "长孙": "zhang3 sun1",
    "单于": "chan2 yu2", "令狐": "ling2 hu2", "澹台": "tan2 tai2", "乐正": "yue4 zheng4",
    "仉督": "zhang3 du1", "亓官": "qi2 guan1", "藏": "zang4",
}  # fmt: skip


@cache
def _table() -> tuple[dict[str, str], dict[str, int]]:
    """Every character's rank in stroke order, and its stroke count."""
    text = files("lvzhi.core").joinpath("data/hanzi_strokes.txt").read_text(encoding="utf-8")
    entries: list[tuple[int, str, str]] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("="):
            count, chars = line[1:].split("\t")
            # No known order: after the characters of the same count whose order is known.
            entries.extend((int(count), "9", ch) for ch in chars)
        else:
            ch, count, order = line.split("\t")
            entries.append((int(count), order, ch))
    entries.sort(key=lambda e: (e[0], e[1], ord(e[2])))
    ranks = {ch: f"{i:0{RANK_WIDTH}d}" for i, (_c, _o, ch) in enumerate(entries, start=1)}
    counts = {ch: count for count, _o, ch in entries}
    return ranks, counts


def stroke_count(ch: str) -> int | None:
    return _table()[1].get(ch)


def _char_rank(ch: str) -> str:
    ranks = _table()[0]
    rank = ranks.get(ch)
    if rank is not None:
        return rank
    # Letters and digits of non-Chinese names after every character, in their own order.
    return f"{min(999_999, 900_000 + ord(ch.lower())):0{RANK_WIDTH}d}"


def _letters(name: str) -> str:
    """The name without spaces and the separating dots of transliterated names (阿依古丽·买买提)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", name) if ch.isalnum())


def split_surname(name: str) -> tuple[str, str]:
    """(surname, given name), knowing the compound surnames."""
    letters = _letters(name)
    for size in (4, 2):
        if letters[:size] in COMPOUND_SURNAMES and len(letters) > size:
            return letters[:size], letters[size:]
    return letters[:1], letters[1:]


def stroke_key(name: str) -> str:
    surname, given = split_surname(name)
    return "".join(map(_char_rank, surname)) + SEPARATOR + "".join(map(_char_rank, given))


def _syllables(text: str) -> list[str]:
    # Letters and digits outside Chinese come back one "syllable" per character.
    syllables: list[str] = lazy_pinyin(
        text,
        style=Style.TONE3,
        neutral_tone_with_five=True,
        errors=lambda s: list(s.lower()),  # type: ignore[arg-type,return-value]
    )
    return syllables


def pinyin_key(name: str) -> str:
    """Tone-numbered pinyin, surname first with its surname reading: 曾 → zeng1, 单 → shan4."""
    surname, given = split_surname(name)
    reading = SURNAME_READINGS.get(surname)
    if reading is None and len(surname) > 1:
        reading = " ".join(SURNAME_READINGS.get(ch) or _syllables(ch)[0] for ch in surname)
    head = reading if reading is not None else " ".join(_syllables(surname))
    # "," sorts before every letter and digit, closing the surname as SEPARATOR does for strokes.
    return (head + " , " + " ".join(_syllables(given))).strip()


def name_sort_keys(name: str) -> tuple[str, str]:
    """(stroke_key, pinyin_key) of a name, truncated to fit their columns."""
    return stroke_key(name)[:200], pinyin_key(name)[:200]
