from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lvzhi.duty.models import Appeal, DutyRecord, RemovalRule, ScoringScheme
from lvzhi.org.forms import StyledForm


class AppealForm(StyledForm):
    claim = forms.ChoiceField(label=_("申诉事项"), choices=Appeal.Claim.choices)
    reason = forms.CharField(label=_("申诉理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(StyledForm):
    decision = forms.ChoiceField(choices=[("approve", _("同意")), ("reject", _("驳回"))])
    note = forms.CharField(label=_("处理意见"), max_length=500, required=False)


class ReportForm(StyledForm):
    text = forms.CharField(
        label=_("报告正文"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("写明一年来的履职成效、存在的问题和改进建议。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


STATES = {str(label): value for value, label in DutyRecord.State.choices} | {
    v: v for v in DutyRecord.State.values
}
WINDOWS = {str(label): value for value, label in RemovalRule.Window.choices} | {
    v: v for v in RemovalRule.Window.values
}
YES = {"是", "true", "1", "yes"}


def _match_text(match: dict[str, Any]) -> str:
    return ",".join(f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in match.items())


def _match(text: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in text.replace("，", ",").split(","))):
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise ValueError(part)
        value = value.strip()
        result[key.strip()] = {"true": True, "false": False}.get(value.lower(), value)
    return result


def _lines(text: str, width: int, label: Any) -> list[list[str]]:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.replace("｜", "|").split("|")]
        if len(cells) != width:
            raise ValidationError(
                _("%(label)s第%(n)s行应有%(w)s栏，以“|”分隔。") % {"label": label, "n": n, "w": width}
            )
        rows.append(cells)
    return rows


class SchemeForm(StyledForm):
    """A new version of the scheme, one item, grade or removal rule a line, cells separated by "|"."""

    name = forms.CharField(label=_("办法名称"), max_length=200)
    valid_from = forms.DateField(label=_("施行日期"), widget=forms.DateInput(attrs={"type": "date"}))
    base_score = forms.DecimalField(label=_("基础分"), max_digits=6, decimal_places=1)
    source = forms.CharField(label=_("依据"), max_length=300, required=False)
    items = forms.CharField(
        label=_("计分项目"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "每行一项：编码|项目|记录类型|明细条件|状态|每次分值|年度上限。扣分写负数；同一编码的项目共用年度上限；"
            "明细条件如 meeting_type=plenary，可留空；状态为 已计入/已准假/待审批。"
        ),
    )
    bands = forms.CharField(
        label=_("等次"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一个：最低分|等次|结果运用。"),
    )
    removal_rules = forms.CharField(
        label=_("劝辞提醒"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一条：事项|记录类型|明细条件|状态|年内/届内|次数|仅限常委（是/否）。"),
    )

    def __init__(self, data: Any = None, *, current: ScoringScheme | None = None, **kwargs: Any) -> None:
        if current is not None:
            kwargs.setdefault("initial", self.initial_from(current))
        super().__init__(data, **kwargs)

    @staticmethod
    def initial_from(s: ScoringScheme) -> dict[str, Any]:
        def state(v: str) -> str:
            return str(DutyRecord.State(v).label)

        return {
            "name": s.name,
            "base_score": s.base_score,
            "source": s.source,
            "items": "\n".join(
                f"{i.code}|{i.label}|{i.kind}|{_match_text(i.match)}|{state(i.state)}|{i.points}|{i.cap or ''}"
                for i in s.items.all()
            ),
            "bands": "\n".join(f"{b.min_score}|{b.grade}|{b.consequence}" for b in s.bands.all()),
            "removal_rules": "\n".join(
                f"{r.label}|{r.kind}|{_match_text(r.match)}|{state(r.state)}|{r.get_window_display()}|"
                f"{r.limit}|{'是' if r.standing_only else '否'}"
                for r in s.removal_rules.all()
            ),
        }

    def clean_items(self) -> list[dict[str, Any]]:
        rows = []
        for code, label, kind, match, state, points, cap in _lines(
            self.cleaned_data["items"], 7, _("计分项目")
        ):
            try:
                rows.append(
                    {
                        "code": code,
                        "label": label,
                        "kind": kind,
                        "match": _match(match),
                        "state": STATES[state],
                        "points": points,
                        "cap": cap or None,
                    }
                )
            except (KeyError, ValueError):
                raise ValidationError(
                    _("计分项目“%(label)s”的明细条件或状态无法识别。") % {"label": label}
                ) from None
        return rows

    def clean_bands(self) -> list[dict[str, Any]]:
        return [
            {"min_score": low, "grade": grade, "consequence": consequence}
            for low, grade, consequence in _lines(self.cleaned_data["bands"], 3, _("等次"))
        ]

    def clean_removal_rules(self) -> list[dict[str, Any]]:
        rows = []
        for label, kind, match, state, window, limit, standing in _lines(
            self.cleaned_data["removal_rules"], 7, _("劝辞提醒")
        ):
            try:
                rows.append(
                    {
                        "label": label,
                        "kind": kind,
                        "match": _match(match),
                        "state": STATES[state],
                        "window": WINDOWS[window],
                        "limit": int(limit),
                        "standing_only": standing.lower() in YES,
                    }
                )
            except (KeyError, ValueError):
                raise ValidationError(_("劝辞提醒“%(label)s”有无法识别的栏目。") % {"label": label}) from None
        return rows

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
