"""`can(user, action, obj)`: the one check behind every action. Each app declares its rules in its own
``permissions.py`` (``RULES = {"app.action": rule}``); the matrix is written down in docs/permissions.md.

A rule sees the user's Scope and the object. Roles count only in the object's own committee: a higher
committee reads its subordinates (through ``visible_to``) and edits none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from lvzhi.core.scope import Scope, scope_of

Rule = Callable[[Scope, Any], bool]

_rules: dict[str, Rule] = {}


def committee_id_of(obj: Any) -> int:
    if obj._meta.label_lower == "org.committee":
        return int(obj.pk)
    return int(obj.committee_id)


def has_role(*roles: str) -> Rule:
    """The user holds one of ``roles`` in the object's own committee."""

    def rule(scope: Scope, obj: Any) -> bool:
        return scope.has_role(committee_id_of(obj), *roles)

    return rule


def reads_committee(scope: Scope, obj: Any) -> bool:
    """The user holds a reading role in the object's committee or in one above it."""
    committee = obj if obj._meta.label_lower == "org.committee" else obj.committee
    return scope.reads_committee_path(committee.path)


def is_own(person_attr: str) -> Rule:
    """The object is the user's own (``person_attr`` names the Person id on it, e.g. ``"id"``, ``"person_id"``)."""

    def rule(scope: Scope, obj: Any) -> bool:
        return scope.person_id is not None and getattr(obj, person_attr, None) == scope.person_id

    return rule


def any_of(*rules: Rule) -> Rule:
    return lambda scope, obj: any(r(scope, obj) for r in rules)


def register(rules: dict[str, Rule]) -> None:
    for action, rule in rules.items():
        if action in _rules and _rules[action] is not rule:
            raise ImproperlyConfigured(f"permission {action!r} declared twice")
        _rules[action] = rule


def actions() -> list[str]:
    return sorted(_rules)


def can(user: Any, action: str, obj: Any) -> bool:
    if action not in _rules:
        raise ImproperlyConfigured(f"unknown permission {action!r}")
    scope = scope_of(user)
    return bool(scope.roles or scope.person_id) and _rules[action](scope, obj)


def require(user: Any, action: str, obj: Any) -> None:
    if not can(user, action, obj):
        raise PermissionDenied
