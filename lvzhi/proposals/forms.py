"""The forms of the proposal pages: a draft, and one small form per move."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.org.forms import StyledForm
from lvzhi.org.models import Committee, Person, Sector, SpecialCommittee, Term, TermMembership, Unit
from lvzhi.proposals.choices import Category, ProposerKind, ReplyClass, ReviewDecision, Satisfaction
from lvzhi.proposals.models import Proposal


def _date(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


def _members(committee: Committee) -> Any:
    """The members serving today, 按姓氏笔画."""
    ids = TermMembership.objects.current(committee, timezone.localdate()).values("person_id")
    return Person.objects.filter(pk__in=ids).official_order()


class DraftForm(StyledForm):
    kind = forms.ChoiceField(label=_("提案形式"), choices=ProposerKind.choices, initial=ProposerKind.MEMBER)
    lead = forms.ModelChoiceField(
        label=_("第一提案人"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("以单位名义提出时填写联系人。"),
    )
    title = forms.CharField(label=_("案由"), max_length=Proposal.TITLE_MAX_LENGTH)
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    reasons = forms.CharField(label=_("理由（情况与分析）"), widget=forms.Textarea(attrs={"rows": 6}))
    measures = forms.CharField(label=_("建议（办法与措施）"), widget=forms.Textarea(attrs={"rows": 6}))
    cosigners = forms.ModelMultipleChoiceField(
        label=_("邀请附议的委员"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("联名提案须邀请至少一位委员附议；可按住 Ctrl 多选。"),
    )
    special_committee = forms.ModelChoiceField(
        label=_("提案专委会"), queryset=SpecialCommittee.objects.none(), required=False
    )
    sector = forms.ModelChoiceField(label=_("提案界别"), queryset=Sector.objects.none(), required=False)
    organization = forms.CharField(label=_("提案党派团体"), max_length=80, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, committee: Committee, staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = _members(committee)
        cast(forms.ModelMultipleChoiceField, self.fields["cosigners"]).queryset = members
        cast(
            forms.ModelChoiceField, self.fields["special_committee"]
        ).queryset = SpecialCommittee.objects.filter(committee=committee)
        cast(forms.ModelChoiceField, self.fields["sector"]).queryset = Sector.objects.filter(
            committee=committee
        )
        if staff:  # staff enter a proposal for a member or a body
            lead = cast(forms.ModelChoiceField, self.fields["lead"])
            lead.queryset = Person.objects.filter(committee=committee).official_order()
            lead.required = True
        else:
            del self.fields["lead"]
        self.fields["cosigners"].widget.attrs["size"] = 8

    def data_for_service(self) -> dict[str, Any]:
        d = self.cleaned_data
        kind = d["kind"]
        return {
            "kind": kind,
            "title": d["title"].strip(),
            "reasons": d["reasons"],
            "measures": d["measures"],
            "category": d["category"],
            "special_committee": d["special_committee"] if kind == ProposerKind.SPECIAL_COMMITTEE else None,
            "sector": d["sector"] if kind == ProposerKind.SECTOR else None,
            "organization": d["organization"].strip() if kind == ProposerKind.PARTY else "",
        }


class ReviewForm(StyledForm):
    decision = forms.ChoiceField(label=_("审查结论"), choices=ReviewDecision.choices)
    reason = forms.CharField(
        label=_("理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不予立案、转意见建议须写明理由，并告知提案人。"),
    )


class AssignForm(StyledForm):
    lead_unit = forms.ModelChoiceField(label=_("主办单位"), queryset=Unit.objects.none(), required=False)
    assist_units = forms.ModelMultipleChoiceField(
        label=_("会办单位"), queryset=Unit.objects.none(), required=False
    )
    separate_units = forms.ModelMultipleChoiceField(
        label=_("分办单位"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("分办时各单位分别答复，不再指定主办、会办。"),
    )
    deadline = _date(_("答复期限"))

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(committee=committee, active=True)
        for name in ("lead_unit", "assist_units", "separate_units"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = units
        self.fields["deadline"].help_text = _("不填则按办理期限规则（默认交办后3个月）。")

    def units(self) -> list[tuple[Unit, str]]:
        d = self.cleaned_data
        chosen: list[tuple[Unit, str]] = []
        if d["lead_unit"]:
            chosen.append((d["lead_unit"], "lead"))
        chosen += [(u, "assist") for u in d["assist_units"]]
        chosen += [(u, "separate") for u in d["separate_units"]]
        return chosen


class ReplyForm(StyledForm):
    result = forms.ChoiceField(label=_("办理结果"), choices=[("", "—"), *ReplyClass.choices], required=False)
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    contact = forms.CharField(label=_("经办人及电话"), max_length=60, required=False)
    document = forms.FileField(
        label=_("答复函"), required=False, help_text=_("盖章的答复函扫描件（PDF、图片或Word）。")
    )


class FeedbackForm(StyledForm):
    satisfaction = forms.ChoiceField(
        label=_("办理意见"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不满意时请写明理由，承办单位将重新办理。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["satisfaction"].widget.attrs["class"] = "form-check-input"


class KeyForm(StyledForm):
    supervisor = forms.ModelChoiceField(label=_("领衔督办领导"), queryset=Person.objects.none())

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from lvzhi.org.choices import Position

        leaders = TermMembership.objects.current(committee, timezone.localdate()).filter(
            position__in=[Position.CHAIR, Position.VICE_CHAIR, Position.SECRETARY_GENERAL]
        )
        cast(forms.ModelChoiceField, self.fields["supervisor"]).queryset = Person.objects.filter(
            pk__in=leaders.values("person_id")
        ).official_order()


class MergeForm(StyledForm):
    others = forms.ModelMultipleChoiceField(label=_("并入本提案的提案"), queryset=Proposal.objects.none())

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["others"]).queryset = (
            Proposal.objects.filter(session_id=proposal.session_id, status__in=["submitted", "registered"])
            .exclude(pk=proposal.pk)
            .order_by("number", "id")
        )


class CloseForm(StyledForm):
    note = forms.CharField(label=_("办结说明"), widget=forms.Textarea(attrs={"rows": 2}))


class SessionForm(StyledForm):
    term = forms.ModelChoiceField(label=_("届次"), queryset=Term.objects.none())
    number = forms.IntegerField(label=_("第几次会议"), min_value=1, max_value=20)
    opened_on = _date(_("开幕日期"), required=True)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["term"]).queryset = Term.objects.filter(committee=committee)


class RuleForm(StyledForm):
    reply_months = forms.IntegerField(label=_("答复期限（月）"), min_value=1, max_value=12, initial=3)
    redo_months = forms.IntegerField(label=_("重新办理期限（月）"), min_value=1, max_value=12, initial=3)
    cosign_days = forms.IntegerField(label=_("附议期限（天）"), min_value=1, max_value=60, initial=7)
    effective_from = _date(_("生效日期"), required=True)
