"""换届 for the office: the term in force closes, the members who continue are carried into the new term,
the others leave with the old one (届满), and those who join come in through the roster import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lvzhi.core.views_helpers import add_service_errors, committee_for
from lvzhi.org.forms import TermChangeForm
from lvzhi.org.models import Term, TermMembership
from lvzhi.org.services import term_change


@login_required
@require_http_methods(["GET", "POST"])
def term_change_view(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "org.manage_structure")
    today = timezone.localdate()
    term = Term.objects.in_force(c, today)
    serving = list(
        TermMembership.objects.current(c, today)
        .official_order()
        .select_related("person", "sector", "special_committee")
    )
    initial = {"number": term.number + 1 if term else 1, "start": today}
    form = TermChangeForm(request.POST or None, initial=initial)
    chosen = (
        {int(p) for p in request.POST.getlist("continuing") if p.isdigit()}
        if request.method == "POST"
        else None
    )
    if request.method == "POST" and form.is_valid():
        continuing = [m.person for m in serving if m.person_id in (chosen or set())]
        try:
            with transaction.atomic():
                new = term_change(committee=c, by=request.user, continuing=continuing, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "已换届：%(term)s自%(start)s起，连任委员%(n)d名，%(left)d名委员随上一届届满离任。新委员请通过名册导入加入。"
                )
                % {
                    "term": new.name,
                    "start": f"{new.start:%Y-%m-%d}",
                    "n": len(continuing),
                    "left": len(serving) - len(continuing),
                },
            )
            return redirect(reverse("org:roster_import", kwargs={"committee": c.code}))
    return render(
        request,
        "org/term_change.html",
        {
            "form": form,
            "term": term,
            "serving": serving,
            "chosen": chosen,
            "breadcrumbs": [
                (c.name, None),
                (_("委员名册"), reverse("org:members", kwargs={"committee": c.code})),
                (_("换届"), None),
            ],
        },
    )
