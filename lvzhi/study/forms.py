from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.org.forms import StyledForm
from lvzhi.org.models import Committee, Person, SpecialCommittee
from lvzhi.party.models import PartyBranch
from lvzhi.study.choices import Layer, Mode
from lvzhi.study.models import Book, ReadingCampaign, StudyGroup


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


def _people(label: Any, required: bool = False) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Person.objects.none(),
        required=required,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("按住 Ctrl（苹果电脑按 Command）可多选。"),
    )


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


class _CommitteeForm(StyledForm):
    """A form whose person, group and branch choices are the committee's own."""

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.committee = committee
        people = Person.objects.filter(committee=committee).official_order()
        choices = {
            Person: people,
            SpecialCommittee: SpecialCommittee.objects.filter(committee=committee),
            StudyGroup: StudyGroup.objects.filter(committee=committee),
            PartyBranch: PartyBranch.objects.filter(committee=committee),
            ReadingCampaign: ReadingCampaign.objects.filter(committee=committee),
        }
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                model = field.queryset.model
                if model in choices:
                    field.queryset = choices[model]

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class GroupForm(_CommitteeForm):
    name = forms.CharField(label=_("名称"), max_length=80)
    leader = forms.ModelChoiceField(label=_("组长"), queryset=Person.objects.none())
    members = _people(_("成员"))
    special_committee = forms.ModelChoiceField(
        label=_("所在专委会"), queryset=SpecialCommittee.objects.none(), required=False
    )
    established_on = _date(_("成立日期"))
    active = forms.BooleanField(label=_("在用"), required=False, initial=True)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)
    version = _version()


class SessionForm(_CommitteeForm):
    layer = forms.ChoiceField(label=_("层级"), choices=Layer.choices)
    held_on = _date(_("日期"))
    topic = forms.CharField(label=_("学习主题"), max_length=200)
    group = forms.ModelChoiceField(label=_("学习组"), queryset=StudyGroup.objects.none(), required=False)
    special_committee = forms.ModelChoiceField(
        label=_("专委会"), queryset=SpecialCommittee.objects.none(), required=False
    )
    branch = forms.ModelChoiceField(label=_("党支部"), queryset=PartyBranch.objects.none(), required=False)
    speaker = forms.ModelChoiceField(
        label=_("主讲委员（委员讲堂）"), queryset=Person.objects.none(), required=False
    )
    expert_name = forms.CharField(label=_("特邀专家"), max_length=50, required=False)
    expert_title = forms.CharField(label=_("专家职务职称"), max_length=100, required=False)
    mode = forms.ChoiceField(label=_("形式"), choices=Mode.choices)
    venue = forms.CharField(label=_("地点或平台"), max_length=100, required=False)
    summary = forms.CharField(label=_("学习内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = _version()


class TrainingForm(_CommitteeForm):
    title = forms.CharField(label=_("培训名称"), max_length=200)
    organizer = forms.CharField(label=_("主办单位"), max_length=100)
    start_on = _date(_("开始日期"))
    end_on = _date(_("结束日期"))
    hours = forms.DecimalField(label=_("学时"), max_digits=6, decimal_places=1, min_value=0)
    participants = _people(_("参训人员"))
    note = forms.CharField(label=_("备注"), max_length=300, required=False)
    version = _version()


class CampaignForm(StyledForm):
    name = forms.CharField(label=_("活动名称"), max_length=100)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    start_on = _date(_("开始日期"))
    end_on = _date(_("结束日期"))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    books = forms.CharField(
        label=_("推荐书目"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("每行一本：书名｜作者｜推荐语（作者和推荐语可省略）。"),
    )

    def book_rows(self) -> list[tuple[str, str, str]]:
        rows = []
        for line in self.cleaned_data["books"].splitlines():
            parts = [p.strip() for p in line.replace("|", "｜").split("｜")]
            if parts[0]:
                rows.append(
                    (parts[0][:200], (parts[1] if len(parts) > 1 else "")[:100], "｜".join(parts[2:])[:300])
                )
        return rows


class BookForm(StyledForm):
    title = forms.CharField(label=_("书名"), max_length=200)
    author = forms.CharField(label=_("作者"), max_length=100, required=False)
    note = forms.CharField(label=_("推荐语"), max_length=300, required=False)


class ReadingLogForm(StyledForm):
    """A member's own reading: a book from the list or a title of their own. Staff also name the member."""

    campaign = forms.ModelChoiceField(label=_("读书活动"), queryset=ReadingCampaign.objects.none())
    person = forms.ModelChoiceField(label=_("委员"), queryset=Person.objects.none())
    book = forms.ModelChoiceField(
        label=_("推荐书目"), queryset=Book.objects.none(), required=False, empty_label=_("（自选书目）")
    )
    title = forms.CharField(
        label=_("书名"), max_length=200, required=False, help_text=_("自选书目时填写；选了推荐书目可不填。")
    )
    started_on = _date(_("开始日期"))
    finished_on = _date(_("读完日期"), required=False)
    hours = forms.DecimalField(label=_("阅读时长（小时）"), max_digits=6, decimal_places=1, min_value=0)
    notes = forms.CharField(label=_("读书心得"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = _version()

    def __init__(self, *args: Any, committee: Committee, for_staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaigns = ReadingCampaign.objects.filter(committee=committee)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["book"].queryset = Book.objects.filter(campaign__in=campaigns).select_related("campaign")  # type: ignore[attr-defined]
        self.fields["book"].label_from_instance = lambda b: f"《{b.title}》{b.author}"  # type: ignore[attr-defined]
        if for_staff:
            self.fields["person"].queryset = Person.objects.filter(committee=committee).official_order()  # type: ignore[attr-defined]
        else:
            del self.fields["person"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        book, campaign = data.get("book"), data.get("campaign")
        if book is not None and campaign is not None and book.campaign_id != campaign.pk:
            self.add_error("book", _("不是所选读书活动的推荐书目。"))
        if book is None and not (data.get("title") or "").strip():
            self.add_error("title", _("请选择推荐书目或填写书名。"))
        return data

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "campaign", "person")}


class SharingForm(_CommitteeForm):
    campaign = forms.ModelChoiceField(label=_("读书活动"), queryset=ReadingCampaign.objects.none())
    held_on = _date(_("日期"))
    topic = forms.CharField(label=_("主题"), max_length=200)
    venue = forms.CharField(label=_("地点"), max_length=100, required=False)
    sharers = _people(_("分享人"), required=True)
    attendees = _people(_("参加人"))
    version = _version()

    def service_data(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("held_on", "topic", "venue")}
