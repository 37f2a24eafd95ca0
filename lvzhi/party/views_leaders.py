"""Leaders' party-building: dual org life per leader per year, contact points with visits, 一岗双责."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import committee_for
from lvzhi.org.forms import StyledForm
from lvzhi.org.models import Committee, Person
from lvzhi.party.choices import AttendanceStatus, BranchKind
from lvzhi.party.models import Attendance, ContactPoint, ContactVisit, LeaderDuty, Meeting, PartyBranch
from lvzhi.party.orglife import leader_ids
from lvzhi.party.services import contact_point_assign, contact_visit_record, leader_duty_add


class ContactForm(StyledForm):
    branch = forms.ModelChoiceField(label=gettext_lazy("联系党支部"), queryset=PartyBranch.objects.none())
    since = forms.DateField(label=gettext_lazy("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))


class VisitForm(StyledForm):
    point = forms.ModelChoiceField(label=gettext_lazy("联系点"), queryset=ContactPoint.objects.none())
    on = forms.DateField(label=gettext_lazy("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=gettext_lazy("内容"), max_length=300)


class DutyForm(StyledForm):
    text = forms.CharField(label=gettext_lazy("党建工作职责"), max_length=300)


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", str(timezone.localdate().year))
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise Http404("bad year")
    return int(text)


def _dual(committee: Committee, year: int) -> Any:
    return Attendance.objects.filter(
        committee=committee,
        status=AttendanceStatus.PRESENT,
        meeting__in=Meeting.objects.filter(committee=committee, held_on__year=year).counted(),
    )


@login_required
def leaders(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "party.view")
    year = _year(request)
    on = min(date(year, 12, 31), timezone.localdate())
    people = list(
        Person.objects.filter(pk__in=leader_ids(c, on), political__in=["01", "02"]).official_order()
    )
    ids = [p.pk for p in people]
    dual = dict(_dual(c, year).filter(person_id__in=ids).values_list("person_id").annotate(n=Count("id")))
    visits = dict(
        ContactVisit.objects.filter(committee=c, on__year=year, point__leader_id__in=ids)
        .values_list("point__leader_id")
        .annotate(n=Count("id"))
    )
    points: dict[int, list[str]] = {}
    for leader_id, name in ContactPoint.objects.filter(
        committee=c, leader_id__in=ids, until__isnull=True
    ).values_list("leader_id", "branch__name"):
        points.setdefault(leader_id, []).append(name)
    duties = dict(
        LeaderDuty.objects.filter(committee=c, year=year, leader_id__in=ids)
        .values_list("leader_id")
        .annotate(n=Count("id"))
    )
    rows = [
        (p, dual.get(p.pk, 0), points.get(p.pk, []), visits.get(p.pk, 0), duties.get(p.pk, 0)) for p in people
    ]
    return render(
        request,
        "party/leaders.html",
        {"rows": rows, "year": year, "breadcrumbs": [(c.name, None), (_("领导干部党建责任"), None)]},
    )


@login_required
def leader_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "party.view")
    year = _year(request)
    leader = get_object_or_404(Person.objects.visible_to(request.user).filter(committee=c), pk=pk)
    manage = can(request.user, "party.manage_branches", c)
    points = list(
        ContactPoint.objects.filter(committee=c, leader=leader)
        .select_related("branch")
        .prefetch_related("visits")
    )
    contact_form = ContactForm(request.POST if request.POST.get("action") == "contact" else None)
    regular = PartyBranch.objects.filter(committee=c).exclude(kind=BranchKind.TEMPORARY)
    contact_form.fields["branch"].queryset = regular  # type: ignore[attr-defined]
    visit_form = VisitForm(request.POST if request.POST.get("action") == "visit" else None)
    visit_form.fields["point"].queryset = ContactPoint.objects.filter(committee=c, leader=leader)  # type: ignore[attr-defined]
    duty_form = DutyForm(request.POST if request.POST.get("action") == "duty" else None)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        action = request.POST.get("action")
        form = {"contact": contact_form, "visit": visit_form, "duty": duty_form}.get(action or "")
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                if action == "contact":
                    contact_point_assign(leader=leader, by=request.user, **form.cleaned_data)
                elif action == "visit":
                    contact_visit_record(by=request.user, **form.cleaned_data)
                else:
                    leader_duty_add(
                        committee=c, leader=leader, year=year, text=form.cleaned_data["text"], by=request.user
                    )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("已保存。"))
                return redirect(
                    f"{reverse('party:leader', kwargs={'committee': c.code, 'pk': leader.pk})}?year={year}"
                )
    attended = (
        _dual(c, year).filter(person=leader).select_related("meeting__branch").order_by("-meeting__held_on")
    )
    return render(
        request,
        "party/leader_detail.html",
        {
            "leader": leader,
            "year": year,
            "attended": attended,
            "points": points,
            "duties": LeaderDuty.objects.filter(committee=c, leader=leader, year=year),
            "manage": manage,
            "contact_form": contact_form,
            "visit_form": visit_form,
            "duty_form": duty_form,
            "visits_in_year": sum(1 for p in points for v in p.visits.all() if v.on.year == year),
            "breadcrumbs": [
                (c.name, None),
                (_("领导干部党建责任"), reverse("party:leaders", kwargs={"committee": c.code})),
                (leader.name, None),
            ],
        },
    )
