"""Writes of the accounts app: accounts, roles (三员分立), passwords."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pypinyin import lazy_pinyin

from lvzhi.accounts.models import PasswordHistory, RoleAssignment, User
from lvzhi.core.audit import audit_log
from lvzhi.core.roles import Role
from lvzhi.org.models import Committee, Person, TermMembership, Unit


def generate_password(length: int = 12) -> str:
    """A random password meeting the complexity rule (upper, lower, digit, other)."""
    alphabet = string.ascii_letters + string.digits + "@#%+=?"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.isupper() for c in candidate)
            and any(c.islower() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(not c.isalnum() for c in candidate)
        ):
            return candidate


def _set_password(user: User, password: str) -> None:
    """Set a password and remember the old hash for the no-reuse rule."""
    if user.pk and user.password:
        PasswordHistory.objects.create(user=user, encoded=user.password)
    user.set_password(password)
    user.password_changed_at = timezone.now()


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None = None,
    person: Person | None = None,
    must_change_password: bool = True,
    by: Any = None,
) -> tuple[User, str]:
    """A new account; returns it with its initial password (generated when not given)."""
    password = password or generate_password()
    user = User(username=username, person=person, must_change_password=must_change_password)
    validate_password(password, user)
    user.full_clean(exclude=["password"])
    _set_password(user, password)
    user.save()
    audit_log("user_create", user=by, obj=user, committee=person.committee if person else None)
    return user, password


@transaction.atomic
def role_grant(
    *, user: User, committee: Committee, role: str, unit: Unit | None = None, by: Any = None
) -> RoleAssignment:
    """Give a role in a committee. 三员分立 is checked in RoleAssignment.clean(); nobody grants themselves."""
    if by is not None and getattr(by, "pk", None) == user.pk:
        raise PermissionDenied(_("不能给自己授予角色。"))
    assignment = RoleAssignment.objects.filter(user=user, committee=committee, role=role).first()
    if assignment is not None:
        return assignment
    assignment = RoleAssignment(user=user, committee=committee, role=role, unit=unit)
    assignment.full_clean()
    assignment.save()
    audit_log(
        "role_grant",
        user=by,
        obj=assignment,
        detail={"user": user.username, "role": role, "unit": str(unit or "")},
    )
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, by: Any = None) -> None:
    audit_log(
        "role_revoke",
        user=by,
        obj=assignment,
        detail={"user": assignment.user.username, "role": assignment.role},
    )
    assignment.delete()


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> User:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("原密码不正确。")})
    validate_password(new_password, user)
    _set_password(user, new_password)
    user.must_change_password = False
    user.save()
    audit_log("password_change", user=user, obj=user)
    return user


@transaction.atomic
def password_reset(*, user: User, by: Any) -> str:
    """A new temporary password, to be changed at the next login (by the 安全管理员)."""
    if getattr(by, "pk", None) == user.pk:
        raise PermissionDenied(_("不能重置自己的密码，请使用「修改密码」。"))
    password = generate_password()
    _set_password(user, password)
    user.must_change_password = True
    user.save()
    audit_log("password_reset", user=by, obj=user)
    return password


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: Any) -> User:
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_log("user_activate" if active else "user_deactivate", user=by, obj=user)
    return user


@dataclass(frozen=True)
class NewAccount:
    person: Person
    username: str
    password: str


def username_for(person: Person, taken: set[str]) -> str:
    """Pinyin of the name (zhangsan), with a number when taken (zhangsan2)."""
    base = "".join(lazy_pinyin(person.name)).lower() or f"member{person.pk}"
    base = "".join(c for c in base if c.isalnum()) or f"member{person.pk}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    taken.add(candidate)
    return candidate


@transaction.atomic
def member_accounts_create(*, committee: Committee, by: Any, on: Any = None) -> list[NewAccount]:
    """An account with the 委员 role for each member of the term in force who has none yet."""
    on = on or timezone.localdate()
    memberships = (
        TermMembership.objects.current(committee, on)
        .filter(person__user__isnull=True)
        .select_related("person")
        .official_order()
    )
    taken = set(User.objects.values_list("username", flat=True))
    created: list[NewAccount] = []
    for membership in memberships:
        person = membership.person
        user, password = user_create(username=username_for(person, taken), person=person, by=by)
        assignment = RoleAssignment(user=user, committee=committee, role=Role.MEMBER)
        assignment.save()
        created.append(NewAccount(person=person, username=user.username, password=password))
    audit_log("member_accounts_create", user=by, committee=committee, detail={"count": len(created)})
    return created
