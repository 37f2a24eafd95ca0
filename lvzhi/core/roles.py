"""Roles a user can hold in a committee, and what each kind of role may read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITOR = "auditor", _("审计管理员")
    LEADER = "leader", _("领导")
    STAFF = "staff", _("工作人员")
    COMMITTEE_DIRECTOR = "director", _("专委会主任")
    BRANCH_SECRETARY = "secretary", _("支部书记")
    MEMBER = "member", _("委员")
    UNIT = "unit", _("承办单位")


# 三员分立: one person holds at most one of these three.
ADMIN_TRIO = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})

# Roles that read their committee's business data (and, read-only, its subordinates').
COMMITTEE_READERS = frozenset(
    {Role.LEADER, Role.STAFF, Role.COMMITTEE_DIRECTOR, Role.BRANCH_SECRETARY, Role.SYSADMIN}
)

# Roles that may see ID numbers and phones in full (each reveal is audited).
SENSITIVE_READERS = frozenset({Role.STAFF})
