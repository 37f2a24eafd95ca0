from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.masking import mask_id_number, mask_phone
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import add_service_errors, as_of, committee_for, require, xlsx_response
from lvzhi.org.extensions import roster_fields
from lvzhi.org.filters import SORTS, MemberFilter
from lvzhi.org.forms import MemberForm, RosterImportForm
from lvzhi.org.models import Committee, Person, Sector, SpecialCommittee, Term, TermMembership
from lvzhi.org.roster import roster_export, roster_import, roster_template
from lvzhi.org.services import member_create, member_update, person_reveal

PAGE_SIZE = 50


def _members_queryset(request: HttpRequest, committee: Committee) -> tuple[MemberFilter, date]:
    on = as_of(request)
    base = TermMembership.objects.visible_to(request.user).current(committee, on)
    member_filter = MemberFilter(request.GET or None, queryset=base, committee=committee, on=on)
    return member_filter, on


@login_required
def members(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "org.view_roster")
    member_filter, on = _members_queryset(request, c)
    sort = request.GET.get("sort", "stroke")
    queryset = member_filter.qs.select_related("person", "sector", "special_committee").order_by(
        *SORTS.get(sort, SORTS["stroke"])
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    extras = [(f.header, f.values(c, [m.person_id for m in rows], on)) for f in roster_fields()]
    for m in rows:
        m.extra_values = [values.get(m.person_id, "") for _header, values in extras]
    context = {
        "filter": member_filter,
        "page_obj": page,
        "rows": rows,
        "extra_headers": [h for h, _v in extras],
        "on": on,
        "sort": sort,
        "can_add": can(request.user, "org.add_member", c),
        "can_import": can(request.user, "org.import_roster", c),
        "can_export": can(request.user, "org.export_roster", c),
        "breadcrumbs": [(c.name, None), (_("委员名册"), None)],
    }
    template = "org/_member_rows.html" if request.htmx else "org/members.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def members_export(request: HttpRequest, committee: str) -> HttpResponse:
    """What the filters show, 按姓氏笔画; full IDs only for roles that may see them (audited)."""
    c = committee_for(request, committee, "org.export_roster")
    member_filter, on = _members_queryset(request, c)
    full = can(request.user, "org.view_sensitive", c)
    data = roster_export(committee=c, by=request.user, full=full, on=on, memberships=member_filter.qs)
    return xlsx_response(data, f"{c.code}-roster-{on.isoformat()}.xlsx")


@login_required
def member_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    person = get_object_or_404(Person.objects.visible_to(request.user).filter(committee=c), pk=pk)
    today = timezone.localdate()
    memberships = list(
        person.memberships.select_related("term", "sector", "special_committee").order_by("-term__start")
    )
    extras = [(f.header, f.values(c, [person.pk], today).get(person.pk, "")) for f in roster_fields()]
    term_in_force = getattr(Term.objects.in_force(c, today), "pk", None)
    context = {
        "person": person,
        "memberships": memberships,
        "extras": extras,
        "id_masked": mask_id_number(person.id_number),
        "mobile_masked": mask_phone(person.mobile),
        "can_reveal": can(request.user, "org.view_sensitive", person),
        "can_view_archive": can(request.user, "duty.view_archive", person),
        "can_edit": any(m.term_id == term_in_force for m in memberships)
        and can(request.user, "org.change_member", person),
        "breadcrumbs": [(c.name, None), (_("委员名册"), _members_url(c)), (person.name, None)],
    }
    return render(request, "org/member_detail.html", context)


def _members_url(c: object) -> str:
    from django.urls import reverse

    return reverse("org:members", kwargs={"committee": c.code})  # type: ignore[attr-defined]


@login_required
@require_POST
def member_reveal(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """The full ID number and phone, for a role that may see them; audited."""
    c = committee_for(request, committee)
    person = get_object_or_404(Person.objects.visible_to(request.user).filter(committee=c), pk=pk)
    try:
        values = person_reveal(person=person, by=request.user)
    except PermissionDenied:
        raise
    return render(request, "org/_sensitive.html", {"person": person, **values, "revealed": True})


@login_required
def member_create_view(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "org.add_member")
    term = Term.objects.in_force(c, timezone.localdate())
    if term is None:
        messages.error(request, _("尚未设置当前届次，不能添加委员。"))
        return redirect("org:members", committee=c.code)
    form = MemberForm(request.POST or None, committee=c, initial={"start": term.start})
    if request.method == "POST" and form.is_valid():
        try:
            membership = member_create(
                committee=c,
                term=term,
                person_data=form.person_data(),
                membership_data=form.membership_data(),
                id_number=form.cleaned_data["id_number"] or "",
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已添加委员「%s」。") % membership.person.name)
            return redirect(membership.person)
    return render(
        request,
        "org/member_form.html",
        {
            "form": form,
            "term": term,
            "breadcrumbs": [(c.name, None), (_("委员名册"), _members_url(c)), (_("添加委员"), None)],
        },
    )


@login_required
def member_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    person = get_object_or_404(Person.objects.visible_to(request.user).filter(committee=c), pk=pk)
    require(request, "org.change_member", person)
    membership = (
        TermMembership.objects.of_term_in_force(c, timezone.localdate())
        .filter(person=person)
        .select_related("term")
        .first()
    )
    if membership is None:  # not serving in the term in force: a closed term's record is its archive
        raise PermissionDenied
    initial = {
        "name": person.name,
        "gender": person.gender,
        "ethnicity": person.ethnicity,
        "birth_month": person.birth_month.strftime("%Y-%m") if person.birth_month else "",
        "political": person.political,
        "mobile": mask_phone(person.mobile),
        "id_number": mask_id_number(person.id_number),
        "sector": membership.sector_id,
        "special_committee": membership.special_committee_id,
        "position": membership.position,
        "workplace": membership.workplace,
        "start": membership.start,
        "version": person.version,
    }
    form = MemberForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            member_update(
                membership=membership,
                person_data=form.person_data(),
                membership_data=form.membership_data(),
                id_number=form.cleaned_data["id_number"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(person)
    return render(
        request,
        "org/member_form.html",
        {
            "form": form,
            "person": person,
            "term": membership.term,
            "breadcrumbs": [
                (c.name, None),
                (_("委员名册"), _members_url(c)),
                (person.name, person.get_absolute_url()),
                (_("编辑"), None),
            ],
        },
    )


@login_required
def roster_import_view(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "org.import_roster")
    form = RosterImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = roster_import(
            committee=c,
            data=upload.read(),
            filename=upload.name,
            by=request.user,
            dry_run=form.cleaned_data["dry_run"],
            create_missing=form.cleaned_data["create_missing"],
        )
        if report.applied:
            messages.success(
                request,
                _("已导入：新增%(c)d名，更新%(u)d名，未变%(n)d名。")
                % {"c": report.created, "u": report.updated, "n": report.unchanged},
            )
        elif report.ok:
            messages.info(request, _("检查通过，可以导入（尚未写入）。"))
    return render(
        request,
        "org/roster_import.html",
        {
            "form": form,
            "report": report,
            "breadcrumbs": [(c.name, None), (_("委员名册"), _members_url(c)), (_("名册导入"), None)],
        },
    )


@login_required
def roster_template_view(request: HttpRequest, committee: str) -> HttpResponse:
    committee_for(request, committee, "org.import_roster")
    return xlsx_response(roster_template(), "roster-template.xlsx")


@login_required
def sectors(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "org.view_roster")
    on = as_of(request)
    term = Term.objects.in_force(c, on)
    active = Q(memberships__term=term, memberships__start__lte=on) & (
        Q(memberships__end__isnull=True) | Q(memberships__end__gte=on)
    )
    rows = Sector.objects.filter(committee=c).annotate(members=Count("memberships", filter=active))
    show_all = request.GET.get("all") == "1"
    if not show_all:
        rows = rows.filter(members__gt=0)
    return render(
        request,
        "org/sectors.html",
        {
            "rows": rows,
            "on": on,
            "show_all": show_all,
            "breadcrumbs": [(c.name, None), (_("界别"), None)],
        },
    )


@login_required
def special_committees(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "org.view_roster")
    on = as_of(request)
    term = Term.objects.in_force(c, on)
    active = Q(memberships__term=term, memberships__start__lte=on) & (
        Q(memberships__end__isnull=True) | Q(memberships__end__gte=on)
    )
    rows = SpecialCommittee.objects.filter(committee=c).annotate(members=Count("memberships", filter=active))
    return render(
        request,
        "org/special_committees.html",
        {"rows": rows, "on": on, "breadcrumbs": [(c.name, None), (_("专委会"), None)]},
    )
