"""The steps of the first set-up, shared by the wizard and ``lvzhi init``.

Each step runs in one transaction and records itself as done in the same transaction, so a failed step
leaves nothing half-created, and a step already done returns what it made without changing it.
Validation errors name the field they are about (``ValidationError`` with a dict).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.models import User
from lvzhi.accounts.services import generate_password, role_grant, user_create
from lvzhi.core.audit import audit_log
from lvzhi.core.codes import NATIONAL_SECTORS
from lvzhi.core.roles import Role
from lvzhi.core.tabular import TableError, read_table
from lvzhi.org.choices import Level
from lvzhi.org.models import Committee, Sector, SpecialCommittee, Term, TermMembership
from lvzhi.org.roster import ImportReport, roster_import
from lvzhi.org.services import committee_create, special_committee_create, term_create
from lvzhi.party.choices import BranchKind
from lvzhi.party.models import PartyBranch, PartyMembership
from lvzhi.party.services import branch_create, party_member_assign
from lvzhi.setup.models import SetupState

# The steps in their order; the first three and the administrators cannot be skipped.
STEPS = ("committee", "term", "sectors", "special_committees", "admins", "roster", "branches", "staff")
REQUIRED_STEPS = ("committee", "term", "admins")
ADMIN_ROLES = (Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR)
STAFF_ROLES = (Role.STAFF, Role.LEADER)
TOKEN_FILE = "setup-token.txt"
STEP_LABELS: dict[str, Any] = {
    "committee": gettext_lazy("本级政协"),
    "term": gettext_lazy("当前届次"),
    "sectors": gettext_lazy("界别"),
    "special_committees": gettext_lazy("专委会"),
    "admins": gettext_lazy("三员"),
    "roster": gettext_lazy("委员名册"),
    "branches": gettext_lazy("党支部"),
    "staff": gettext_lazy("工作人员账号"),
}
PARENT_LEVEL: dict[str, str] = {
    Level.COUNTY: Level.CITY,
    Level.CITY: Level.PROVINCE,
    Level.PROVINCE: Level.NATIONAL,
}


def state() -> SetupState:
    obj, _created = SetupState.objects.get_or_create(pk=1)
    return obj


def setup_needed() -> bool:
    """True while the set-up is unfinished: no committee at all, or a set-up begun and not completed.

    An installation that already has committees and never ran the wizard (the demo, an upgrade) is set up.
    """
    row = SetupState.objects.filter(pk=1).only("completed_at").first()
    if row is not None:
        return row.completed_at is None
    return not Committee.objects.exists()


def token_path() -> Path:
    return Path(settings.LVZHI_HOME) / TOKEN_FILE


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_issue() -> str:
    """A new one-time setup token: its hash stored, the token itself written for the operator only."""
    row = SetupState.objects.select_for_update().get_or_create(pk=1)[0]
    token = secrets.token_urlsafe(18)
    row.token_digest = _digest(token)
    row.save(update_fields=["token_digest"])
    path = token_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(token + "\n")
    os.chmod(path, 0o600)
    return token


def token_ensure(*, announce: bool = True) -> None:
    """Make sure a token exists while set-up is needed, and tell the console where to find it."""
    row = state()
    if row.completed_at is not None:
        return
    if not row.token_digest:
        token = token_issue()
        message = f"\n  lvzhi 尚未设置。请在浏览器中打开 /setup/ ，输入一次性设置令牌：{token}\n  （令牌也保存在 {token_path()}）\n"
    else:
        message = f"\n  lvzhi 尚未设置。请在浏览器中打开 /setup/ ，设置令牌见 {token_path()}\n"
    if announce:
        sys.stderr.write(message)
        sys.stderr.flush()


def token_check(token: str) -> bool:
    row = SetupState.objects.filter(pk=1).first()
    if row is None or row.completed_at is not None or not row.token_digest or not token:
        return False
    return hmac.compare_digest(row.token_digest, _digest(token.strip()))


def session_digest() -> str:
    """What a session keeps once its token was accepted: it stays valid until the token changes."""
    row = SetupState.objects.filter(pk=1).first()
    return row.token_digest if row is not None and row.completed_at is None else ""


def _mark(row: SetupState, step: str) -> None:
    if step not in row.steps_done:
        row.steps_done = [*row.steps_done, step]
        row.save(update_fields=["steps_done", "committee"])


def _locked() -> SetupState:
    row = SetupState.objects.select_for_update().get_or_create(pk=1)[0]
    if row.completed_at is not None:
        raise ValidationError(_("初始设置已完成，不能再修改。"))
    return row


def _committee(row: SetupState) -> Committee:
    if row.committee is None:
        raise ValidationError(_("请先完成第一步：设置本级政协。"))
    return row.committee


def next_step(row: SetupState | None = None) -> str | None:
    row = row or state()
    return next((s for s in STEPS if s not in row.steps_done), None)


def _field_errors(exc: ValidationError, prefix: str = "") -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError({f"{prefix}{k}": v for k, v in exc.message_dict.items()})
    return exc


@transaction.atomic
def setup_committee(
    *, name: str, code: str, level: str, parent_name: str = "", parent_code: str = ""
) -> Committee:
    """Step 1: this installation's committee, and its higher committee as a node above it if given."""
    row = _locked()
    if row.is_done("committee"):
        return _committee(row)
    errors: dict[str, str] = {}
    name, code, parent_name, parent_code = (
        name.strip(),
        code.strip(),
        parent_name.strip(),
        parent_code.strip(),
    )
    if Committee.objects.filter(code=code).exists():
        errors["code"] = _("代码「%(code)s」已被使用。") % {"code": code}
    if parent_code and parent_code == code:
        errors["parent_code"] = _("上级政协的代码不能与本级相同。")
    if parent_code and not parent_name and not Committee.objects.filter(code=parent_code).exists():
        errors["parent_name"] = _("填写了上级政协代码时，请同时填写上级政协名称。")
    if parent_name and not parent_code:
        errors["parent_code"] = _("填写了上级政协名称时，请同时填写上级政协代码。")
    if errors:
        raise ValidationError(errors)
    parent = None
    if parent_code:
        parent = Committee.objects.filter(code=parent_code).first()
        if parent is None:
            parent = Committee(code=parent_code, name=parent_name, level=PARENT_LEVEL.get(level, level))
            parent.path = parent.compute_path()
            try:
                parent.full_clean()
            except ValidationError as exc:
                raise _field_errors(exc, "parent_") from exc
            parent.save()
    try:
        committee = committee_create(code=code, name=name, level=level, parent=parent)
    except ValidationError as exc:
        raise _field_errors(exc) from exc
    row.committee = committee
    _mark(row, "committee")
    return committee


@transaction.atomic
def setup_term(*, number: int, start: date, end: date | None = None) -> Term:
    """Step 2: the term in force (届次)."""
    row = _locked()
    committee = _committee(row)
    if row.is_done("term"):
        term = Term.objects.filter(committee=committee).order_by("-start").first()
        assert term is not None
        return term
    if number < 1:
        raise ValidationError({"number": _("届次须是正整数。")})
    term = term_create(committee=committee, number=number, start=start, end=end)
    _mark(row, "term")
    return term


@dataclass(frozen=True)
class SectorChoice:
    code: str
    name: str
    short_name: str


def sectors_from_file(data: bytes, filename: str) -> list[SectorChoice]:
    """A sheet of sectors: a 名称 column and an optional 简称 column."""
    try:
        table = read_table(data, filename, required_headers=["名称"], known_headers=["简称", "代码"])
    except TableError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    out = []
    for r in table.rows:
        name = r.cells.get("名称")
        if name is None or not name.text:
            raise ValidationError({"file": _("第%(n)d行「名称」：不能为空") % {"n": r.number}})
        short, code = r.cells.get("简称"), r.cells.get("代码")
        out.append(SectorChoice(code.text if code else "", name.text, short.text if short else ""))
    return out


@transaction.atomic
def setup_sectors(*, chosen: Sequence[SectorChoice]) -> list[Sector]:
    """Step 3: the committee's sectors (界别): those chosen from the national list (as edited) and any
    others; the national ones not chosen are removed (nobody belongs to a sector yet)."""
    row = _locked()
    committee = _committee(row)
    if row.is_done("sectors"):
        return list(Sector.objects.filter(committee=committee))
    if not chosen:
        raise ValidationError({"sectors": _("请至少选择或填写一个界别。")})
    names = [c.name.strip() for c in chosen]
    for name in names:
        if not name:
            raise ValidationError({"sectors": _("界别名称不能为空。")})
        if len(name) > Sector.NAME_MAX_LENGTH:
            raise ValidationError(
                {
                    "sectors": _("界别「%(name)s」的名称超过%(n)d个字。")
                    % {"name": name, "n": Sector.NAME_MAX_LENGTH}
                }
            )
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValidationError({"sectors": _("界别重复：%(names)s。") % {"names": "、".join(duplicates)}})
    existing = {s.code: s for s in Sector.objects.filter(committee=committee) if s.code}
    keep_codes = {c.code for c in chosen if c.code in existing}
    Sector.objects.filter(committee=committee).exclude(code__in=keep_codes).delete()
    result = []
    for order, choice in enumerate(chosen, start=1):
        sector = existing.get(choice.code) if choice.code in keep_codes else None
        sector = sector or Sector(committee=committee, code=choice.code)
        sector.name, sector.short_name, sector.order = choice.name.strip(), choice.short_name.strip(), order
        try:
            sector.full_clean()
        except ValidationError as exc:
            raise ValidationError({"sectors": f"{choice.name}：{'；'.join(exc.messages)}"}) from exc
        sector.save()
        result.append(sector)
    audit_log("setup_sectors", obj=committee, detail={"sectors": len(result)})
    _mark(row, "sectors")
    return result


def national_sectors() -> list[SectorChoice]:
    return [SectorChoice(c, full, short) for c, full, short in NATIONAL_SECTORS]


@transaction.atomic
def setup_special_committees(*, names: Iterable[str]) -> list[SpecialCommittee]:
    """Step 4: the special committees (专委会), one per name; names already there are kept as they are."""
    row = _locked()
    committee = _committee(row)
    if row.is_done("special_committees"):
        return list(SpecialCommittee.objects.filter(committee=committee))
    wanted = [n.strip() for n in names if n.strip()]
    for name in wanted:
        if len(name) > SpecialCommittee.NAME_MAX_LENGTH:
            raise ValidationError(
                {
                    "names": _("专委会「%(name)s」的名称超过%(n)d个字。")
                    % {"name": name, "n": SpecialCommittee.NAME_MAX_LENGTH}
                }
            )
    have = set(SpecialCommittee.objects.filter(committee=committee).values_list("name", flat=True))
    for name in dict.fromkeys(wanted):
        if name not in have:
            special_committee_create(committee=committee, name=name)
    _mark(row, "special_committees")
    return list(SpecialCommittee.objects.filter(committee=committee))


@dataclass(frozen=True)
class AdminInput:
    name: str
    username: str
    password: str
    password_again: str = ""


@transaction.atomic
def setup_admins(*, admins: dict[str, AdminInput]) -> list[User]:
    """Step 5: the three administrators of 三员分立, three different people with strong passwords.

    Errors are keyed ``<role>_<field>`` (``secadmin_name``), so the form puts each next to its field.
    """
    row = _locked()
    committee = _committee(row)
    if row.is_done("admins"):
        return list(
            User.objects.filter(role_assignments__committee=committee, role_assignments__role__in=ADMIN_ROLES)
        )
    errors: dict[str, list[str]] = {}

    def error(role: str, field: str, message: str) -> None:
        errors.setdefault(f"{role}_{field}", []).append(message)

    seen_names: dict[str, str] = {}
    seen_usernames: dict[str, str] = {}
    for role in ADMIN_ROLES:
        given = admins.get(role)
        label = str(Role(role).label)
        if given is None:
            error(role, "name", _("请填写%(role)s。") % {"role": label})
            continue
        name, username = given.name.strip(), given.username.strip()
        if not name:
            error(role, "name", _("请填写%(role)s的姓名。") % {"role": label})
        elif name in seen_names:
            error(
                role,
                "name",
                _("三员分立：%(role)s不能与%(other)s是同一人（%(name)s）。")
                % {"role": label, "other": seen_names[name], "name": name},
            )
        else:
            seen_names[name] = label
        if not username:
            error(role, "username", _("请填写%(role)s的用户名。") % {"role": label})
        elif username in seen_usernames:
            error(
                role,
                "username",
                _("三员分立：%(role)s不能与%(other)s使用同一账号。")
                % {"role": label, "other": seen_usernames[username]},
            )
        elif User.objects.filter(username=username).exists():
            error(role, "username", _("用户名「%(u)s」已被使用。") % {"u": username})
        else:
            seen_usernames[username] = label
        if given.password_again and given.password != given.password_again:
            error(role, "password_again", _("两次输入的密码不一致。"))
        try:
            validate_password(given.password, User(username=username, first_name=name))
        except ValidationError as exc:
            for message in exc.messages:
                error(role, "password", message)
    if errors:
        raise ValidationError(errors)
    users = []
    for role in ADMIN_ROLES:
        given = admins[role]
        user, _password = user_create(
            username=given.username.strip(), password=given.password, must_change_password=False
        )
        user.first_name = given.name.strip()
        user.save(update_fields=["first_name"])
        role_grant(user=user, committee=committee, role=role)
        users.append(user)
    _mark(row, "admins")
    return users


@transaction.atomic
def setup_roster(*, data: bytes, filename: str, create_missing: bool = False) -> ImportReport:
    """Step 6: the roster, through the roster import itself; a refused file writes nothing."""
    row = _locked()
    committee = _committee(row)
    if row.is_done("roster"):
        report = ImportReport(dry_run=True)
        report.errors.append(_("名册已导入，本步骤已完成。"))
        return report
    term = Term.objects.filter(committee=committee).order_by("-start").first()
    on = max(timezone.localdate(), term.start) if term else None
    report = roster_import(
        committee=committee, data=data, filename=filename, create_missing=create_missing, on=on
    )
    if report.applied:
        _mark(row, "roster")
    return report


@transaction.atomic
def setup_branches(*, per_special_committee: bool = True, others: Iterable[str] = ()) -> list[PartyBranch]:
    """Step 7: the party branches: a 专委会功能型党支部 for each special committee (its CPC members organized
    in it), and any others by name."""
    row = _locked()
    committee = _committee(row)
    if row.is_done("branches"):
        return list(PartyBranch.objects.filter(committee=committee))
    today = timezone.localdate()
    if per_special_committee:
        for sc in SpecialCommittee.objects.filter(committee=committee):
            branches = PartyBranch.objects.filter(committee=committee)
            # A branch the roster import created by name counts as the special committee's own.
            branch = (
                branches.filter(special_committee=sc).first()
                or branches.filter(name=f"{sc.name}党支部").first()
            )
            if branch is None:
                branch = branch_create(
                    committee=committee,
                    name=f"{sc.name}党支部",
                    kind=BranchKind.FUNCTIONAL,
                    special_committee=sc,
                )
            organized = (
                PartyMembership.objects.filter(committee=committee)
                .current()
                .values_list("person_id", flat=True)
            )
            members = (
                TermMembership.objects.current(committee, today)
                .filter(special_committee=sc)
                .exclude(person_id__in=list(organized))
                .select_related("person")
            )
            for m in members:
                if m.person.is_cpc:
                    party_member_assign(branch=branch, person=m.person, on=today)
    have = set(PartyBranch.objects.filter(committee=committee).values_list("name", flat=True))
    for name in dict.fromkeys(n.strip() for n in others if n.strip()):
        if name not in have:
            try:
                branch_create(committee=committee, name=name, kind=BranchKind.OFFICE)
            except ValidationError as exc:
                raise ValidationError({"others": f"{name}：{'；'.join(exc.messages)}"}) from exc
    _mark(row, "branches")
    return list(PartyBranch.objects.filter(committee=committee))


@dataclass(frozen=True)
class StaffInput:
    name: str
    username: str
    role: str


@transaction.atomic
def setup_staff(*, accounts: Sequence[StaffInput]) -> list[tuple[User, str]]:
    """Step 8: the first office accounts with their roles; each gets a generated password, to be changed
    at the first login. Returns the accounts with those passwords (shown once)."""
    row = _locked()
    committee = _committee(row)
    if row.is_done("staff"):
        return []
    errors: list[str] = []
    usernames = [a.username.strip() for a in accounts]
    for n, account in enumerate(accounts, start=1):
        username = account.username.strip()
        if not account.name.strip() or not username:
            errors.append(_("第%(n)d行：姓名和用户名都须填写。") % {"n": n})
        elif usernames.count(username) > 1:
            errors.append(_("第%(n)d行：用户名「%(u)s」重复。") % {"n": n, "u": username})
        elif User.objects.filter(username=username).exists():
            errors.append(_("第%(n)d行：用户名「%(u)s」已被使用。") % {"n": n, "u": username})
        if account.role not in STAFF_ROLES:
            errors.append(_("第%(n)d行：角色须是工作人员或领导。") % {"n": n})
    if errors:
        raise ValidationError({"accounts": errors})
    created = []
    for account in accounts:
        password = generate_password()
        user, _pw = user_create(username=account.username.strip(), password=password)
        user.first_name = account.name.strip()
        user.save(update_fields=["first_name"])
        role_grant(user=user, committee=committee, role=account.role)
        created.append((user, password))
    _mark(row, "staff")
    return created


@transaction.atomic
def setup_skip(*, step: str) -> None:
    """Leave an optional step for later (it is done in the system's own pages)."""
    if step in REQUIRED_STEPS:
        raise ValidationError(_("此步骤不能跳过。"))
    row = _locked()
    _committee(row)
    _mark(row, step)


@transaction.atomic
def setup_complete() -> Committee:
    """Finish: the token is forgotten (its hash emptied, its file removed) and the wizard closes."""
    row = _locked()
    committee = _committee(row)
    missing = [s for s in STEPS if s not in row.steps_done]
    if missing:
        raise ValidationError(
            _("还有未完成的步骤：%(steps)s。") % {"steps": "、".join(str(STEP_LABELS[s]) for s in missing)}
        )
    row.completed_at = timezone.now()
    row.token_digest = ""
    row.save(update_fields=["completed_at", "token_digest"])
    audit_log("setup_complete", obj=committee)
    transaction.on_commit(lambda: token_path().unlink(missing_ok=True))
    return committee
