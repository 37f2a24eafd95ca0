from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.accounts.changes import field_change_count, field_changes, model_choices
from lvzhi.accounts.forms import LoginForm, PasswordChangeForm, RoleGrantForm, UserCreateForm
from lvzhi.accounts.models import RoleAssignment, TwoFactor, User
from lvzhi.accounts.services import (
    member_accounts_create,
    password_change,
    password_reset,
    role_grant,
    role_revoke,
    user_create,
    user_set_active,
)
from lvzhi.accounts.twofactor import enabled_for, required_for
from lvzhi.accounts.views_2fa import start_second_step
from lvzhi.core.audit import audit_log
from lvzhi.core.models import AuditEvent
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import add_service_errors, committee_for
from lvzhi.org.models import Committee


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        """The password was right: log in, or first ask for the second step (两步验证) when the user has
        it on or one of their roles requires it."""
        user = form.get_user()
        if required_for(user) or enabled_for(user):
            start_second_step(self.request, user, self.get_success_url())
            return redirect("accounts:two_factor")
        return super().form_valid(form)


@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_change(
                user=user,  # type: ignore[arg-type]
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_service_errors(form, exc)
            else:
                form.add_error("new_password1", exc)
        else:
            update_session_auth_hash(request, user)  # type: ignore[arg-type]
            messages.success(request, _("密码已修改。"))
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse("core:home")
            return redirect(target)
    reason = None
    if user.must_change_password:  # type: ignore[union-attr]
        reason = _("首次登录或密码被重置后，须先修改密码。")
    elif user.password_expired():  # type: ignore[union-attr]
        reason = _("密码已过期，请修改密码。")
    return render(request, "accounts/password_change.html", {"form": form, "reason": reason})


def _users_of(committee: Committee) -> QuerySet[User]:
    """Accounts belonging to a committee: a role in it, or a person of its roster."""
    return (
        User.objects.filter(Q(role_assignments__committee=committee) | Q(person__committee=committee))
        .distinct()
        .select_related("person")
        .order_by("username")
    )


def _require_within(user: User, committee: Committee) -> None:
    """An account holding a role beyond this committee's tree (a higher or a sibling committee) is
    managed there, not here: its password and status are not this committee's to change."""
    outside = RoleAssignment.objects.filter(user=user).exclude(
        committee__in=Committee.objects.subtree(committee)
    )
    if user.is_superuser or outside.exists():
        raise PermissionDenied


@login_required
def users(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "accounts.view_users")
    page = Paginator(_users_of(c), 50).get_page(request.GET.get("page"))
    roles: dict[int, list[str]] = {}
    for user_id, role in RoleAssignment.objects.filter(
        committee=c, user__in=list(page.object_list)
    ).values_list("user_id", "role"):
        roles.setdefault(user_id, []).append(role)
    rows = [
        (u, [RoleAssignment(role=r).get_role_display() for r in roles.get(u.pk, [])])
        for u in page.object_list
    ]
    return render(
        request,
        "accounts/users.html",
        {
            "rows": rows,
            "page_obj": page,
            "can_manage": can(request.user, "accounts.manage_users", c),
            "breadcrumbs": [(c.name, None), (_("用户与角色"), None)],
        },
    )


@login_required
def user_create_view(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "accounts.manage_users")
    form = UserCreateForm(request.POST or None, committee=c)
    new_password = None
    if request.method == "POST" and form.is_valid():
        try:
            user, new_password = user_create(
                username=form.cleaned_data["username"], person=form.cleaned_data["person"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("已创建账号「%s」，请将初始密码告知本人，首次登录须修改。") % user.username
            )
            return render(
                request,
                "accounts/new_passwords.html",
                {"accounts": [(user.username, str(user), new_password)]},
            )
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "breadcrumbs": [(c.name, None), (_("用户与角色"), _users_url(c)), (_("新建账号"), None)],
        },
    )


def _users_url(c: Committee) -> str:
    return reverse("accounts:users", kwargs={"committee": c.code})


@login_required
def user_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "accounts.view_users")
    user = get_object_or_404(_users_of(c), pk=pk)
    grant_form = (
        RoleGrantForm(request.POST or None, committee=c)
        if can(request.user, "accounts.grant_roles", c)
        else None
    )
    if grant_form is not None and request.method == "POST" and grant_form.is_valid():
        try:
            role_grant(
                user=user,
                committee=c,
                role=grant_form.cleaned_data["role"],
                unit=grant_form.cleaned_data["unit"],
                by=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("已授予角色。"))
            return redirect("accounts:user_detail", committee=c.code, pk=user.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": user,
            "assignments": RoleAssignment.objects.filter(committee=c, user=user).select_related("unit"),
            "grant_form": grant_form,
            "can_grant": grant_form is not None,
            "can_reset": can(request.user, "accounts.reset_password", c) and user.pk != request.user.pk,
            "two_factor": TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).first(),
            "can_manage": can(request.user, "accounts.manage_users", c) and user.pk != request.user.pk,
            "breadcrumbs": [(c.name, None), (_("用户与角色"), _users_url(c)), (user.username, None)],
        },
    )


@login_required
@require_POST
def role_revoke_view(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "accounts.grant_roles")
    assignment = get_object_or_404(RoleAssignment.objects.filter(committee=c), pk=pk)
    if assignment.user_id == request.user.pk:
        raise PermissionDenied
    role_revoke(assignment=assignment, by=request.user)
    messages.success(request, _("已撤销角色。"))
    return redirect("accounts:user_detail", committee=c.code, pk=assignment.user_id)


@login_required
@require_POST
def password_reset_view(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "accounts.reset_password")
    user = get_object_or_404(_users_of(c), pk=pk)
    _require_within(user, c)
    password = password_reset(user=user, by=request.user)
    return render(
        request, "accounts/new_passwords.html", {"accounts": [(user.username, str(user), password)]}
    )


@login_required
@require_POST
def user_active_view(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "accounts.manage_users")
    user = get_object_or_404(_users_of(c), pk=pk)
    if user.pk == request.user.pk:
        raise PermissionDenied
    _require_within(user, c)
    user_set_active(user=user, active=request.POST.get("active") == "1", by=request.user)
    messages.success(request, _("已保存。"))
    return redirect("accounts:user_detail", committee=c.code, pk=user.pk)


@login_required
def member_accounts_view(request: HttpRequest, committee: str) -> HttpResponse:
    """Accounts for every member of the term in force who has none, with the 委员 role."""
    c = committee_for(request, committee, "accounts.manage_users")
    if request.method == "POST":
        created = member_accounts_create(committee=c, by=request.user)
        if not created:
            messages.info(request, _("本届委员都已有账号。"))
            return redirect("accounts:users", committee=c.code)
        return render(
            request,
            "accounts/new_passwords.html",
            {"accounts": [(a.username, a.person.name, a.password) for a in created]},
        )
    return render(
        request,
        "accounts/member_accounts.html",
        {"breadcrumbs": [(c.name, None), (_("用户与角色"), _users_url(c)), (_("批量创建委员账号"), None)]},
    )


@login_required
def audit(request: HttpRequest, committee: str) -> HttpResponse:
    """The audit trail (审计管理员 only): events, and every field change of this committee's rows."""
    c = committee_for(request, committee, "accounts.view_audit")
    context: dict[str, Any] = {"tab": request.GET.get("tab", "events"), "models": model_choices()}
    context["breadcrumbs"] = [(c.name, None), (_("审计日志"), None)]
    if context["tab"] == "changes":
        labels = [label for label, _name in context["models"]]
        chosen = request.GET.get("model", "")
        label = chosen if chosen in labels else labels[0]
        counted = Paginator(range(field_change_count(c, label)), 50).get_page(request.GET.get("page"))
        context["changes"] = field_changes(c, label, limit=50, offset=max(counted.start_index() - 1, 0))
        context.update(page_obj=counted, model=label)
        audit_log("audit_view", user=request.user, committee=c, detail={"tab": "changes", "model": label})
        return render(request, "accounts/audit.html", context)
    user_ids = RoleAssignment.objects.filter(committee=c).values("user_id")
    events = AuditEvent.objects.filter(Q(committee=c) | Q(user_id__in=user_ids)).select_related("user")
    action = request.GET.get("action", "")
    if action:
        events = events.filter(action=action)
    if q := request.GET.get("q", "").strip():
        events = events.filter(Q(username__icontains=q) | Q(object_repr__icontains=q))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    audit_log("audit_view", user=request.user, committee=c, detail={"page": page.number})
    actions = (
        AuditEvent.objects.filter(committee=c).values_list("action", flat=True).distinct().order_by("action")
    )
    context.update(page_obj=page, action=action, actions=list(actions))
    return render(request, "accounts/audit.html", context)
