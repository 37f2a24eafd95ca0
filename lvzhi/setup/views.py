"""The setup wizard (初始设置): a token first, then one page per step, each of which can be left and resumed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lvzhi.core.views_helpers import add_service_errors, xlsx_response
from lvzhi.org.forms import RosterImportForm
from lvzhi.org.models import Sector, SpecialCommittee, Term
from lvzhi.org.roster import roster_template
from lvzhi.party.models import PartyBranch
from lvzhi.setup import forms as setup_forms
from lvzhi.setup import services
from lvzhi.setup.models import SetupState

SESSION_KEY = "lvzhi_setup"


def _authorized(request: HttpRequest) -> bool:
    digest = services.session_digest()
    return bool(digest) and request.session.get(SESSION_KEY) == digest


def _guard(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only while set-up is needed, and only for a browser that gave the token."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not services.setup_needed():
            return redirect("accounts:login")
        if not _authorized(request):
            return redirect("setup:start")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _progress(row: SetupState, current: str | None) -> list[dict[str, Any]]:
    return [
        {
            "key": s,
            "label": services.STEP_LABELS[s],
            "done": row.is_done(s),
            "current": s == current,
            "url": reverse("setup:step", kwargs={"step": s}),
            "number": i,
        }
        for i, s in enumerate(services.STEPS, start=1)
    ]


def _next(row: SetupState) -> HttpResponse:
    step = services.next_step(row)
    if step is None:
        return redirect("setup:finish")
    return redirect("setup:step", step=step)


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """The token, then on to the first step not yet done."""
    if not services.setup_needed():
        return redirect("accounts:login")
    services.token_ensure(announce=False)
    if _authorized(request):
        return _next(services.state())
    form = setup_forms.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.token_check(form.cleaned_data["token"]):
            request.session.cycle_key()
            request.session[SESSION_KEY] = services.session_digest()
            return _next(services.state())
        form.add_error("token", _("设置令牌不正确。请查看启动服务器的控制台或 setup-token.txt。"))
    return render(
        request,
        "setup/start.html",
        {"form": form, "token_path": services.token_path(), "steps": _progress(services.state(), None)},
    )


@_guard
def template_download(request: HttpRequest) -> HttpResponse:
    return xlsx_response(roster_template(), "roster-template.xlsx")


def _summary(row: SetupState, step: str) -> dict[str, Any]:
    """What a step done made, shown instead of its form."""
    c = row.committee
    if c is None:
        return {}
    if step == "committee":
        return {
            "items": [c.name, c.code, c.get_level_display(), c.parent.name if c.parent else _("无上级政协")]
        }
    if step == "term":
        return {"items": [str(t.name) for t in Term.objects.filter(committee=c)]}
    if step == "sectors":
        return {"items": [s.name for s in Sector.objects.filter(committee=c)]}
    if step == "special_committees":
        return {"items": [s.name for s in SpecialCommittee.objects.filter(committee=c)]}
    if step == "admins":
        from lvzhi.accounts.models import RoleAssignment

        return {
            "items": [
                f"{a.get_role_display()}：{a.user.first_name}（{a.user.username}）"
                for a in RoleAssignment.objects.filter(
                    committee=c, role__in=services.ADMIN_ROLES
                ).select_related("user")
            ]
        }
    if step == "roster":
        from lvzhi.org.models import TermMembership

        return {"items": [_("委员%(n)d名") % {"n": TermMembership.objects.filter(committee=c).count()}]}
    if step == "branches":
        return {"items": [b.name for b in PartyBranch.objects.filter(committee=c)]}
    return {"items": []}


FORMS: dict[str, type[Any]] = {
    "committee": setup_forms.CommitteeForm,
    "term": setup_forms.TermForm,
    "sectors": setup_forms.SectorsForm,
    "special_committees": setup_forms.SpecialCommitteesForm,
    "admins": setup_forms.AdminsForm,
    "roster": RosterImportForm,
    "branches": setup_forms.BranchesForm,
    "staff": setup_forms.StaffForm,
}


def _apply(step: str, form: Any, request: HttpRequest, context: dict[str, Any]) -> bool:
    """Run the step's service from a valid form; False (with the errors on the form) if it refused."""
    d = form.cleaned_data
    if step == "committee":
        services.setup_committee(**d)
    elif step == "term":
        services.setup_term(**d)
    elif step == "sectors":
        upload = d.get("file")
        chosen = services.sectors_from_file(upload.read(), upload.name) if upload else form.chosen()
        services.setup_sectors(chosen=chosen)
    elif step == "special_committees":
        services.setup_special_committees(names=form.names_list())
    elif step == "admins":
        services.setup_admins(admins=form.admins())
    elif step == "roster":
        upload = d["file"]
        report = services.setup_roster(
            data=upload.read(), filename=upload.name, create_missing=d["create_missing"]
        )
        context["report"] = report
        if not report.applied:
            return False
        messages.success(request, _("已导入：新增%(c)d名委员。") % {"c": report.created})
    elif step == "branches":
        services.setup_branches(
            per_special_committee=d["per_special_committee"], others=(d.get("others") or "").splitlines()
        )
    elif step == "staff":
        created = services.setup_staff(accounts=d["accounts"])
        # Shown once: the office hands each person their initial password.
        request.session["lvzhi_setup_accounts"] = [[u.first_name, u.username, p] for u, p in created]
    return True


@_guard
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in services.STEPS:
        raise Http404
    row = services.state()
    done = row.is_done(step)
    blocked = step != "committee" and row.committee is None
    form = None
    context: dict[str, Any] = {}
    if not done and not blocked:
        form_class = FORMS[step]
        form = (
            form_class(request.POST or None, request.FILES or None)
            if request.method == "POST"
            else form_class()
        )
        if request.method == "POST" and request.POST.get("action") == "skip":
            try:
                services.setup_skip(step=step)
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
                return redirect("setup:step", step=step)
            messages.info(
                request, _("已跳过「%(step)s」，可稍后在系统中完成。") % {"step": services.STEP_LABELS[step]}
            )
            return _next(services.state())
        if request.method == "POST" and form.is_valid():
            try:
                if _apply(step, form, request, context):
                    messages.success(
                        request, _("「%(step)s」已完成。") % {"step": services.STEP_LABELS[step]}
                    )
                    return _next(services.state())
            except ValidationError as exc:
                add_service_errors(form, exc)
    return render(
        request,
        f"setup/step_{step}.html",
        {
            **context,
            "form": form,
            "step": step,
            "label": services.STEP_LABELS[step],
            "done": done,
            "blocked": blocked,
            "optional": step not in services.REQUIRED_STEPS,
            "summary": _summary(row, step) if done else {},
            "steps": _progress(row, step),
            "committee": row.committee,
        },
    )


@require_http_methods(["GET", "POST"])
def finish(request: HttpRequest) -> HttpResponse:
    if not services.setup_needed():
        return redirect("accounts:login")
    if not _authorized(request):
        return redirect("setup:start")
    row = services.state()
    missing = [services.STEP_LABELS[s] for s in services.STEPS if not row.is_done(s)]
    accounts = request.session.get("lvzhi_setup_accounts", [])
    if request.method == "POST":
        try:
            committee = services.setup_complete()
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("setup:finish")
        request.session.pop(SESSION_KEY, None)
        request.session.pop("lvzhi_setup_accounts", None)
        return render(
            request,
            "setup/complete.html",
            {
                "committee": committee,
                "coverage_url": reverse("party:coverage", kwargs={"committee": committee.code}),
                "accounts": accounts,
            },
        )
    return render(
        request,
        "setup/finish.html",
        {"missing": missing, "steps": _progress(row, None), "committee": row.committee, "accounts": accounts},
    )
