"""The default scoring scheme every committee starts from (docs/duty.md explains it).

安庆市政协 (2018, reference/domain.md §4.2, S60): a 100-point scale; 会议 50 points from which every
unexcused absence takes 5 and an unexcused absence from the 全体会议 10; 提案 30; 活动 and 社情民意 the rest;
grades ≥90 优秀, 80–89 良好, 60–79 称职, <60 不称职. 安庆 gives only the category totals for 提案, 活动 and
社情民意, so their per-record points follow 桐城市 (2019, S61): 提案 submitted +10, 立案 +5 more (15 in
all), each activity +2 (cap 10), 社情民意 — halved to fit the 10 points left — +5, 采用 +5 more.
The removal warnings are 山东省政协's 劝辞 thresholds (S68). Plain data, so that the data migration that
installs it for existing committees can import it too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

SCHEME: dict[str, Any] = {
    "name": "委员履职量化考核办法（默认：安庆市政协2018年办法）",
    "valid_from": date(2018, 1, 1),
    "base_score": 50,
    "source": "安庆市政协委员履职考核办法（2018）；提案、活动、社情民意每次分值参照桐城市办法（2019）",
}

# code, label, kind, detail match, state, points, cap
ITEMS: list[tuple[str, str, str, dict[str, Any], str, int, int | None]] = [
    ("meetings", "无故缺席全体会议", "meetings.absent", {"meeting_type": "plenary"}, "counted", -10, 50),
    ("meetings", "无故缺席常委会议", "meetings.absent", {"meeting_type": "standing"}, "counted", -5, 50),
    ("meetings", "无故缺席专题议政会议", "meetings.absent", {"meeting_type": "topical"}, "counted", -5, 50),
    ("meetings", "无故缺席专委会会议", "meetings.absent", {"meeting_type": "special"}, "counted", -5, 50),
    ("proposals", "提交提案", "proposal.submitted", {}, "counted", 10, 30),
    ("proposals", "提案立案", "proposal.submitted", {"registered": True}, "counted", 5, 30),
    ("activities", "参加协商活动", "consult.participated", {}, "counted", 2, 10),
    ("activities", "参加视察调研", "liaison.visit", {}, "counted", 2, 10),
    ("activities", "参加为民服务活动", "service.activity", {}, "counted", 2, 10),
    ("opinions", "报送社情民意信息", "opinion.submitted", {}, "counted", 5, 10),
    ("opinions", "社情民意信息被采用", "opinion.adopted", {}, "counted", 5, 10),
]

# min score, grade
BANDS: list[tuple[int, str]] = [(90, "优秀"), (80, "良好"), (60, "称职"), (-9999, "不称职")]

# label, kind, detail match, state, window, limit, 常委 only
REMOVAL_RULES: list[tuple[str, str, dict[str, Any], str, str, int, bool]] = [
    ("届内累计无故缺席全体会议", "meetings.absent", {"meeting_type": "plenary"}, "counted", "term", 3, False),
    ("常委年内无故缺席常委会议", "meetings.absent", {"meeting_type": "standing"}, "counted", "year", 3, True),
    (
        "常委届内累计无故缺席常委会议",
        "meetings.absent",
        {"meeting_type": "standing"},
        "counted",
        "term",
        7,
        True,
    ),
]


def install(committee_id: int, models: dict[str, Any]) -> None:
    """Install the default scheme for a committee that has none; ``models`` are the model classes
    (real or historical) by name."""
    scheme_model = models["ScoringScheme"]
    if scheme_model.objects.filter(committee_id=committee_id).exists():
        return
    scheme = scheme_model.objects.create(committee_id=committee_id, **SCHEME)
    models["ScoreItem"].objects.bulk_create(
        models["ScoreItem"](
            committee_id=committee_id,
            scheme=scheme,
            code=code,
            label=label,
            kind=kind,
            match=match,
            state=state,
            points=points,
            cap=cap,
            position=n,
        )
        for n, (code, label, kind, match, state, points, cap) in enumerate(ITEMS)
    )
    models["GradeBand"].objects.bulk_create(
        models["GradeBand"](committee_id=committee_id, scheme=scheme, min_score=low, grade=grade)
        for low, grade in BANDS
    )
    models["RemovalRule"].objects.bulk_create(
        models["RemovalRule"](
            committee_id=committee_id,
            scheme=scheme,
            label=label,
            kind=kind,
            match=match,
            state=state,
            window=window,
            limit=limit,
            standing_only=standing,
        )
        for label, kind, match, state, window, limit, standing in REMOVAL_RULES
    )
