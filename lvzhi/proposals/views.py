"""Pages of proposals: the list (scoped: the office all, a member their own, a unit what it handles),
a proposal with its timeline and the moves the user may make, the draft form with similar earlier
records, and the office's settings (sessions, deadlines)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import search
from lvzhi.core.attachments import attachments_of
from lvzhi.core.audit import audit_log
from lvzhi.core.permissions import can
from lvzhi.core.scope import scope_of
from lvzhi.core.views_helpers import (
    add_service_errors,
    committee_for,
    date_param,
    import_upload,
    require,
    xlsx_response,
)
from lvzhi.org.models import Committee, Person, Unit
from lvzhi.proposals import io, services
from lvzhi.proposals.choices import (
    HANDLING_STATES,
    Category,
    ProposerKind,
    Status,
)
from lvzhi.proposals.forms import (
    AssignForm,
    CloseForm,
    DraftForm,
    FeedbackForm,
    KeyForm,
    MergeForm,
    ReplyForm,
    ReviewForm,
    RuleForm,
    SessionForm,
)
from lvzhi.proposals.models import (
    Assignment,
    HandlingRule,
    Proposal,
    ProposalQuerySet,
    ProposalSession,
)
from lvzhi.proposals.similar import similar_records

PAGE_SIZE = 50


def _list_url(c: Committee) -> str:
    return reverse("proposals:list", kwargs={"committee": c.code})


def _crumbs(c: Committee, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(c.name, None), (_("提案"), _list_url(c)), *tail]


def filtered(request: HttpRequest, c: Committee) -> tuple[ProposalQuerySet, dict[str, str]]:
    """The list's filters from the query string; values outside the choices are ignored, bad dates 404."""
    qs = Proposal.objects.visible_to(request.user).filter(committee=c)
    today = timezone.localdate()
    f = {k: request.GET.get(k, "") for k in ("status", "session", "category", "kind", "unit", "q")}
    if f["status"] in Status.values:
        qs = qs.filter(status=f["status"])
    elif f["status"] == "handling":
        qs = qs.filter(status__in=HANDLING_STATES)
    if f["session"].isdigit():
        qs = qs.filter(session_id=int(f["session"]))
    if f["category"] in Category.values:
        qs = qs.filter(category=f["category"])
    if f["kind"] in ProposerKind.values:
        qs = qs.filter(kind=f["kind"])
    if f["unit"].isdigit():
        qs = qs.filter(pk__in=Assignment.objects.filter(unit_id=int(f["unit"])).values("proposal_id"))
    if f["q"]:  # full-text, Chinese words (供暖 inside 集中供暖), in the committee's search index
        hits = search.search(c, f["q"][:100], kinds=["proposal"], limit=1000)
        qs = qs.filter(pk__in=[h.object_id for h in hits])
    for flag in ("key", "late", "submitted", "registered"):
        if request.GET.get(flag) == "1":
            f[flag] = "1"
    if f.get("key"):
        qs = qs.filter(is_key=True)
    if f.get("late"):  # an answering unit past its deadline, in the proposal's current round
        late = Assignment.objects.late_on(today)
        qs = qs.filter(pk__in=late.values("proposal_id"))
    # The period: submission dates by default, 立案 dates when ?registered=1 (the figures' evidence).
    field = "registered_on" if f.get("registered") else "submitted_on"
    if f.get("submitted"):
        qs = qs.exclude(status=Status.DRAFT)
    for param, lookup in (("from", "gte"), ("to", "lte")):
        if value := date_param(request, param):
            qs = qs.filter(**{f"{field}__{lookup}": value})
            f[param] = value.isoformat()
    return qs, f


@login_required
def proposal_list(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "proposals.list")
    qs, f = filtered(request, c)
    today = timezone.localdate()
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "proposals"})
        return xlsx_response(io.proposals_workbook(qs, today), f"{c.code}-proposals.xlsx")
    rows = (
        qs.select_related("committee", "session__term", "lead", "special_committee", "sector")
        .prefetch_related(
            Prefetch(
                "assignments", queryset=Assignment.objects.select_related("unit").order_by("round", "role")
            )
        )
        .order_by("-session__opened_on", "number", "-id")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for p in page.object_list:
        current = [a for a in p.assignments.all() if a.round == p.handling_round]
        p.current_assignments = current
        p.late = p.status in HANDLING_STATES and any(a.is_late(today) for a in current)
    scope = scope_of(request.user)
    return render(
        request,
        "proposals/list.html",
        {
            "page_obj": page,
            "filters": f,
            "statuses": Status.choices,
            "categories": Category.choices,
            "kinds": ProposerKind.choices,
            "sessions": ProposalSession.objects.filter(committee=c).select_related("term"),
            "units": Unit.objects.filter(committee=c) if can(request.user, "proposals.manage", c) else [],
            "can_draft": can(request.user, "proposals.draft", c),
            "can_manage": can(request.user, "proposals.manage", c),
            "is_unit": bool(scope.units.get(c.pk)),
            "breadcrumbs": _crumbs(c),
        },
    )


def _proposal(request: HttpRequest, c: Committee, pk: int) -> Proposal:
    qs = Proposal.objects.visible_to(request.user).filter(committee=c)
    proposal = get_object_or_404(qs.select_related("committee", "session__term", "lead", "supervisor"), pk=pk)
    require(request, "proposals.view", proposal)
    return proposal


def _draft_form(request: HttpRequest, c: Committee, proposal: Proposal | None) -> DraftForm:
    staff = can(request.user, "proposals.manage", c)
    initial: dict[str, Any] = {}
    if proposal is not None:
        initial = {f: getattr(proposal, f) for f in services.EDITABLE}
        initial.update(
            lead=proposal.lead_id,
            version=proposal.version,
            cosigners=list(proposal.cosigners.values_list("person_id", flat=True)),
        )
    return DraftForm(request.POST or None, initial=initial, committee=c, staff=staff)


def _lead_for(request: HttpRequest, form: DraftForm) -> Person:
    if "lead" in form.fields:
        lead: Person = form.cleaned_data["lead"]
        return lead
    person_id = getattr(request.user, "person_id", None)
    if person_id is None:
        raise PermissionDenied
    return Person.objects.get(pk=person_id)


@login_required
def proposal_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "proposals.draft")
    form = _draft_form(request, c, None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                committee=c,
                lead=_lead_for(request, form),
                data=form.data_for_service(),
                cosigners=list(form.cleaned_data["cosigners"]),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("草稿已保存。确认无误后请点击“提交”。"))
            return redirect(proposal)
    return render(
        request,
        "proposals/draft.html",
        {"form": form, "title": _("撰写提案"), "breadcrumbs": _crumbs(c, (_("撰写提案"), None))},
    )


@login_required
def proposal_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    proposal = _proposal(request, c, pk)
    require(request, "proposals.edit_draft", proposal)
    if proposal.status != Status.DRAFT:
        messages.error(request, _("已提交的提案不能再修改。"))
        return redirect(proposal)
    form = _draft_form(request, c, proposal)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.data_for_service()
            if "lead" in form.fields:
                proposal.lead = form.cleaned_data["lead"]
            services.proposal_update(
                proposal=proposal,
                data=data,
                cosigners=list(form.cleaned_data["cosigners"]),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("草稿已保存。"))
            return redirect(proposal)
    return render(
        request,
        "proposals/draft.html",
        {
            "form": form,
            "proposal": proposal,
            "title": _("修改提案草稿"),
            "breadcrumbs": _crumbs(c, (str(proposal.title), proposal.get_absolute_url()), (_("修改"), None)),
        },
    )


@login_required
def similar(request: HttpRequest, committee: str) -> HttpResponse:
    """The panel beside the draft: earlier proposals and suggestions of the committee like this text."""
    c = committee_for(request, committee, "proposals.draft")
    text = (
        f"{request.GET.get('title', '')} {request.GET.get('reasons', '')} {request.GET.get('measures', '')}"
    )
    exclude = request.GET.get("exclude", "")
    hits = similar_records(c, text[:4000], exclude=int(exclude) if exclude.isdigit() else None)
    if not scope_of(request.user).reads_committee_path(
        c.path
    ):  # a member sees the titles, opens only their own
        own = set(Proposal.objects.visible_to(request.user).values_list("pk", flat=True))
        hits = [h if h.kind == "proposal" and h.object_id in own else replace(h, url="") for h in hits]
    return render(request, "proposals/_similar.html", {"hits": hits, "text": text.strip()})


def _forms_for(request: HttpRequest, c: Committee, p: Proposal) -> dict[str, Any]:
    """The move forms this user may use on the proposal now."""
    user = request.user
    person_id = getattr(user, "person_id", None)
    staff = can(user, "proposals.manage", p)
    forms: dict[str, Any] = {}
    if p.status == Status.DRAFT and can(user, "proposals.edit_draft", p):
        forms["submit"] = True
    if (
        p.status == Status.COSIGNING
        and person_id
        and p.cosigners.filter(person_id=person_id, status="invited").exists()
    ):
        forms["cosign"] = True
    if staff and p.status in (Status.SUBMITTED, Status.COSIGNING):
        forms["review"] = ReviewForm()
        forms["merge"] = MergeForm(proposal=p)
    if staff and p.status == Status.REGISTERED:
        forms["assign"] = AssignForm(committee=c)
        forms["merge"] = MergeForm(proposal=p)
    if staff and p.status in (Status.REGISTERED, *HANDLING_STATES, Status.REPLIED) and not p.is_key:
        forms["key"] = KeyForm(committee=c)
    if p.status in HANDLING_STATES:
        mine = [
            a
            for a in p.assignments.filter(round=p.handling_round, reply__isnull=True).select_related("unit")
            if services.may_answer_for(user, a)
        ]
        if mine:
            forms["reply"] = (ReplyForm(), mine)
    if (
        p.status == Status.REPLIED
        and person_id in p.proposer_ids()
        and not p.feedback.filter(person_id=person_id, round=p.handling_round).exists()
    ):
        forms["feedback"] = FeedbackForm()
    if staff and p.status == Status.REPLIED:
        forms["close"] = CloseForm()
    return forms


@login_required
def proposal_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    p = _proposal(request, c, pk)
    today = timezone.localdate()
    assignments = list(p.assignments.select_related("unit", "reply").order_by("-round", "role", "id"))
    for a in assignments:
        a.late = a.is_late(today)  # type: ignore[attr-defined]
        a.files = attachments_of(a.reply) if hasattr(a, "reply") else []  # type: ignore[attr-defined]
    scope = scope_of(request.user)
    unit_only = bool(scope.units.get(c.pk)) and not scope.reads_committee_path(c.path)
    return render(
        request,
        "proposals/detail.html",
        {
            "proposal": p,
            "cosigners": p.cosigners.select_related("person"),
            "assignments": assignments,
            "feedback": p.feedback.select_related("person"),
            "steps": p.steps.all(),
            "merged": p.merged.all(),
            "forms": _forms_for(request, c, p),
            "unit_only": unit_only,
            "can_edit": p.status == Status.DRAFT and can(request.user, "proposals.edit_draft", p),
            "breadcrumbs": _crumbs(c, (str(p), None)),
        },
    )


@login_required
@require_POST
def proposal_action(request: HttpRequest, committee: str, pk: int, action: str) -> HttpResponse:
    """One move, by name; the service is the gate (state, people), the permission is checked first."""
    c = committee_for(request, committee)
    p = _proposal(request, c, pk)
    user = request.user
    try:
        _perform(request, c, p, action)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied:
        raise
    else:
        audit_log(f"proposal_action_{action}", user=user, obj=p)
    if action == "delete" and not Proposal.objects.filter(pk=p.pk).exists():
        return redirect(_list_url(c))
    return redirect(p)


def _person_of(request: HttpRequest) -> Person:
    person_id = getattr(request.user, "person_id", None)
    if person_id is None:
        raise PermissionDenied
    return Person.objects.get(pk=person_id)


def _perform(request: HttpRequest, c: Committee, p: Proposal, action: str) -> None:
    user = request.user
    done = _("已办理。")
    form: Any
    if action in ("submit", "delete"):
        require(request, "proposals.edit_draft", p)
        if action == "submit":
            services.proposal_submit(proposal=p, by=user)
            done = _("提案已提交。") if p.status != Status.COSIGNING else _("已提交，正在征集附议。")
        else:
            services.proposal_delete_draft(proposal=p, by=user)
            done = _("草稿已删除。")
    elif action in ("cosign", "decline"):
        services.proposal_cosign(proposal=p, person=_person_of(request), agree=action == "cosign", by=user)
        done = _("已附议。") if action == "cosign" else _("已答复不附议。")
    elif action == "review":
        require(request, "proposals.manage", p)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("请选择审查结论。"))
        services.proposal_review(
            proposal=p, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"], by=user
        )
        done = _("审查结论已保存。")
    elif action == "assign":
        require(request, "proposals.manage", p)
        form = AssignForm(request.POST, committee=c)
        if not form.is_valid():
            raise ValidationError(_("交办信息有误，请检查。"))
        services.proposal_assign(
            proposal=p, units=form.units(), deadline=form.cleaned_data["deadline"], by=user
        )
        done = _("已交办。")
    elif action == "reply":
        require(request, "proposals.reply", p)
        assignment = get_object_or_404(Assignment, pk=request.POST.get("assignment", "0") or 0, proposal=p)
        form = ReplyForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError(_("答复信息有误，请检查。"))
        services.proposal_reply(
            assignment=assignment,
            result=form.cleaned_data["result"],
            text=form.cleaned_data["text"],
            contact=form.cleaned_data["contact"],
            document=form.cleaned_data["document"],
            by=user,
        )
        done = _("答复已提交。")
    elif action == "feedback":
        require(request, "proposals.feedback", p)
        form = FeedbackForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("请选择办理意见。"))
        services.proposal_feedback(
            proposal=p,
            person=_person_of(request),
            satisfaction=form.cleaned_data["satisfaction"],
            comment=form.cleaned_data["comment"],
            by=user,
        )
        done = _("感谢您的反馈。")
    elif action == "key":
        require(request, "proposals.manage", p)
        form = KeyForm(request.POST, committee=c)
        if not form.is_valid():
            raise ValidationError(_("请选择领衔督办领导。"))
        services.proposal_mark_key(proposal=p, supervisor=form.cleaned_data["supervisor"], by=user)
        done = _("已列为重点提案。")
    elif action == "merge":
        require(request, "proposals.manage", p)
        form = MergeForm(request.POST, proposal=p)
        if not form.is_valid():
            raise ValidationError(_("请选择要并入的提案。"))
        services.proposal_merge(primary=p, others=list(form.cleaned_data["others"]), by=user)
        done = _("已并案。")
    elif action == "close":
        require(request, "proposals.manage", p)
        form = CloseForm(request.POST)
        services.proposal_close(proposal=p, note=request.POST.get("note", ""), by=user)
        done = _("已办结。")
    else:
        raise PermissionDenied
    messages.success(request, done)


@login_required
def proposal_settings(request: HttpRequest, committee: str) -> HttpResponse:
    """The sessions proposals are numbered in, and the deadlines of handling (effective-dated)."""
    c = committee_for(request, committee, "proposals.manage")
    session_form = SessionForm(request.POST if "session" in request.POST else None, committee=c)
    rule_form = RuleForm(request.POST if "rule" in request.POST else None)
    if request.method == "POST":
        if session_form.is_bound and session_form.is_valid():
            try:
                services.session_create(committee=c, **session_form.cleaned_data, by=request.user)
            except ValidationError as exc:
                add_service_errors(session_form, exc)
            else:
                messages.success(request, _("已添加会议。"))
                return redirect("proposals:settings", committee=c.code)
        if rule_form.is_bound and rule_form.is_valid():
            services.rule_create(committee=c, **rule_form.cleaned_data, by=request.user)
            messages.success(request, _("办理期限已保存。"))
            return redirect("proposals:settings", committee=c.code)
    today = timezone.localdate()
    return render(
        request,
        "proposals/settings.html",
        {
            "sessions": ProposalSession.objects.filter(committee=c).select_related("term"),
            "rules": HandlingRule.objects.filter(committee=c),
            "rule": HandlingRule.in_force_on(c, today),
            "session_form": session_form,
            "rule_form": rule_form,
            "breadcrumbs": _crumbs(c, (_("提案设置"), None)),
        },
    )


@login_required
def proposal_import(request: HttpRequest, committee: str) -> HttpResponse:
    """Years of proposals kept in Excel, into a chosen session; all-or-nothing with row errors."""
    c = committee_for(request, committee, "proposals.manage")
    if request.GET.get("template") == "1":
        return xlsx_response(io.template_workbook(), "proposals-template.xlsx")
    sessions = list(ProposalSession.objects.filter(committee=c).select_related("term"))
    report = None
    if request.method == "POST":
        session = get_object_or_404(ProposalSession, committee=c, pk=request.POST.get("session", "0") or 0)
        upload = import_upload(request)
        if upload is not None:
            report = io.proposals_import(
                session=session,
                data=upload.read(),
                filename=upload.name or "",
                dry_run=request.POST.get("dry_run") == "1",
                by=request.user,
            )
            if report.ok and not report.dry_run:
                audit_log(
                    "import",
                    user=request.user,
                    committee=c,
                    detail={"kind": "proposals", "rows": report.created},
                )
    return render(
        request,
        "proposals/import.html",
        {"sessions": sessions, "report": report, "breadcrumbs": _crumbs(c, (_("导入提案"), None))},
    )
