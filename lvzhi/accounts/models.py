"""Users (each linked to a person), their roles per committee, and the password history."""

from __future__ import annotations

from datetime import timedelta
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lvzhi.core.models import CommitteeScoped, CommitteeScopedQuerySet
from lvzhi.core.roles import ADMIN_TRIO, Role
from lvzhi.core.scope import Scope


class User(AbstractUser):
    """An account. A person in the roster logs in through it; its roles say what it may do where."""

    person = models.OneToOneField(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
        verbose_name=_("人员"),
    )
    must_change_password = models.BooleanField(default=True, verbose_name=_("下次登录须修改密码"))
    password_changed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("密码修改时间"))

    objects = UserManager()  # type: ignore[misc]
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    @classmethod
    def of_units(cls, committee_id: int, unit_ids: Any) -> list[User]:
        """The active accounts answering for any of these handling units (承办单位) in the committee."""
        return list(
            cls.objects.filter(
                is_active=True,
                role_assignments__committee_id=committee_id,
                role_assignments__role=Role.UNIT,
                role_assignments__unit_id__in=list(unit_ids),
            ).distinct()
        )

    def __str__(self) -> str:
        if self.person_id and self.person:
            return f"{self.person.name}（{self.username}）"
        return self.username

    @cached_property
    def scope(self) -> Scope:
        """Roles by committee with the committees' paths; computed once per request."""
        roles: dict[int, set[str]] = {}
        paths: dict[int, str] = {}
        units: dict[int, set[int]] = {}
        for committee_id, path, role, unit_id in RoleAssignment.objects.filter(user=self).values_list(
            "committee_id", "committee__path", "role", "unit_id"
        ):
            roles.setdefault(committee_id, set()).add(role)
            paths[committee_id] = path
            if unit_id is not None:
                units.setdefault(committee_id, set()).add(unit_id)
        return Scope(
            roles={c: frozenset(r) for c, r in roles.items()},
            paths=paths,
            person_id=self.person_id,
            units={c: frozenset(u) for c, u in units.items()},
        )

    def password_expired(self, now: Any = None) -> bool:
        days = settings.LVZHI_PASSWORD_MAX_AGE_DAYS
        if not days or self.password_changed_at is None:
            return False
        return (now or timezone.now()) - self.password_changed_at > timedelta(days=days)


class RoleAssignmentQuerySet(CommitteeScopedQuerySet):
    owner_lookup = "user__person_id"


class RoleAssignment(CommitteeScoped):
    """A role a user holds in one committee."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("用户")
    )
    role = models.CharField(max_length=12, choices=Role.choices, verbose_name=_("角色"))
    # The unit a 承办单位 account answers for (that role only).
    unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("承办单位"),
    )
    granted_at = models.DateTimeField(default=timezone.now, verbose_name=_("授予时间"))

    objects = RoleAssignmentQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "role", "user"]
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [
            models.UniqueConstraint(fields=["committee", "user", "role"], name="role_unique_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def clean(self) -> None:
        if self.role == Role.UNIT and self.unit_id is None:
            raise ValidationError({"unit": _("承办单位角色须指定所属单位。")})
        if self.role != Role.UNIT and self.unit_id is not None:
            raise ValidationError({"unit": _("只有承办单位角色可以指定单位。")})
        if self.unit is not None and self.unit.committee_id != self.committee_id:
            raise ValidationError({"unit": _("该单位不属于本政协。")})
        # One account per person (User.person is one-to-one), so checking the account checks the person.
        if self.role in ADMIN_TRIO:
            others = (
                RoleAssignment.objects.filter(user_id=self.user_id, role__in=ADMIN_TRIO)
                .exclude(role=self.role)
                .exists()
            )
            if others:
                raise ValidationError(
                    {"role": _("三员分立：系统管理员、安全管理员、审计管理员只能由三个不同的人分别担任。")}
                )


class PasswordHistory(models.Model):
    """Recent password hashes of a user, so a new password cannot repeat one of them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    encoded = models.CharField(max_length=256)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.created:%Y-%m-%d}"


class TwoFactor(models.Model):
    """两步验证: a user's TOTP secret (RFC 6238, encrypted with the field key), confirmed once the user
    typed a code from their authenticator app; the last time step used, so no code works twice; and the
    hashes of the unused recovery codes."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=200)
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("启用时间"))
    last_step = models.BigIntegerField(default=0)
    recovery_codes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("两步验证")
        verbose_name_plural = _("两步验证")

    def __str__(self) -> str:
        return f"{self.user} · {'on' if self.confirmed_at else 'pending'}"
