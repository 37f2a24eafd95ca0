"""规章制度: revisions linked to what they replace, stale edits refused, figures with evidence, scoping."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.core.figures import Period, evaluate
from lvzhi.rules.choices import RegulationKind, RegulationStatus
from lvzhi.rules.models import Regulation
from lvzhi.rules.services import regulation_create, regulation_repeal, regulation_revise

pytestmark = pytest.mark.django_db
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def rule(committee, title="委员管理办法", issued=date(2020, 3, 1), **extra):
    data = {"kind": RegulationKind.RULE, "title": title, "issued_on": issued, **extra}
    return regulation_create(committee=committee, data=data)


def revise(old, issued=date(2026, 4, 1), note="增加履职档案的规定"):
    return regulation_revise(
        regulation=old, data={"title": old.title, "issued_on": issued, "change_note": note}
    )


def test_a_revision_supersedes_the_old_text_and_keeps_the_chain(committee):
    first = rule(committee)
    second = revise(first)
    third = revise(second, issued=date(2026, 9, 1), note="再次修订")
    first.refresh_from_db()
    second.refresh_from_db()
    assert [r.status for r in (first, second, third)] == [
        RegulationStatus.REVISED,
        RegulationStatus.REVISED,
        RegulationStatus.CURRENT,
    ]
    assert second.chain() == [first, second, third]
    assert list(Regulation.objects.filter(committee=committee).current()) == [third]
    with pytest.raises(ValidationError, match="只有现行"):
        revise(first)
    with pytest.raises(ValidationError) as no_note:
        revise(third, note=" ")
    assert "change_note" in no_note.value.message_dict
    with pytest.raises(ValidationError) as earlier:
        revise(third, issued=date(2026, 1, 1))
    assert "issued_on" in earlier.value.message_dict


def test_it_repeals_only_a_current_text(committee):
    old = rule(committee)
    repealed = regulation_repeal(regulation=old, on=date(2026, 5, 1))
    assert (repealed.status, repealed.repealed_on) == (RegulationStatus.REPEALED, date(2026, 5, 1))
    with pytest.raises(ValidationError):
        regulation_repeal(regulation=old, on=date(2026, 6, 1))


def test_figures_count_the_period_and_link_to_the_records_behind_them(client, leader, committee):
    revise(rule(committee, "常委会工作规则"), issued=date(2026, 2, 1))
    revise(rule(committee, "主席会议工作规则"), issued=date(2025, 12, 31))  # last year: not counted
    rule(committee, "新制定的制度", issued=date(2026, 3, 1))  # adopted, not revised: not counted
    regulation_create(
        committee=committee,
        data={
            "kind": RegulationKind.DOCUMENT,
            "title": "关于推动政协工作提质增效的意见",
            "issued_on": date(2026, 5, 18),
        },
    )
    values = evaluate(committee, YEAR)
    assert (values["rules_revised"].value, values["rules_issued"].value) == (1, 1)
    client.force_login(leader)
    revised_page = client.get(values["rules_revised"].source).content.decode()
    assert "常委会工作规则" in revised_page
    assert "主席会议工作规则" not in revised_page
    assert "新制定的制度" not in revised_page
    issued_page = client.get(values["rules_issued"].source).content.decode()
    assert "关于推动政协工作提质增效的意见" in issued_page
    assert "常委会工作规则" not in issued_page


def test_staff_register_revise_and_repeal_on_the_pages(client, staff, committee):
    client.force_login(staff)
    base = {"committee": committee.code}
    created = client.post(
        reverse("rules:create", kwargs=base),
        {
            "kind": "rule",
            "title": "主席会议工作规则",
            "number": "商政协发〔2020〕2号",
            "issued_on": "2020-03-02",
        },
    )
    assert created.status_code == 302
    old = Regulation.objects.get(title="主席会议工作规则")
    url = reverse("rules:revise", kwargs={**base, "pk": old.pk})
    missing_note = client.post(
        url, {"title": "主席会议工作规则", "issued_on": "2026-04-01", "version": old.version}
    )
    assert missing_note.status_code == 200
    assert "change_note" in missing_note.context["form"].errors
    assert not Regulation.objects.filter(replaces=old).exists()
    done = client.post(
        url,
        {
            "title": "主席会议工作规则",
            "issued_on": "2026-04-01",
            "change_note": "主席会议每月一次",
            "version": old.version,
        },
    )
    assert done.status_code == 302
    new = Regulation.objects.get(replaces=old)
    detail = client.get(new.get_absolute_url()).content.decode()
    assert "版本沿革" in detail
    assert "主席会议每月一次" in detail
    repeal = client.post(
        reverse("rules:repeal", kwargs={**base, "pk": new.pk}),
        {"repealed_on": "2026-10-01", "version": new.version},
    )
    assert repeal.status_code == 302
    new.refresh_from_db()
    assert new.status == RegulationStatus.REPEALED


def test_a_stale_edit_is_refused_and_the_typed_text_kept(client, staff, committee):
    regulation = rule(committee)
    client.force_login(staff)
    url = reverse("rules:edit", kwargs={"committee": committee.code, "pk": regulation.pk})
    data = {"kind": "rule", "title": "第一人的标题", "issued_on": "2020-03-01", "version": regulation.version}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "title": "第二人的标题", "text": "第二人写的正文"})
    body = stale.content.decode()
    assert stale.status_code == 200
    assert "已被他人修改" in body
    assert "第二人写的正文" in body
    regulation.refresh_from_db()
    assert regulation.title == "第一人的标题"


def test_the_list_filters_exports_and_escapes(client, staff, committee):
    rule(committee, "<script>alert(1)</script>制度")
    regulation_create(
        committee=committee,
        data={"kind": RegulationKind.DOCUMENT, "title": '=HYPERLINK("x")', "issued_on": date(2026, 1, 5)},
    )
    client.force_login(staff)
    url = reverse("rules:list", kwargs={"committee": committee.code})
    page = client.get(url).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "制度" not in client.get(url, {"kind": "document"}).content.decode().split("<tbody>")[1]
    assert client.get(url, {"from": "2026-13-01"}).status_code == 404
    exported = client.get(url, {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    titles = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == {"<script>alert(1)</script>制度", '=HYPERLINK("x")'}
    formula_cell = next(c for c in sheet["B"] if c.value == '=HYPERLINK("x")')
    assert formula_cell.data_type == "s"  # text, never a formula


def test_readers_read_and_do_not_write(client, leader, city_leader, committee):
    regulation = rule(committee)
    for user in (leader, city_leader):
        client.force_login(user)
        assert client.get(regulation.get_absolute_url()).status_code == 200
        assert client.get(reverse("rules:create", kwargs={"committee": committee.code})).status_code == 403
        edit = reverse("rules:edit", kwargs={"committee": committee.code, "pk": regulation.pk})
        assert client.post(edit, {"title": "改"}).status_code == 403


def test_an_outsider_sees_nothing(client, outsider, committee):
    regulation = rule(committee)
    client.force_login(outsider)
    assert client.get(reverse("rules:list", kwargs={"committee": committee.code})).status_code == 404
    assert client.get(regulation.get_absolute_url()).status_code == 404
    api = APIClient()
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/committees/{committee.code}/rules/").status_code == 404
    assert api.get(f"/api/v1/committees/{committee.code}/rules/{regulation.pk}/").status_code == 404


def test_the_api_lists_texts_with_the_revision_link(committee, leader):
    new = revise(rule(committee))
    api = APIClient()
    api.force_authenticate(leader)
    rows = api.get(f"/api/v1/committees/{committee.code}/rules/", {"status": "current"}).json()["results"]
    assert [(r["id"], r["replaces"], r["status"]) for r in rows] == [(new.pk, new.replaces_id, "current")]


def test_a_member_reads_the_public_texts_of_their_committee_only(client, member_user, committee, city):
    public = rule(committee, "委员管理办法", is_public=True)
    internal = rule(committee, "机关考勤制度")
    older = rule(committee, "常委会工作规则", is_public=False)
    newer = regulation_revise(
        regulation=older,
        data={
            "title": "常委会工作规则",
            "issued_on": date(2026, 3, 1),
            "change_note": "修订",
            "is_public": True,
        },
    )
    client.force_login(member_user)
    listed = client.get(reverse("rules:list", kwargs={"committee": committee.code}))
    assert {r.title for r in listed.context["rows"]} == {"委员管理办法", "常委会工作规则"}
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(internal.get_absolute_url()).status_code == 404
    detail = client.get(newer.get_absolute_url()).content.decode()
    assert older.get_absolute_url() not in detail  # the earlier, internal version is named, not linked
    assert client.get(older.get_absolute_url()).status_code == 404
    assert client.get(reverse("rules:create", kwargs={"committee": committee.code})).status_code == 403
    api = APIClient()
    api.force_authenticate(member_user)
    rows = api.get(f"/api/v1/committees/{committee.code}/rules/").json()["results"]
    assert {r["title"] for r in rows} == {"委员管理办法", "常委会工作规则"}


def test_the_list_filters_by_year_and_keeps_its_queries_constant(
    client, staff, committee, django_assert_max_num_queries
):
    for i in range(3):
        revise(rule(committee, f"制度{i}"), issued=date(2026, 2, 1 + i))
    client.force_login(staff)
    url = reverse("rules:list", kwargs={"committee": committee.code})
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for i in range(40):
        revise(rule(committee, f"更多的制度{i}", issued=date(2019, 1, 1)), issued=date(2025, 5, 1))
    with django_assert_max_num_queries(30) as large:
        response = client.get(url)
    assert len(response.context["rows"]) == 50
    assert len(large.captured_queries) == len(small.captured_queries)
    in_2026 = client.get(url, {"year": "2026"}).context["rows"]
    assert sorted(r.title for r in in_2026) == ["制度0", "制度1", "制度2"]
    assert response.context["years"] == [2026, 2025, 2020, 2019]
    assert len(client.get(url, {"year": "abc"}).context["page_obj"].paginator.object_list) == 86


def test_the_summary_json_carries_the_rules_figures_with_their_evidence(client, committee, leader, outsider):
    revise(rule(committee), issued=date(2026, 4, 1))
    api = APIClient()
    api.force_authenticate(leader)
    response = api.get(f"/api/v1/committees/{committee.code}/summary/", {"year": 2026})
    assert response.status_code == 200
    figures = response.json()["figures"]
    assert (figures["rules_revised"]["value"], figures["rules_issued"]["value"]) == (1, 0)
    assert "修订完善工作制度1项" in response.json()["text"]
    client.force_login(leader)
    evidence = client.get(figures["rules_revised"]["source"])  # the page behind the figure lists it
    assert evidence.status_code == 200
    assert [r.title for r in evidence.context["rows"]] == ["委员管理办法"]
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/committees/{committee.code}/summary/", {"year": 2026}).status_code == 404


@pytest.mark.documents
def test_a_text_downloads_as_an_official_document(client, leader, committee):
    from docx import Document

    regulation = rule(
        committee,
        "常委会工作规则",
        number="商政协发〔2026〕1号",
        issuer="政协商洛市商州区委员会",
        text="第一条　为规范常委会工作，制定本规则。\n第二条　<b>&</b>",
    )
    client.force_login(leader)
    response = client.get(regulation.get_absolute_url(), {"export": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs if p.text]
    assert texts == [
        "商政协发〔2026〕1号",
        "常委会工作规则",
        "第一条　为规范常委会工作，制定本规则。",
        "第二条　<b>&</b>",
        "政协商洛市商州区委员会",
        "2020年3月1日",
    ]


def test_the_list_keeps_a_constant_number_of_queries(client, staff, committee, django_assert_max_num_queries):
    client.force_login(staff)
    url = reverse("rules:list", kwargs={"committee": committee.code})
    revise(rule(committee, "制度0"))
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    for i in range(1, 15):
        revise(rule(committee, f"制度{i}"))
    with django_assert_max_num_queries(40) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
