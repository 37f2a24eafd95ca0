"""Demo accounts, one per role, with a known password and no forced change (a demo only)."""

from __future__ import annotations

from lvzhi.accounts.models import RoleAssignment
from lvzhi.accounts.services import user_create
from lvzhi.core.demo import DEMO_PASSWORD, DemoContext
from lvzhi.core.roles import Role
from lvzhi.org.choices import Position

ORDER = 30


def seed(ctx: DemoContext) -> None:
    committee = ctx.objects["committee"]
    memberships = ctx.objects["memberships"]
    staff = ctx.objects["staff_people"]
    chair = next(m.person for m in memberships if m.position == Position.CHAIR)
    secretary = ctx.objects["branches"][0].secretary
    director = next(
        m.person
        for m in memberships
        if m.position == Position.STANDING
        and m.special_committee_id == ctx.objects["special_committees"][1].pk
    )
    member = next(m.person for m in memberships if m.position == Position.MEMBER and m.person != secretary)
    ctx.objects.update(demo_member=member, demo_chair=chair)
    accounts = [
        ("demo-sysadmin", Role.SYSADMIN, staff[1], committee),
        ("demo-secadmin", Role.SECADMIN, staff[2], committee),
        ("demo-auditor", Role.AUDITOR, staff[3], committee),
        ("demo-leader", Role.LEADER, chair, committee),
        ("demo-staff", Role.STAFF, staff[0], committee),
        ("demo-director", Role.COMMITTEE_DIRECTOR, director, committee),
        ("demo-secretary", Role.BRANCH_SECRETARY, secretary, committee),
        ("demo-member", Role.MEMBER, member, committee),
        ("demo-city", Role.LEADER, None, ctx.objects["city"]),
        ("demo-unit", Role.UNIT, None, committee),
    ]
    for username, role, person, where in accounts:
        user, _password = user_create(
            username=username, password=DEMO_PASSWORD, person=person, must_change_password=False
        )
        # The 承办单位 account answers for the demo's housing bureau (供暖 proposals go there).
        unit = ctx.objects["units"][8] if role == Role.UNIT else None
        RoleAssignment.objects.create(user=user, committee=where, role=role, unit=unit)
        if where == committee and role in {Role.LEADER, Role.COMMITTEE_DIRECTOR, Role.BRANCH_SECRETARY}:
            RoleAssignment.objects.create(user=user, committee=where, role=Role.MEMBER)  # members themselves
        ctx.accounts.append((username, str(role.label), where.name))
