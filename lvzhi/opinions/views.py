"""Pages of 社情民意信息: the list (the office all, a member their own), a piece with its timeline and the
moves the user may make, the draft form, and the year's 通报 of who submitted and had adopted what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import search
from lvzhi.core.audit import audit_log
from lvzhi.core.permissions import can
from lvzhi.core.tabular import Column, write_xlsx
from lvzhi.core.views_helpers import add_service_errors, committee_for, date_param, require, xlsx_response
from lvzhi.opinions import services
from lvzhi.opinions.choices import MEMBER_KINDS, OPEN_STATES, SourceKind, Status, Target
from lvzhi.opinions.forms import AdoptForm, DeclineForm, DraftForm, InstructForm, ReportForm, UpperForm
from lvzhi.opinions.models import Instruction, Opinion, OpinionQuerySet, Report
from lvzhi.org.models import Committee, Person
from lvzhi.proposals.choices import Category

PAGE_SIZE = 50
# The date a period filter applies to: the figures' evidence links name it.
BASES = {"submitted": "submitted_on", "adopted": "adopted_on", "instructed": None}


def _list_url(c: Committee) -> str:
    return reverse("opinions:list", kwargs={"committee": c.code})


def _crumbs(c: Committee, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(c.name, None), (_("社情民意"), _list_url(c)), *tail]


def filtered(request: HttpRequest, c: Committee) -> tuple[OpinionQuerySet, dict[str, str]]:
    """The list's filters; values outside the choices are ignored, bad dates 404."""
    qs = Opinion.objects.visible_to(request.user).filter(committee=c)
    f = {k: request.GET.get(k, "") for k in ("status", "category", "kind", "q", "basis")}
    if f["status"] in Status.values:
        qs = qs.filter(status=f["status"])
    elif f["status"] == "open":
        qs = qs.filter(status__in=OPEN_STATES)
    if f["category"] in Category.values:
        qs = qs.filter(category=f["category"])
    if f["kind"] in SourceKind.values:
        qs = qs.filter(kind=f["kind"])
    if f["q"]:  # full-text, Chinese words, in the committee's search index
        hits = search.search(c, f["q"][:100], kinds=[services.SEARCH_KIND], limit=1000)
        qs = qs.filter(pk__in=[h.object_id for h in hits])
    if f["basis"] not in BASES:
        f["basis"] = "submitted"
    start, end = date_param(request, "from"), date_param(request, "to")
    if start or end:
        f.update({"from": start.isoformat() if start else "", "to": end.isoformat() if end else ""})
        if f["basis"] == "instructed":
            qs = qs.instructed_within(start or date.min, end or date.max)
        else:
            field = BASES[f["basis"]]
            qs = qs.exclude(status=Status.DRAFT)
            if start:
                qs = qs.filter(**{f"{field}__gte": start})
            if end:
                qs = qs.filter(**{f"{field}__lte": end})
    return qs, f


EXPORT_COLUMNS = [
    Column("标题", width=40),
    Column("报送人", width=12),
    Column("联名委员", width=16),
    Column("报送单位", width=16),
    Column("类别", width=10),
    Column("提交日期", width=12),
    Column("状态", width=10),
    Column("采用日期", width=12),
    Column("刊物期号", width=24),
    Column("报送", width=24),
    Column("批示", width=30),
]


def _export(qs: OpinionQuerySet) -> bytes:
    rows = []
    for o in qs.select_related("lead").prefetch_related("coauthors", "reports", "instructions"):
        rows.append(
            [
                o.title,
                o.lead.name,
                "、".join(p.name for p in o.coauthors.all()),
                o.body,
                o.get_category_display(),
                o.submitted_on,
                o.get_status_display(),
                o.adopted_on,
                o.issue,
                "；".join(str(r) for r in o.reports.all()),
                "；".join(f"{i.leader}（{i.instructed_on:%Y-%m-%d}）" for i in o.instructions.all()),
            ]
        )
    return write_xlsx(EXPORT_COLUMNS, rows, sheet_title="社情民意信息")


@login_required
def opinion_list(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "opinions.list")
    qs, f = filtered(request, c)
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "opinions"})
        return xlsx_response(_export(qs), f"{c.code}-opinions.xlsx")
    rows = (
        qs.select_related("committee", "lead")
        .annotate(n_instructions=Count("instructions", distinct=True))
        .order_by("-submitted_on", "-id")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "opinions/list.html",
        {
            "page_obj": page,
            "filters": f,
            "statuses": Status.choices,
            "categories": Category.choices,
            "kinds": SourceKind.choices,
            "can_draft": can(request.user, "opinions.draft", c),
            "can_manage": can(request.user, "opinions.manage", c),
            "breadcrumbs": _crumbs(c),
        },
    )


def _opinion(request: HttpRequest, c: Committee, pk: int) -> Opinion:
    qs = Opinion.objects.visible_to(request.user).filter(committee=c).select_related("committee", "lead")
    opinion = get_object_or_404(qs, pk=pk)
    require(request, "opinions.view", opinion)
    return opinion


def _draft_form(request: HttpRequest, c: Committee, opinion: Opinion | None) -> DraftForm:
    initial: dict[str, Any] = {}
    if opinion is not None:
        initial = {f: getattr(opinion, f) for f in services.EDITABLE}
        initial.update(
            lead=opinion.lead_id,
            version=opinion.version,
            coauthors=list(opinion.coauthors.values_list("pk", flat=True)),
        )
    staff = can(request.user, "opinions.manage", c)
    return DraftForm(request.POST or None, initial=initial, committee=c, staff=staff)


def _person_of(request: HttpRequest) -> Person:
    person_id = getattr(request.user, "person_id", None)
    if person_id is None:
        raise PermissionDenied
    return Person.objects.get(pk=person_id)


@login_required
def opinion_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "opinions.draft")
    form = _draft_form(request, c, None)
    if request.method == "POST" and form.is_valid():
        lead = form.cleaned_data["lead"] if "lead" in form.fields else _person_of(request)
        try:
            opinion = services.opinion_create(
                committee=c,
                lead=lead,
                data=form.data_for_service(),
                coauthors=list(form.cleaned_data["coauthors"]),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("草稿已保存。确认无误后请点击“提交”。"))
            return redirect(opinion)
    return render(
        request,
        "opinions/draft.html",
        {"form": form, "title": _("撰写社情民意信息"), "breadcrumbs": _crumbs(c, (_("撰写"), None))},
    )


@login_required
def opinion_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    opinion = _opinion(request, c, pk)
    require(request, "opinions.edit_draft", opinion)
    if opinion.status != Status.DRAFT:
        messages.error(request, _("已提交的信息不能再修改。"))
        return redirect(opinion)
    form = _draft_form(request, c, opinion)
    if request.method == "POST" and form.is_valid():
        try:
            if "lead" in form.fields:
                opinion.lead = form.cleaned_data["lead"]
            services.opinion_update(
                opinion=opinion,
                data=form.data_for_service(),
                coauthors=list(form.cleaned_data["coauthors"]),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("草稿已保存。"))
            return redirect(opinion)
    return render(
        request,
        "opinions/draft.html",
        {
            "form": form,
            "opinion": opinion,
            "title": _("修改社情民意信息"),
            "breadcrumbs": _crumbs(c, (opinion.title, opinion.get_absolute_url()), (_("修改"), None)),
        },
    )


def _forms_for(request: HttpRequest, o: Opinion) -> dict[str, Any]:
    """The move forms this user may use on the piece now."""
    forms: dict[str, Any] = {}
    if o.status == Status.DRAFT and can(request.user, "opinions.edit_draft", o):
        forms["submit"] = True
    if not can(request.user, "opinions.manage", o):
        return forms
    if o.status == Status.SUBMITTED:
        forms["accept"] = True
    if o.status in OPEN_STATES:
        forms["adopt"] = AdoptForm()
        forms["decline"] = DeclineForm()
    if o.status in (Status.ADOPTED, Status.REPORTED):
        forms["report"] = ReportForm()
    if o.status == Status.REPORTED:
        forms["instruct"] = InstructForm()
        forms["upper"] = UpperForm()
    return forms


@login_required
def opinion_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    o = _opinion(request, c, pk)
    forms = _forms_for(request, o)
    reports = list(o.reports.all())
    return render(
        request,
        "opinions/detail.html",
        {
            "opinion": o,
            "coauthors": o.coauthors.all(),
            "reports": reports,
            "upper_reports": [
                r for r in reports if r.target == Target.UPPER_CPPCC and r.upper_adopted_on is None
            ]
            if "upper" in forms
            else [],
            "instructions": o.instructions.all(),
            "steps": o.steps.all(),
            "forms": forms,
            "can_edit": o.status == Status.DRAFT and can(request.user, "opinions.edit_draft", o),
            "advised_length": Opinion.CONTENT_ADVISED_LENGTH,
            "breadcrumbs": _crumbs(c, (o.title, None)),
        },
    )


def _valid(form: Any) -> dict[str, Any]:
    if not form.is_valid():
        raise ValidationError(
            [f"{form.fields[k].label}：{v[0]}" if k in form.fields else v[0] for k, v in form.errors.items()]
        )
    data: dict[str, Any] = form.cleaned_data
    return data


def _submit(request: HttpRequest, o: Opinion) -> str:
    require(request, "opinions.edit_draft", o)
    services.opinion_submit(opinion=o, by=request.user)
    return _("信息已提交。")


def _delete(request: HttpRequest, o: Opinion) -> str:
    require(request, "opinions.edit_draft", o)
    services.opinion_delete_draft(opinion=o, by=request.user)
    return _("草稿已删除。")


def _accept(request: HttpRequest, o: Opinion) -> str:
    services.opinion_accept(opinion=o, by=request.user)
    return _("已受理，进入编辑。")


def _adopt(request: HttpRequest, o: Opinion) -> str:
    d = _valid(AdoptForm(request.POST))
    services.opinion_adopt(
        opinion=o, issue=d["issue"], edited_title=d["edited_title"], on=d["on"], by=request.user
    )
    return _("已采用，并已反馈报送人。")


def _decline(request: HttpRequest, o: Opinion) -> str:
    d = _valid(DeclineForm(request.POST))
    services.opinion_decline(opinion=o, refer=d["refer"], note=d["note"], by=request.user)
    return _("处理意见已保存，并已反馈报送人。")


def _report(request: HttpRequest, o: Opinion) -> str:
    d = _valid(ReportForm(request.POST))
    services.opinion_report(
        opinion=o, target=d["target"], recipient=d["recipient"], on=d["on"], by=request.user
    )
    return _("已登记报送。")


def _upper(request: HttpRequest, o: Opinion) -> str:
    report = get_object_or_404(Report, opinion=o, pk=request.POST.get("report", "0") or 0)
    d = _valid(UpperForm(request.POST))
    services.opinion_upper_adopt(report=report, issue=d["issue"], on=d["on"], by=request.user)
    return _("已登记上级采用。")


def _instruct(request: HttpRequest, o: Opinion) -> str:
    d = _valid(InstructForm(request.POST))
    services.opinion_instruct(
        opinion=o, level=d["level"], leader=d["leader"], content=d["content"], on=d["on"], by=request.user
    )
    return _("批示已登记，并已反馈报送人。")


# Each move by name: (the permission checked first, the handler that calls the one service).
ACTIONS: dict[str, tuple[str | None, Callable[[HttpRequest, Opinion], str]]] = {
    "submit": (None, _submit),
    "delete": (None, _delete),
    "accept": ("opinions.manage", _accept),
    "adopt": ("opinions.manage", _adopt),
    "decline": ("opinions.manage", _decline),
    "report": ("opinions.manage", _report),
    "upper": ("opinions.manage", _upper),
    "instruct": ("opinions.manage", _instruct),
}


@login_required
@require_POST
def opinion_action(request: HttpRequest, committee: str, pk: int, action: str) -> HttpResponse:
    c = committee_for(request, committee)
    o = _opinion(request, c, pk)
    if action not in ACTIONS:
        raise Http404
    permission, handler = ACTIONS[action]
    if permission:
        require(request, permission, o)
    try:
        done = handler(request, o)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done)
    if action == "delete" and not Opinion.objects.filter(pk=o.pk).exists():
        return redirect(_list_url(c))
    return redirect(o)


TALLY_COLUMNS = [
    Column("报送人（单位）", width=24),
    Column("报送形式", width=10),
    Column("报送", width=8),
    Column("采用", width=8),
    Column("上级采用", width=10),
    Column("获批示", width=8),
]


def _tally(c: Committee, year: int) -> list[dict[str, Any]]:
    """The year's 通报: per member (author or co-author) and per body, what was submitted, adopted and
    instructed — counted by the year the piece was submitted."""
    pieces = Opinion.objects.filter(committee=c, submitted_on__year=year).exclude(status=Status.DRAFT)
    counts = {
        "n": Count("id", distinct=True),
        "adopted": Count("id", filter=Q(adopted_on__isnull=False), distinct=True),
        "upper": Count("id", filter=Q(reports__upper_adopted_on__isnull=False), distinct=True),
        "instructed": Count("id", filter=Q(instructions__isnull=False), distinct=True),
    }
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for kind in ("lead", "coauthors"):
        for r in (
            pieces.filter(kind__in=MEMBER_KINDS).values(f"{kind}__pk", f"{kind}__name").annotate(**counts)
        ):
            if r[f"{kind}__pk"] is None:
                continue
            key = ("member", str(r[f"{kind}__pk"]))
            row = rows.setdefault(
                key, {"name": r[f"{kind}__name"], "kind": _("委员"), **dict.fromkeys(counts, 0)}
            )
            for k in counts:
                row[k] += r[k]
    bodies: Any = pieces.filter(kind=SourceKind.BODY).values("body").annotate(**counts)
    for r in bodies:
        rows[("body", r["body"])] = {"name": r["body"], "kind": _("参加单位"), **{k: r[k] for k in counts}}
    return sorted(rows.values(), key=lambda r: (-r["adopted"], -r["n"], r["name"]))


@login_required
def opinion_tally(request: HttpRequest, committee: str) -> HttpResponse:
    """年底通报: the year's submissions and adoptions per member and per body, for the office to publish."""
    c = committee_for(request, committee, "opinions.manage")
    text = request.GET.get("year", "")
    year = int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year
    rows = _tally(c, year)
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "opinions_tally", "year": year})
        data = write_xlsx(
            TALLY_COLUMNS,
            [[r["name"], str(r["kind"]), r["n"], r["adopted"], r["upper"], r["instructed"]] for r in rows],
            sheet_title=f"{year}年社情民意信息采用情况",
        )
        return xlsx_response(data, f"{c.code}-opinions-{year}.xlsx")
    return render(
        request,
        "opinions/tally.html",
        {
            "rows": rows,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
            "instructions": Instruction.objects.filter(committee=c, instructed_on__year=year).count(),
            "breadcrumbs": _crumbs(c, (_("采用情况通报"), None)),
        },
    )
