"""What a user may read: the one choke point behind every `visible_to(user)`.

A user holds roles per committee. A reading role reads its committee and, read-only, the subtree below
it (the committee tree keeps a materialized path, so a subtree is one prefix match). A 委员 reads only
rows that are their own. Writes are decided elsewhere (`lvzhi.core.permissions.can`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from lvzhi.core.roles import COMMITTEE_READERS, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


@dataclass(frozen=True)
class Scope:
    """A user's roles by committee, with the committees' tree paths; built once per request."""

    roles: dict[int, frozenset[str]] = field(default_factory=dict)
    paths: dict[int, str] = field(default_factory=dict)
    person_id: int | None = None
    # The handling units (承办单位) the user answers for, by committee.
    units: dict[int, frozenset[int]] = field(default_factory=dict)

    def roles_in(self, committee_id: int) -> frozenset[str]:
        return self.roles.get(committee_id, frozenset())

    def has_role(self, committee_id: int, *roles: str) -> bool:
        return bool(self.roles_in(committee_id) & set(roles))

    @property
    def reading_paths(self) -> list[str]:
        return sorted(
            {
                self.paths[c]
                for c, roles in self.roles.items()
                if roles & COMMITTEE_READERS and c in self.paths
            }
        )

    def reads_committee_path(self, path: str) -> bool:
        return any(path.startswith(p) for p in self.reading_paths)

    def committees_q(self, prefix: str = "") -> Q:
        """Q over a committee FK (``prefix`` like ``"committee__"``) for the committees this user reads."""
        q = Q(pk__in=[])
        for path in self.reading_paths:
            q |= Q(**{f"{prefix}path__startswith": path})
        return q

    @property
    def unit_ids(self) -> frozenset[int]:
        return frozenset().union(*self.units.values()) if self.units else frozenset()

    @property
    def is_member_only(self) -> bool:
        return all(roles <= {Role.MEMBER} for roles in self.roles.values())


EMPTY_SCOPE = Scope()


def scope_of(user: Any) -> Scope:
    """The user's Scope (the accounts app builds it); anonymous users have none."""
    if user is None or not getattr(user, "is_authenticated", False):
        return EMPTY_SCOPE
    scope: Scope = user.scope
    return scope


def is_anonymous(user: AnonymousUser | Any) -> bool:
    return not getattr(user, "is_authenticated", False)
