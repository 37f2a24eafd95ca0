"""`lvzhi init`: the wizard's steps from flags, idempotent, nothing half-written when a step fails."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lvzhi.accounts.models import RoleAssignment, User
from lvzhi.org.models import Committee, SpecialCommittee, TermMembership
from lvzhi.party.models import PartyBranch
from lvzhi.setup import services
from tests import factories
from tests.setup.test_wizard import PASSWORD, roster_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def home(settings, tmp_path, monkeypatch):
    settings.LVZHI_HOME = tmp_path
    for role in services.ADMIN_ROLES:
        monkeypatch.setenv(f"LVZHI_{role.upper()}_PASSWORD", PASSWORD)
    return tmp_path


def flags(tmp_path, **over: str) -> list[str]:
    roster = tmp_path / "名册.xlsx"
    roster.write_bytes(roster_sheet())
    given = {
        "--name": "测试区政协",
        "--code": "testqu",
        "--term-number": "15",
        "--term-start": "2022-01-10",
        "--sysadmin": "李系统:sys1",
        "--secadmin": "王安全:sec1",
        "--auditor": "赵审计:aud1",
        "--roster": str(roster),
        **over,
    }
    out = ["--no-input", "--special-committee", "经济委员会", "--special-committee", "科教卫体委员会"]
    for k, v in given.items():
        out += [k, v]
    return out


def test_it_sets_up_a_committee_from_flags_and_changes_nothing_when_run_again(tmp_path, capsys):
    call_command("init", *flags(tmp_path), "--staff", "张敏:zhangmin:工作人员", "--branch", "机关党支部")
    out = capsys.readouterr().out
    assert "初始设置完成" in out
    assert "zhangmin" in out
    assert "初始密码" in out
    committee = Committee.objects.get(code="testqu")
    roles = set(RoleAssignment.objects.filter(committee=committee).values_list("user__username", "role"))
    assert roles == {("sys1", "sysadmin"), ("sec1", "secadmin"), ("aud1", "auditor"), ("zhangmin", "staff")}
    assert TermMembership.objects.filter(committee=committee).count() == 5
    assert PartyBranch.objects.filter(committee=committee).count() == 3
    assert not services.setup_needed()

    before = (User.objects.count(), SpecialCommittee.objects.count(), TermMembership.objects.count())
    call_command("init", *flags(tmp_path, **{"--name": "别的政协"}), "--json")
    assert json.loads(capsys.readouterr().out) == {"status": "already_set_up"}
    assert (User.objects.count(), SpecialCommittee.objects.count(), TermMembership.objects.count()) == before
    assert Committee.objects.get(code="testqu").name == "测试区政协"


def test_it_stops_at_a_failed_step_and_resumes_after_the_fix(tmp_path, capsys):
    with pytest.raises(CommandError, match=r"三员.*同一人"):
        call_command("init", *flags(tmp_path, **{"--auditor": "李系统:aud1"}))
    # The steps before stand; the failed one wrote nothing.
    assert Committee.objects.filter(code="testqu").exists()
    assert not User.objects.exists()
    assert services.setup_needed()

    call_command("init", *flags(tmp_path))
    assert User.objects.count() == 3
    assert Committee.objects.filter(code="testqu").count() == 1


def test_it_names_a_missing_flag_when_not_interactive(tmp_path):
    args = flags(tmp_path)
    i = args.index("--code")
    del args[i : i + 2]
    with pytest.raises(CommandError, match="--code"):
        call_command("init", *args)
    assert not Committee.objects.exists()


def test_it_refuses_a_bad_roster_and_leaves_it_pending(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("姓名,性别\n张三,男\n", encoding="utf-8")
    with pytest.raises(CommandError, match="名册未导入"):
        call_command("init", *flags(tmp_path, **{"--roster": str(bad)}))
    assert not TermMembership.objects.exists()
    assert not services.state().is_done("roster")


def test_it_leaves_an_existing_installation_alone(capsys):
    factories.make_committee("existing")
    call_command("init", "--no-input")
    assert "未做任何改动" in capsys.readouterr().out
    assert Committee.objects.count() == 1
