from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.consult.choices import (
    CHECKLIST,
    OUTCOMES,
    OrganizerKind,
    StudioKind,
    StudioLogKind,
    SuggestionCategory,
    SuggestionStatus,
)
from lvzhi.consult.models import Consultation, ConsultationForm, PlanItem, Studio, form_code_validator
from lvzhi.org.forms import StyledForm
from lvzhi.org.models import Committee, Person, Sector, SpecialCommittee, Unit


def _date(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


def _people(committee: Committee) -> Any:
    return Person.objects.filter(committee=committee).official_order()


def _offer(form: forms.Form, name: str, queryset: Any) -> forms.ModelChoiceField:
    """Limit a choice field to the committee's own rows."""
    field = cast(forms.ModelChoiceField, form.fields[name])
    field.queryset = queryset
    return field


class FormForm(StyledForm):
    """A consultation form: the code is set once (figure keys are made of it)."""

    code = forms.CharField(
        label=_("代码"),
        max_length=40,
        validators=[form_code_validator],
        help_text=_("小写英文字母、数字和下划线，如 wei_xieshang；建立后不能修改。"),
    )
    name = forms.CharField(label=_("名称"), max_length=50)
    order = forms.IntegerField(label=_("排序"), min_value=0, max_value=999, required=False)
    active = forms.BooleanField(label=_("在用"), required=False, initial=True)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]


class ConsultationEditForm(StyledForm):
    form = forms.ModelChoiceField(label=_("协商形式"), queryset=ConsultationForm.objects.none())
    topic = forms.CharField(label=_("协商议题"), max_length=200)
    start_on = _date(_("开始日期"), required=True)
    end_on = _date(_("结束日期"))
    venue = forms.CharField(label=_("地点"), max_length=200, required=False)
    organizer = forms.ChoiceField(label=_("承办方"), help_text=_("一个专委会、一个界别或一个委员工作室。"))
    participants = forms.ModelMultipleChoiceField(
        label=_("参加委员"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    officials_count = forms.IntegerField(label=_("部门负责人人数"), min_value=0, max_value=9999, initial=0)
    public_count = forms.IntegerField(label=_("群众代表人数"), min_value=0, max_value=9999, initial=0)
    experts_count = forms.IntegerField(label=_("专家人数"), min_value=0, max_value=9999, initial=0)
    other_participants = forms.CharField(
        label=_("其他参加人员"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(label=_("协商情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    plan_item = forms.ModelChoiceField(
        label=_("列入年度协商计划的议题"), queryset=PlanItem.objects.none(), required=False,
        help_text=_("不选表示计划外。"),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        forms_qs = ConsultationForm.objects.filter(committee=committee)
        current = getattr(self.initial.get("form"), "pk", None)
        _offer(self, "form", forms_qs.filter(active=True) | forms_qs.filter(pk=current or 0))
        _offer(self, "participants", _people(committee))
        plan_items = _offer(
            self, "plan_item", PlanItem.objects.filter(committee=committee).select_related("plan")
        )
        plan_items.label_from_instance = lambda obj: f"{obj.plan.year}年：{obj.topic}"  # type: ignore[method-assign]
        choices: list[tuple[Any, Any]] = [("", "——")]
        organizers: list[tuple[OrganizerKind, Any]] = [
            (OrganizerKind.SPECIAL_COMMITTEE, SpecialCommittee.objects.filter(committee=committee)),
            (OrganizerKind.SECTOR, Sector.objects.filter(committee=committee)),
            (OrganizerKind.STUDIO, Studio.objects.filter(committee=committee)),
        ]
        for kind, rows in organizers:
            choices.append((kind.label, [(f"{kind.value}:{o.pk}", str(o)) for o in rows]))
        cast(forms.ChoiceField, self.fields["organizer"]).choices = choices
        self.committee = committee

    def data_for_service(self) -> dict[str, Any]:
        data = {
            k: v for k, v in self.cleaned_data.items() if k not in ("version", "participants", "organizer")
        }
        kind, _sep, pk = self.cleaned_data["organizer"].partition(":")
        data["special_committee"] = data["sector"] = data["studio"] = None
        models: dict[str, tuple[str, Any]] = {
            "sc": ("special_committee", SpecialCommittee),
            "sector": ("sector", Sector),
            "studio": ("studio", Studio),
        }
        field, model = models[kind]
        data[field] = model.objects.get(committee=self.committee, pk=int(pk))
        return data

    @staticmethod
    def organizer_of(consultation: Consultation) -> str:
        kind = consultation.organizer_kind
        return f"{kind}:{consultation.organizer.pk}" if kind else ""


class VisitForm(StyledForm):
    on = _date(_("调研日期"), required=True)
    place = forms.CharField(label=_("调研地点"), max_length=200)
    note = forms.CharField(label=_("情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SuggestionEditForm(StyledForm):
    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    consultation = forms.ModelChoiceField(
        label=_("协商活动"), queryset=Consultation.objects.none(), required=False,
        help_text=_("界别活动等非协商活动提出的意见建议可不选。"),
    )  # fmt: skip
    category = forms.ChoiceField(label=_("类别"), choices=SuggestionCategory.choices)
    submitted_on = _date(_("报送日期"), required=True)
    proposers = forms.ModelMultipleChoiceField(
        label=_("提出人"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("交办单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "consultation", Consultation.objects.filter(committee=committee).order_by("-start_on"))
        _offer(self, "proposers", _people(committee))
        _offer(self, "units", Unit.objects.filter(committee=committee, active=True))

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "proposers", "units")}


class MoveForm(StyledForm):
    """The fields a move may need: units for 交办, the reply and its date for 答复, the outcome."""

    units = forms.ModelMultipleChoiceField(label=_("交办单位"), queryset=Unit.objects.none(), required=False)
    reply = forms.CharField(label=_("答复内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    replied_on = _date(_("答复日期"))
    outcome = forms.ChoiceField(
        label=_("采纳情况"),
        required=False,
        choices=[("", "——"), *[(o.value, o.label) for o in map(SuggestionStatus, OUTCOMES)]],
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "units", Unit.objects.filter(committee=committee, active=True))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("文件"))


class PlanForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    approved_by = forms.CharField(
        label=_("审定机关"), max_length=100, required=False, help_text=_("如：区委常委会会议")
    )
    approved_on = _date(_("审定日期"))


class PlanItemForm(StyledForm):
    form = forms.ModelChoiceField(label=_("协商形式"), queryset=ConsultationForm.objects.none())
    topic = forms.CharField(label=_("议题"), max_length=200)
    organizer = forms.CharField(label=_("承办"), max_length=100, required=False)
    planned_month = forms.IntegerField(label=_("计划月份"), min_value=1, max_value=12, required=False)
    planned_quarter = forms.IntegerField(label=_("计划季度"), min_value=1, max_value=4, required=False)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "form", ConsultationForm.objects.filter(committee=committee, active=True))


class StudioForm(StyledForm):
    kind = forms.ChoiceField(label=_("类型"), choices=StudioKind.choices)
    name = forms.CharField(label=_("名称"), max_length=100)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    established_on = _date(_("成立日期"))
    convenor = forms.ModelChoiceField(label=_("召集人"), queryset=Person.objects.none(), required=False)
    members = forms.ModelMultipleChoiceField(
        label=_("成员"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    checklist = forms.MultipleChoiceField(
        label=_("五上墙"), choices=CHECKLIST, required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("convenor", "members"):
            _offer(self, name, _people(committee))

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "members")}


class StudioLogForm(StyledForm):
    on = _date(_("日期"), required=True)
    kind = forms.ChoiceField(label=_("活动类型"), choices=StudioLogKind.choices)
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 2}))
