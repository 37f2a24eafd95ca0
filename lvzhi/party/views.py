from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.codes import CPC_CODES
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import add_service_errors, as_of, committee_for, require
from lvzhi.org.models import SpecialCommittee, TermMembership
from lvzhi.party.choices import BranchKind
from lvzhi.party.coverage import coverage
from lvzhi.party.forms import AssignMemberForm, BranchForm
from lvzhi.party.models import PartyBranch, PartyMembership
from lvzhi.party.services import branch_create, branch_update, party_member_assign, party_member_leave


@login_required
def structure(request: HttpRequest, committee: str) -> HttpResponse:
    """专委会 → 党支部 → members, for the term in force."""
    c = committee_for(request, committee, "party.view")
    on = as_of(request)
    memberships = list(
        TermMembership.objects.visible_to(request.user)
        .current(c, on)
        .select_related("person")
        .official_order()
    )
    in_branch: dict[int, int] = {
        pm.person_id: pm.branch_id
        for pm in PartyMembership.objects.filter(committee=c)
        .active_on(on)
        .exclude(branch__kind=BranchKind.TEMPORARY)
    }
    by_sc: dict[int | None, list[TermMembership]] = defaultdict(list)
    for m in memberships:
        by_sc[m.special_committee_id].append(m)
    branches = list(PartyBranch.objects.filter(committee=c).active_on(on).select_related("secretary"))
    branches_by_sc: dict[int | None, list[PartyBranch]] = defaultdict(list)
    for b in branches:
        branches_by_sc[b.special_committee_id if b.kind == BranchKind.FUNCTIONAL else None].append(b)
    tree = []
    for sc in SpecialCommittee.objects.filter(committee=c):
        members = by_sc.get(sc.pk, [])
        sc_branches = branches_by_sc.get(sc.pk, [])
        tree.append(
            {
                "special_committee": sc,
                "members": members,
                "branches": [
                    {"branch": b, "members": [m for m in members if in_branch.get(m.person_id) == b.pk]}
                    for b in sc_branches
                ],
                "others": [
                    m for m in members if in_branch.get(m.person_id) not in {b.pk for b in sc_branches}
                ],
            }
        )
    return render(
        request,
        "party/structure.html",
        {
            "tree": tree,
            "unassigned": by_sc.get(None, []),
            "other_branches": branches_by_sc.get(None, []),
            "members_total": len(memberships),
            "cpc_codes": CPC_CODES,
            "on": on,
            "breadcrumbs": [(c.name, None), (_("组织架构"), None)],
        },
    )


@login_required
def branches(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "party.view")
    on = as_of(request)
    rows = (
        PartyBranch.objects.filter(committee=c)
        .active_on(on)
        .select_related("committee", "special_committee", "secretary")
    )
    kind = request.GET.get("kind")
    if kind in BranchKind.values:
        rows = rows.filter(kind=kind)
    counts: dict[int, int] = defaultdict(int)
    for branch_id in (
        PartyMembership.objects.filter(committee=c).active_on(on).values_list("branch_id", flat=True)
    ):
        counts[branch_id] += 1
    rows_list = list(rows)
    for b in rows_list:
        b.member_count = counts.get(b.pk, 0)  # type: ignore[attr-defined]
    return render(
        request,
        "party/branches.html",
        {
            "rows": rows_list,
            "kind": kind,
            "kinds": BranchKind.choices,
            "on": on,
            "can_manage": can(request.user, "party.manage_branches", c),
            "breadcrumbs": [(c.name, None), (_("党支部"), None)],
        },
    )


@login_required
def branch_create_view(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "party.manage_branches")
    form = BranchForm(request.POST or None, committee=c)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            branch = branch_create(committee=c, by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已建立党支部「%s」。") % branch.name)
            return redirect(branch)
    return render(
        request,
        "party/branch_form.html",
        {
            "form": form,
            "breadcrumbs": [(c.name, None), (_("党支部"), _branches_url(c)), (_("建立党支部"), None)],
        },
    )


def _branches_url(c: object) -> str:
    return reverse("party:branches", kwargs={"committee": c.code})  # type: ignore[attr-defined]


@login_required
def branch_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "party.view")
    branch = get_object_or_404(PartyBranch.objects.visible_to(request.user).filter(committee=c), pk=pk)
    today = timezone.localdate()
    members = list(
        PartyMembership.objects.filter(branch=branch)
        .active_on(today)
        .select_related("person")
        .order_by("person__stroke_key")
    )
    can_assign = can(request.user, "party.assign_members", branch)
    can_manage = can(request.user, "party.manage_branches", branch)
    if request.method == "POST":
        allowed = {"edit": can_manage, "assign": can_assign}
        if not allowed.get(request.POST.get("action", ""), False):
            raise PermissionDenied
    edit_form = None
    if can_manage:
        edit_form = BranchForm(
            request.POST if request.POST.get("action") == "edit" else None,
            committee=c,
            initial={
                "name": branch.name,
                "kind": branch.kind,
                "special_committee": branch.special_committee_id,
                "secretary": branch.secretary_id,
                "established_on": branch.established_on,
                "version": branch.version,
            },
        )
        if request.method == "POST" and request.POST.get("action") == "edit" and edit_form.is_valid():
            data = {k: v for k, v in edit_form.cleaned_data.items() if k != "version"}
            try:
                branch_update(
                    branch=branch,
                    data=data,
                    expected_version=edit_form.cleaned_data["version"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(edit_form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect(branch)
    assign_form = (
        AssignMemberForm(request.POST if request.POST.get("action") == "assign" else None, committee=c)
        if can_assign
        else None
    )
    posted = request.method == "POST" and request.POST.get("action") == "assign"
    if assign_form is not None and posted and assign_form.is_valid():
        try:
            party_member_assign(
                branch=branch,
                person=assign_form.cleaned_data["person"],
                role=assign_form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(assign_form, exc)
        else:
            messages.success(request, _("已编入「%s」。") % assign_form.cleaned_data["person"].name)
            return redirect(branch)
    return render(
        request,
        "party/branch_detail.html",
        {
            "branch": branch,
            "members": members,
            "can_assign": can_assign,
            "assign_form": assign_form,
            "edit_form": edit_form,
            "breadcrumbs": [(c.name, None), (_("党支部"), _branches_url(c)), (branch.name, None)],
        },
    )


@login_required
@require_POST
def membership_leave(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "party.view")
    membership = get_object_or_404(
        PartyMembership.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("branch", "person"),
        pk=pk,
    )
    require(request, "party.assign_members", membership.branch)
    try:
        party_member_leave(membership=membership, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("「%s」已转出本支部。") % membership.person.name)
    return redirect(membership.branch)


@login_required
def coverage_view(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "party.view")
    on = as_of(request)
    return render(
        request,
        "party/coverage.html",
        {"coverage": coverage(c, on), "on": on, "breadcrumbs": [(c.name, None), (_("两个全覆盖"), None)]},
    )
