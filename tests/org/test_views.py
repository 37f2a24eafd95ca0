"""The roster's pages: scoping (outsider 404, reader 403), filters, paging, export, forms, reveal."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.core.roles import Role
from lvzhi.org.models import Person, TermMembership
from tests import factories

pytestmark = pytest.mark.django_db


def members_url(committee, **query):
    url = reverse("org:members", kwargs={"committee": committee.code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_it_hides_another_committees_member_from_an_outsider(client, outsider, member):
    client.force_login(outsider)
    detail = reverse("org:member_detail", kwargs={"committee": member.committee.code, "pk": member.person_id})
    assert client.get(detail).status_code == 404
    assert client.get(members_url(member.committee)).status_code == 404
    assert (
        client.get(reverse("org:members_export", kwargs={"committee": member.committee.code})).status_code
        == 404
    )


def test_it_asks_anonymous_users_to_log_in(client, member):
    response = client.get(members_url(member.committee))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_lets_a_member_see_their_own_page_and_not_the_list(client, member_user, member, committee):
    client.force_login(member_user)
    own = reverse("org:member_detail", kwargs={"committee": committee.code, "pk": member.person_id})
    assert client.get(own).status_code == 200
    assert client.get(members_url(committee)).status_code == 403
    other = factories.make_member(committee, name="李四")
    other_url = reverse("org:member_detail", kwargs={"committee": committee.code, "pk": other.person_id})
    assert client.get(other_url).status_code == 404


def test_it_lets_the_committee_above_read_but_not_edit(client, city_leader, member, committee):
    client.force_login(city_leader)
    assert client.get(members_url(committee)).status_code == 200
    edit = reverse("org:member_edit", kwargs={"committee": committee.code, "pk": member.person_id})
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"name": "改名"}).status_code == 403


def test_it_filters_the_member_list(client, staff, committee, economy, economy_branch):
    factories.make_member(committee, name="甲党员", political="01", sc=economy, branch=economy_branch)
    factories.make_member(committee, name="乙群众", political="13", sc=economy)
    factories.make_member(committee, name="丙民盟", political="05", sector_short="民盟")
    client.force_login(staff)

    def names(**query):
        response = client.get(members_url(committee, **query))
        assert response.status_code == 200
        return sorted(m.person.name for m in response.context["rows"])

    assert names() == sorted(["甲党员", "乙群众", "丙民盟"])
    assert names(party="cpc") == ["甲党员"]
    assert names(party="05") == ["丙民盟"]
    assert names(special_committee=economy.pk) == sorted(["甲党员", "乙群众"])
    assert names(branch=economy_branch.pk) == ["甲党员"]
    assert names(branch="none") == sorted(["乙群众", "丙民盟"])
    assert names(q="民盟") == ["丙民盟"]
    sector = factories.sector(committee, "民盟")
    assert names(sector=sector.pk) == ["丙民盟"]


def test_it_orders_the_list_by_surname_strokes(client, staff, committee):
    for name in ["王五", "于一", "万二", "马三"]:
        factories.make_member(committee, name=name)
    client.force_login(staff)
    response = client.get(members_url(committee))
    assert [m.person.name for m in response.context["rows"]] == ["于一", "万二", "马三", "王五"]


def test_it_pages_with_a_constant_number_of_queries(
    client, staff, committee, economy, economy_branch, django_assert_max_num_queries
):
    client.force_login(staff)
    for _ in range(3):
        factories.make_member(committee, political="01", sc=economy, branch=economy_branch)
    with django_assert_max_num_queries(30) as small:
        client.get(members_url(committee))
    for i in range(60):
        factories.make_member(
            committee, political="01" if i % 2 else "13", sc=economy, branch=economy_branch if i % 2 else None
        )
    with django_assert_max_num_queries(30) as large:
        response = client.get(members_url(committee))
    assert len(response.context["rows"]) == 50
    assert len(large.captured_queries) == len(small.captured_queries)


def test_it_masks_phones_and_ids_in_the_list_and_reveals_with_an_audit_entry(client, staff, committee):
    m = factories.make_member(committee, name="张三", mobile="13812345678")
    client.force_login(staff)
    page = client.get(members_url(committee)).content.decode()
    assert "138****5678" in page
    assert "13812345678" not in page
    detail = client.get(reverse("org:member_detail", kwargs={"committee": committee.code, "pk": m.person_id}))
    html = detail.content.decode()
    assert m.person.id_number not in html
    assert m.person.id_number[:4] + "**********" + m.person.id_number[-4:] in html
    reveal = reverse("org:member_reveal", kwargs={"committee": committee.code, "pk": m.person_id})
    revealed = client.post(reveal).content.decode()
    assert m.person.id_number in revealed
    assert "13812345678" in revealed
    event = AuditEvent.objects.get(action="reveal")
    assert (event.username, event.object_id) == ("staff", str(m.person_id))


def test_it_refuses_a_reveal_to_a_leader(client, leader, committee):
    m = factories.make_member(committee, name="张三", mobile="13812345678")
    client.force_login(leader)
    reveal = reverse("org:member_reveal", kwargs={"committee": committee.code, "pk": m.person_id})
    assert client.post(reveal).status_code == 403
    assert AuditEvent.objects.filter(action="reveal", result="failure").count() == 1


def test_it_exports_what_the_filters_show_masked_for_a_leader(client, leader, committee, economy):
    factories.make_member(committee, name="甲", sc=economy, mobile="13812345678")
    factories.make_member(committee, name="乙")
    client.force_login(leader)
    response = client.get(
        reverse("org:members_export", kwargs={"committee": committee.code})
        + f"?special_committee={economy.pk}"
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["甲"]
    assert rows[1][9] == "138****5678"
    assert "*" in rows[1][10]
    assert AuditEvent.objects.filter(action="export", username="leader").exists()


def test_it_exports_full_ids_as_text_for_staff(client, staff, committee):
    m = factories.make_member(committee, name="甲")
    client.force_login(staff)
    response = client.get(reverse("org:members_export", kwargs={"committee": committee.code}))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=11)
    assert cell.value == m.person.id_number
    assert cell.data_type == "s"


def _form_data(committee, **overrides):
    data = {
        "name": "新委员",
        "gender": "2",
        "ethnicity": "01",
        "birth_month": "1949-12",
        "political": "05",
        "mobile": "13900001234",
        "id_number": "11010519491231002X",
        "sector": factories.sector(committee, "民盟").pk,
        "special_committee": "",
        "position": "member",
        "workplace": "某大学",
        "start": "2022-01-01",
    }
    data.update(overrides)
    return data


def test_it_adds_a_member_through_the_form(client, staff, committee):
    client.force_login(staff)
    url = reverse("org:member_create", kwargs={"committee": committee.code})
    response = client.post(url, _form_data(committee))
    person = Person.objects.get(name="新委员")
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()
    assert person.id_number == "11010519491231002X"
    assert TermMembership.objects.get(person=person).workplace == "某大学"


def test_it_keeps_what_was_typed_and_explains_errors_in_chinese(client, staff, committee):
    client.force_login(staff)
    url = reverse("org:member_create", kwargs={"committee": committee.code})
    response = client.post(url, _form_data(committee, id_number="110105194912310021", mobile="12345"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "校验码错误" in html
    assert "手机号码" in html
    assert 'value="新委员"' in html
    assert 'value="某大学"' in html
    assert not Person.objects.filter(name="新委员").exists()


def test_it_refuses_a_stale_edit(client, staff, committee):
    m = factories.make_member(committee, name="甲")
    client.force_login(staff)
    url = reverse("org:member_edit", kwargs={"committee": committee.code, "pk": m.person_id})
    form = client.get(url).context["form"]
    stale_version = form.initial["version"]
    data = _form_data(
        committee,
        name="甲改",
        id_number=form.initial["id_number"],
        mobile="",
        birth_month="",
        gender=m.person.gender,
        version=stale_version,
    )
    assert client.post(url, data).status_code == 302
    data["name"] = "甲再改"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    assert Person.objects.get(pk=m.person_id).name == "甲改"


def test_it_keeps_the_id_number_when_the_masked_value_is_submitted(client, staff, committee):
    m = factories.make_member(committee, name="甲")
    original = m.person.id_number
    client.force_login(staff)
    url = reverse("org:member_edit", kwargs={"committee": committee.code, "pk": m.person_id})
    form = client.get(url).context["form"]
    data = _form_data(
        committee,
        name="甲",
        id_number=form.initial["id_number"],
        mobile="",
        birth_month="",
        gender=m.person.gender,
        version=form.initial["version"],
    )
    assert client.post(url, data).status_code == 302
    assert Person.objects.get(pk=m.person_id).id_number == original


def test_it_escapes_hostile_text(client, staff, committee):
    factories.make_member(committee, name="<b>x</b><script>alert(1)</script>")
    client.force_login(staff)
    html = client.get(members_url(committee)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_imports_on_the_page_and_shows_errors(client, staff, committee):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.org import sheets

    client.force_login(staff)
    url = reverse("org:roster_import", kwargs={"committee": committee.code})
    bad = sheets.xlsx([["甲", "男", "汉族", "1970-01", "火星人", "经济界", "", "", "", "", "", ""]])
    response = client.post(url, {"file": SimpleUploadedFile("bad.xlsx", bad)})
    assert "第2行「政治面貌」" in response.content.decode()
    assert not Person.objects.filter(committee=committee).exists()
    good = sheets.xlsx([["甲", "男", "汉族", "1970-01", "群众", "经济界", "", "", "", "", "", ""]])
    response = client.post(url, {"file": SimpleUploadedFile("good.xlsx", good)}, follow=True)
    assert "已导入" in response.content.decode()
    assert Person.objects.filter(committee=committee, name="甲").exists()
    assert AuditEvent.objects.filter(action="import", committee=committee).count() == 1


def test_it_serves_the_import_template_only_to_staff(client, staff, leader, committee):
    url = reverse("org:roster_template", kwargs={"committee": committee.code})
    client.force_login(leader)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    response = client.get(url)
    headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(response.content)).active[1]]
    assert headers[:5] == ["姓名*", "性别*", "民族", "出生年月", "政治面貌*"]
    assert "党支部" in headers


def test_it_lists_sectors_with_their_members(client, staff, committee):
    factories.make_member(committee, sector_short="民盟")
    factories.make_member(committee, sector_short="民盟")
    factories.make_member(committee, sector_short="经济界")
    client.force_login(staff)
    response = client.get(reverse("org:sectors", kwargs={"committee": committee.code}))
    assert {(s.short_name, s.members) for s in response.context["rows"]} == {("民盟", 2), ("经济界", 1)}


@pytest.mark.parametrize("role", [Role.SECADMIN, Role.AUDITOR])
def test_it_keeps_the_roster_from_admins_who_do_not_need_it(client, committee, role):
    user = factories.user_with_role(committee, role)
    client.force_login(user)
    assert client.get(members_url(committee)).status_code == 403


def test_it_keeps_a_branch_member_cpc_until_they_leave_the_branch(
    client, staff, committee, economy, economy_branch
):
    m = factories.make_member(committee, name="甲", political="01", sc=economy, branch=economy_branch)
    client.force_login(staff)
    url = reverse("org:member_edit", kwargs={"committee": committee.code, "pk": m.person_id})
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(political="13", sector=m.sector_id, special_committee=economy.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "仍在「经济委员会党支部」" in response.content.decode()
    assert Person.objects.get(pk=m.person_id).political == "01"
