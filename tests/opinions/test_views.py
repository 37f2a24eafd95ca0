"""The 社情民意 pages as each kind of user meets them: the office, the member who writes, another member,
a handling unit and an outsider who see nothing of it."""

from __future__ import annotations

import io as bytes_io
from datetime import date

import pytest
from openpyxl import load_workbook

from lvzhi.core.figures import Period, evaluate
from lvzhi.core.roles import Role
from lvzhi.opinions import services
from lvzhi.opinions.choices import Level, Status, Target
from lvzhi.opinions.models import Opinion
from lvzhi.org.services import unit_create
from tests import factories
from tests.opinions.conftest import adopted, draft, reported

pytestmark = pytest.mark.django_db


def url(committee, *parts):
    return "/".join([f"/c/{committee.code}/opinions", *map(str, parts)]) + "/"


def test_an_outsider_sees_nothing(client, outsider, committee, member, staff):
    o = adopted(committee, member.person, staff)
    client.force_login(outsider)
    assert client.get(url(committee)).status_code == 404
    assert client.get(url(committee, o.pk)).status_code == 404
    assert client.post(url(committee, o.pk, "report"), {"target": "party"}).status_code == 404
    assert client.get(url(committee, "tally")).status_code == 404


def test_a_handling_unit_sees_nothing_of_it(client, committee, member, staff):
    unit = unit_create(committee=committee, name="区财政局")
    user = factories.user_with_role(committee, Role.UNIT, unit=unit, username="caizheng")
    o = adopted(committee, member.person, staff)
    client.force_login(user)
    assert client.get(url(committee)).status_code == 403
    assert client.get(url(committee, o.pk)).status_code == 404


def test_a_member_writes_submits_and_sees_only_their_own(
    client, committee, member, member_user, stranger_user, staff
):
    other = adopted(committee, stranger_user.person, staff, title="别人的信息")
    client.force_login(member_user)
    response = client.post(
        url(committee, "new"),
        {
            "kind": "member",
            "title": "关于规范小区物业收费的建议",
            "category": "livelihood",
            "content": "情况……建议……",
        },
    )
    mine = Opinion.objects.get(title="关于规范小区物业收费的建议")
    assert response.url == mine.get_absolute_url()
    assert mine.lead == member.person
    assert mine.status == Status.DRAFT
    client.post(url(committee, mine.pk, "submit"))
    mine.refresh_from_db()
    assert mine.status == Status.SUBMITTED
    page = client.get(url(committee)).content.decode()
    assert mine.title in page
    assert other.title not in page
    assert client.get(url(committee, other.pk)).status_code == 404


def test_another_member_sees_neither_draft_nor_submitted(client, committee, member, stranger_user, staff):
    o = adopted(committee, member.person, staff)
    d = draft(committee, member.person, staff, title="草稿")
    client.force_login(stranger_user)
    assert client.get(url(committee, o.pk)).status_code == 404
    assert client.get(url(committee, d.pk)).status_code == 404
    assert client.get(url(committee, d.pk, "edit")).status_code == 404


def test_a_member_cannot_make_the_office_s_moves(client, committee, member, member_user, staff):
    o = draft(committee, member.person, member_user)
    services.opinion_submit(opinion=o, by=member_user)
    client.force_login(member_user)
    assert client.post(url(committee, o.pk, "accept")).status_code == 403
    assert client.post(url(committee, o.pk, "adopt"), {"issue": "第1期"}).status_code == 403
    assert client.get(url(committee, "tally")).status_code == 403
    o.refresh_from_db()
    assert o.status == Status.SUBMITTED


def test_the_office_takes_a_piece_through_its_moves_on_the_page(client, committee, member, staff):
    o = draft(committee, member.person, staff)
    services.opinion_submit(opinion=o, on=date(2026, 3, 1), by=staff)
    client.force_login(staff)
    assert "adopt-form" in client.get(url(committee, o.pk)).content.decode()
    client.post(url(committee, o.pk, "accept"))
    client.post(url(committee, o.pk, "adopt"), {"issue": "《社情民意》第9期", "on": "2026-03-04"})
    client.post(
        url(committee, o.pk, "report"), {"target": "upper", "recipient": "市政协", "on": "2026-03-06"}
    )
    o.refresh_from_db()
    assert (o.status, o.adopted_on, o.issue) == (Status.REPORTED, date(2026, 3, 4), "《社情民意》第9期")
    report = o.reports.get()
    client.post(url(committee, o.pk, "upper"), {"report": report.pk, "issue": "市第2期", "on": "2026-03-10"})
    client.post(
        url(committee, o.pk, "instruct"),
        {"level": "county", "leader": "区委书记", "content": "请抓好落实。", "on": "2026-03-12"},
    )
    page = client.get(url(committee, o.pk)).content.decode()
    assert "区委书记" in page
    assert "上级采用" in page
    assert o.instructions.count() == 1


def test_a_bad_move_says_why_and_changes_nothing(client, committee, member, staff):
    o = draft(committee, member.person, staff)
    services.opinion_submit(opinion=o, by=staff)
    client.force_login(staff)
    response = client.post(url(committee, o.pk, "adopt"), {"issue": ""}, follow=True)
    assert "刊物期号" in response.content.decode()
    response = client.post(
        url(committee, o.pk, "instruct"), {"level": "county", "leader": "区长", "content": "阅"}, follow=True
    )
    assert "不能登记批示" in response.content.decode()
    o.refresh_from_db()
    assert o.status == Status.SUBMITTED
    assert client.post(url(committee, o.pk, "no-such-move")).status_code == 404


def test_hostile_text_is_shown_as_text(client, committee, member, staff):
    o = draft(
        committee,
        member.person,
        staff,
        title="<script>alert(1)</script>",
        content="<img src=x onerror=alert(1)>",
    )
    services.opinion_submit(opinion=o, by=staff)
    client.force_login(staff)
    page = client.get(url(committee, o.pk)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_keyword_filter_finds_words_inside_longer_ones(client, committee, member, staff):
    hit = adopted(committee, member.person, staff, title="关于集中供暖收费问题的反映")
    miss = adopted(committee, member.person, staff, title="关于农村饮水安全的反映")
    client.force_login(staff)
    page = client.get(url(committee) + "?q=供暖").content.decode()
    assert hit.title in page
    assert miss.title not in page


def test_the_figures_link_to_exactly_their_records(client, committee, member, staff):
    instructed = reported(committee, member.person, staff, title="获批示的信息")
    services.opinion_instruct(
        opinion=instructed, level=Level.COUNTY, leader="区长", content="阅。", on=date(2026, 4, 1), by=staff
    )
    upper = reported(committee, member.person, staff, title="上级采用的信息", target=Target.UPPER_CPPCC)
    services.opinion_upper_adopt(report=upper.reports.get(), on=date(2026, 3, 20), by=staff)
    waiting = draft(committee, member.person, staff, title="等待处理的信息")
    services.opinion_submit(opinion=waiting, on=date(2026, 5, 1), by=staff)
    draft(committee, member.person, staff, title="仍是草稿")
    values = evaluate(
        committee,
        Period(date(2026, 1, 1), date(2026, 12, 31)),
        ["opinions", "opinions_adopted", "opinions_instructed"],
    )
    assert values["opinions"].value == 3
    assert values["opinions_adopted"].value == 2
    assert "被上级政协采用1条" in values["opinions_adopted"].sentence
    assert values["opinions_instructed"].value == 1
    client.force_login(staff)
    submitted = client.get(values["opinions"].source).content.decode()
    assert all(t in submitted for t in ("获批示的信息", "上级采用的信息", "等待处理的信息"))
    assert "仍是草稿" not in submitted
    adopted_page = client.get(values["opinions_adopted"].source).content.decode()
    assert "等待处理的信息" not in adopted_page
    assert "上级采用的信息" in adopted_page
    instructed_page = client.get(values["opinions_instructed"].source).content.decode()
    assert "获批示的信息" in instructed_page
    assert "上级采用的信息" not in instructed_page


def test_the_year_tally_counts_each_author_and_body(client, committee, member, coauthor, staff):
    adopted(committee, member.person, staff, coauthors=[coauthor.person])
    o = draft(committee, member.person, staff, title="未采用的")
    services.opinion_submit(opinion=o, on=date(2026, 6, 1), by=staff)
    adopted(committee, member.person, staff, kind="body", body="民盟区总支", title="单位信息")
    client.force_login(staff)
    response = client.get(url(committee, "tally") + "?year=2026&export=xlsx")
    sheet = load_workbook(bytes_io.BytesIO(response.content)).active
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[member.person.name] == ("委员", 2, 1, 0, 0)
    assert rows[coauthor.person.name] == ("委员", 1, 1, 0, 0)
    assert rows["民盟区总支"] == ("参加单位", 1, 1, 0, 0)


def test_the_export_holds_the_visible_list(client, committee, member, member_user, stranger_user, staff):
    adopted(committee, member.person, staff, title="我的信息")
    adopted(committee, stranger_user.person, staff, title="别人的信息")
    client.force_login(member_user)
    response = client.get(url(committee) + "?export=xlsx")
    titles = [
        r[0]
        for r in load_workbook(bytes_io.BytesIO(response.content)).active.iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert titles == ["我的信息"]


def test_the_member_s_archive_lists_their_information_with_a_link(
    client, committee, member, member_user, staff
):
    o = adopted(committee, member.person, staff, title="关于规范早餐摊点的建议")
    client.force_login(member_user)
    body = client.get(f"/c/{committee.code}/archive/", follow=True).content.decode()
    assert "社情民意信息被采用" in body
    assert "关于规范早餐摊点的建议（《社情民意》2026年第3期）" in body
    assert o.get_absolute_url() in body


def test_the_list_and_the_tally_keep_a_constant_number_of_queries(
    client, committee, member, member_user, staff, django_assert_max_num_queries
):
    def add(n, start):
        for i in range(start, start + n):
            co = factories.make_member(committee, name=f"联名{i}").person
            o = reported(committee, member.person, staff, title=f"信息{i}", coauthors=[co])
            services.opinion_instruct(
                opinion=o, level=Level.COUNTY, leader="区长", content="阅。", on=date(2026, 4, 1), by=staff
            )

    def measure():
        counts = {}
        for user, path in ((staff, url(committee)), (staff, url(committee, "tally") + "?year=2026"),
                           (member_user, url(committee))):  # fmt: skip
            client.force_login(user)
            with django_assert_max_num_queries(30) as captured:
                assert client.get(path).status_code == 200
            counts[(user.username, path)] = len(captured.captured_queries)
        return counts

    add(2, 0)
    small = measure()
    add(8, 2)
    assert measure() == small
