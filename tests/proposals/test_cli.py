"""`lvzhi import proposals|suggestions FILE --committee CODE`: the same all-or-nothing imports as the pages,
for an office that moves years of sheets at once."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from lvzhi.consult.models import Suggestion
from lvzhi.proposals.models import Proposal
from tests.org.sheets import xlsx

pytestmark = pytest.mark.django_db

HEADERS = ["案由", "第一提案人", "类别", "提交日期", "审查结果", "立案日期"]


def write(tmp_path, name, rows, headers):
    path = tmp_path / name
    path.write_bytes(xlsx(rows, headers=headers))
    return str(path)


def test_proposals_go_into_the_current_session_or_not_at_all(
    tmp_path, capsys, committee, session, lead_member
):
    bad = write(
        tmp_path,
        "bad.xlsx",
        [["关于供暖的建议", lead_member.name, "城乡建设", "2026-01-12", "立案", "2026-01-20"],
         ["关于停车的建议", "查无此人", "城乡建设", "2026-01-12", "", ""]],
        HEADERS,
    )  # fmt: skip
    with pytest.raises(SystemExit) as exit_:
        call_command("import", "proposals", bad, "--committee", committee.code)
    assert exit_.value.code == 1
    assert "第3行「第一提案人」" in capsys.readouterr().err
    assert not Proposal.objects.exists()
    good = write(
        tmp_path,
        "good.xlsx",
        [["关于供暖的建议", lead_member.name, "城乡建设", "2026-01-12", "立案", "2026-01-20"]],
        HEADERS,
    )
    call_command("import", "proposals", good, "--committee", committee.code, "--json")
    assert json.loads(capsys.readouterr().out)["created"] == 1
    assert Proposal.objects.get().session == session


def test_proposals_need_a_session(tmp_path, capsys, committee, lead_member):
    path = write(
        tmp_path, "p.xlsx", [["关于供暖的建议", lead_member.name, "城乡建设", "2026-01-12", "", ""]], HEADERS
    )
    with pytest.raises(SystemExit):
        call_command("import", "proposals", path, "--committee", committee.code)
    assert "届次会议" in capsys.readouterr().err


def test_suggestions_import_from_the_command_line(tmp_path, capsys, committee, lead_member):
    path = write(
        tmp_path,
        "s.xlsx",
        [["关于增设公交线路的建议", lead_member.name, "2026-02-01"]],
        ["标题", "提出人", "报送日期"],
    )
    call_command("import", "suggestions", path, "--committee", committee.code, "--dry-run")
    assert not Suggestion.objects.exists()
    call_command("import", "suggestions", path, "--committee", committee.code)
    assert Suggestion.objects.get().title == "关于增设公交线路的建议"
    assert "导入完成" in capsys.readouterr().out
