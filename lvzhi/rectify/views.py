"""Pages of the ledger: the list with counts, an item with its timeline and its moves, the forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import (
    add_service_errors,
    committee_for,
    date_param,
    import_upload,
    require,
    xlsx_response,
)
from lvzhi.org.models import Committee, Person
from lvzhi.rectify import io, services
from lvzhi.rectify.actions import available, perform
from lvzhi.rectify.choices import ItemStatus, OwnerKind
from lvzhi.rectify.forms import CampaignForm, ItemForm, StepForm
from lvzhi.rectify.models import Campaign, LedgerItem, LedgerItemQuerySet, Step

PAGE_SIZE = 50


def _ledger_url(c: Committee) -> str:
    return reverse("rectify:ledger", kwargs={"committee": c.code})


def _crumbs(c: Committee, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(c.name, None), (_("整改台账"), _ledger_url(c)), *tail]


def filtered_items(request: HttpRequest, c: Committee) -> tuple[LedgerItemQuerySet, dict[str, Any]]:
    """The ledger's filters from the query string: values outside the choices are ignored, bad dates 404."""
    qs = LedgerItem.objects.visible_to(request.user).filter(committee=c)
    today = timezone.localdate()
    f: dict[str, Any] = {
        k: request.GET.get(k, "") for k in ("campaign", "status", "category", "owner", "kind", "q")
    }
    if f["campaign"].isdigit():
        qs = qs.filter(campaign_id=int(f["campaign"]))
    if f["status"] in ItemStatus.values:
        qs = qs.filter(status=f["status"])
    elif f["status"] == "open":
        qs = qs.open()
    if f["category"].isdigit():
        qs = qs.filter(category_id=int(f["category"]))
    if f["owner"].isdigit():  # the 责任人
        qs = qs.filter(responsible_id=int(f["owner"]))
    elif f["owner"] == "none":
        qs = qs.filter(responsible__isnull=True)
    if f["kind"] in OwnerKind.values:  # 班子 / 个人 / 支部
        qs = qs.filter(owner_kind=f["kind"])
    if f["q"]:
        qs = qs.filter(Q(description__icontains=f["q"][:100]) | Q(unit__icontains=f["q"][:100]))
    if request.GET.get("overdue") == "1":
        qs = qs.overdue_on(date_param(request, "on") or today)
        f["overdue"] = "1"
    if request.GET.get("due_soon") == "1":
        qs = qs.due_soon_on(today)
        f["due_soon"] = "1"
    for param, lookup in (("from", "registered_on__gte"), ("to", "registered_on__lte")):
        if value := date_param(request, param):
            qs = qs.filter(**{lookup: value})
    for param, lookup in (("closed_from", "closed_on__gte"), ("closed_to", "closed_on__lte")):
        if value := date_param(request, param):
            qs = qs.filter(**{lookup: value})
    return qs, f


@login_required
def ledger(request: HttpRequest, committee: str) -> HttpResponse:
    """The ledger: everything for those who read the committee, a 责任人's or 验收人's own items for them."""
    c = committee_for(request, committee, "rectify.list")
    qs, filters = filtered_items(request, c)
    today = timezone.localdate()
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "ledger"})
        return xlsx_response(io.ledger_workbook(qs, today), f"{c.code}-ledger.xlsx")
    if request.GET.get("export") == "docx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "ledger", "format": "docx"})
        response = HttpResponse(io.ledger_docx(c, qs, today), content_type=io.DOCX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{c.code}-ledger.docx"
        return response
    items = qs.select_related("campaign", "category", "responsible", "acceptor", "committee").order_by(
        "campaign_id", "number"
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    status_counts = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    campaigns = list(
        Campaign.objects.visible_to(request.user).filter(committee=c).prefetch_related("categories")
    )
    late = Q(deadline__lt=today) & ~Q(status=ItemStatus.CLOSED)
    return render(
        request,
        "rectify/ledger.html",
        {
            "page_obj": page,
            "rows": [(i, i.deadline_state(today)) for i in page.object_list],
            "filters": filters,
            "campaigns": campaigns,
            "categories": [cat for camp in campaigns for cat in camp.categories.all()],
            "owners_list": Person.objects.filter(
                pk__in=LedgerItem.objects.visible_to(request.user)
                .filter(committee=c)
                .values("responsible_id")
            ).official_order(),
            "statuses": ItemStatus.choices,
            "kinds": OwnerKind.choices,
            "status_counts": [
                (label, status_counts.get(value, 0), value) for value, label in ItemStatus.choices
            ],
            "overdue_count": qs.overdue_on(today).count(),
            "by_category": qs.order_by()
            .values("category_id", "category__name")
            .annotate(n=Count("id"), overdue=Count("id", filter=late))
            .order_by("-n", "category_id")[:12],
            "by_owner": qs.order_by()
            .values("responsible_id", "responsible__name")
            .annotate(n=Count("id"), overdue=Count("id", filter=late))
            .order_by("-n", "responsible_id")[:12],
            "can_manage": can(request.user, "rectify.manage", c),
            "breadcrumbs": [(c.name, None), (_("整改台账"), None)],
        },
    )


@login_required
def campaign_create_view(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "rectify.manage")
    form = CampaignForm(request.POST or None, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_create(
                committee=c,
                name=form.cleaned_data["name"],
                started_on=form.cleaned_data["started_on"],
                categories=form.category_names(),
                required_fields=form.required(),
                extra_fields=form.extra_names(),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已建立专项行动。"))
            return redirect(_ledger_url(c))
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("建立专项行动"), "breadcrumbs": _crumbs(c, (_("建立专项行动"), None))},
    )


def _campaign(request: HttpRequest, c: Committee, pk: Any) -> Campaign:
    if not str(pk).isdigit():
        raise Http404
    return get_object_or_404(Campaign.objects.visible_to(request.user).filter(committee=c), pk=int(pk))


@login_required
def item_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "rectify.manage")
    campaign = _campaign(request, c, request.GET.get("campaign", ""))
    form = ItemForm(request.POST or None, committee=c, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.ledger_item_register(
                campaign=campaign, data=form.data_for_service(), by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记第%d号问题。") % item.number)
            return redirect(item)
    title = _("登记问题：%s") % campaign.name
    return render(
        request, "form_page.html", {"form": form, "title": title, "breadcrumbs": _crumbs(c, (title, None))}
    )


def _item(request: HttpRequest, c: Committee, pk: int) -> LedgerItem:
    return get_object_or_404(
        LedgerItem.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("campaign", "category", "lead_leader", "responsible", "acceptor", "committee"),
        pk=pk,
    )


@login_required
def item_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    item = _item(request, c, pk)
    require(request, "rectify.manage", item)
    initial = {
        f: getattr(item, f)
        for f in (
            "category",
            "source",
            "description",
            "owner_kind",
            "lead_leader",
            "unit",
            "responsible",
            "measures",
            "goal",
            "standard",
            "deadline",
            "acceptor",
        )
    }
    initial.update({f"extra:{k}": v for k, v in (item.extras or {}).items()})
    initial["version"] = item.version
    form = ItemForm(request.POST or None, committee=c, campaign=item.campaign, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.ledger_item_update(
                item=item,
                data=form.data_for_service(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)  # what was typed stays in the form
        else:
            messages.success(request, _("已保存。"))
            return redirect(item)
    title = _("编辑：%s") % item
    return render(
        request, "form_page.html", {"form": form, "title": title, "breadcrumbs": _crumbs(c, (title, None))}
    )


@login_required
def item_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    item = _item(request, c, pk)
    actions = available(request.user, item)
    form = StepForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in dict(actions):
            raise PermissionDenied
        if form.is_valid():
            try:
                perform(
                    action,
                    item=item,
                    by=request.user,
                    opinion=form.cleaned_data["opinion"],
                    deadline=form.cleaned_data["deadline"],
                    evidence=form.cleaned_data["evidence"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已%s。") % dict(actions)[action])
                return redirect(item)
    today = timezone.localdate()
    return render(
        request,
        "rectify/item.html",
        {
            "item": item,
            "steps": item.steps.select_related("by").all(),
            "actions": actions,
            "form": form,
            "missing": item.missing_fields(),
            "state": item.deadline_state(today),
            "can_edit": can(request.user, "rectify.manage", item) and item.status != ItemStatus.CLOSED,
            "five": [
                (label, item.value_of(code), code in item.campaign.required_fields)
                for code, label in io.FIVE_COLUMNS
            ]
            + [
                (label, item.extras.get(label, ""), label in item.campaign.required_fields)
                for label in item.campaign.extra_fields
            ],
            "breadcrumbs": _crumbs(c, (str(item), None)),
        },
    )


@login_required
def evidence(request: HttpRequest, committee: str, pk: int) -> FileResponse:
    """An evidence file, served only to those who may read its item."""
    c = committee_for(request, committee)
    step = get_object_or_404(Step, pk=pk, committee=c)
    _item(request, c, step.item_id)
    if not step.evidence:
        raise Http404
    return FileResponse(
        step.evidence.open("rb"),
        as_attachment=True,
        filename=(step.evidence.name or "evidence").rsplit("/", 1)[-1],
    )


@login_required
def ledger_import(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "rectify.manage")
    campaigns = list(Campaign.objects.filter(committee=c))
    report = None
    if request.GET.get("template") == "1":
        return xlsx_response(io.template(), "ledger-template.xlsx")
    if request.method == "POST":
        campaign = _campaign(request, c, request.POST.get("campaign", ""))
        upload = import_upload(request)
        if upload is not None:
            report = io.ledger_import(
                campaign=campaign,
                data=upload.read(),
                filename=upload.name or "",
                dry_run=request.POST.get("dry_run") == "1",
                by=request.user,
            )
    return render(
        request,
        "rectify/import.html",
        {"campaigns": campaigns, "report": report, "breadcrumbs": _crumbs(c, (_("导入台账"), None))},
    )
