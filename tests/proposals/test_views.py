"""The proposal pages as each kind of user meets them: the office, the member, the handling unit that
sees nothing but what is assigned to it, and an outsider who sees nothing at all."""

from __future__ import annotations

import io as bytes_io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.figures import Period, evaluate
from lvzhi.core.models import Attachment
from lvzhi.proposals import services
from lvzhi.proposals.choices import HandlingRole, ProposerKind, ReviewDecision, Status
from lvzhi.proposals.models import Proposal
from tests import factories
from tests.org.sheets import xlsx
from tests.proposals.helpers import assigned, draft

pytestmark = pytest.mark.django_db


def url(committee, *parts):
    return "/".join([f"/c/{committee.code}/proposals", *map(str, parts)]) + "/"


def test_an_outsider_sees_nothing(client, outsider, committee, session, staff, lead_member, heating):
    p = assigned(committee, lead_member, staff, units=[(heating, HandlingRole.LEAD)])
    client.force_login(outsider)
    assert client.get(url(committee)).status_code == 404
    assert client.get(url(committee, p.pk)).status_code == 404
    assert client.post(url(committee, p.pk, "review"), {"decision": "register"}).status_code == 404
    assert client.get(url(committee, "similar") + "?title=供暖").status_code == 404


def test_a_unit_sees_only_what_is_assigned_to_it(
    client, committee, session, staff, lead_member, heating, finance, heating_user
):
    mine = assigned(committee, lead_member, staff, units=[(heating, HandlingRole.LEAD)])
    other = assigned(
        committee, lead_member, staff, units=[(finance, HandlingRole.LEAD)], title="关于财政的建议"
    )
    client.force_login(heating_user)
    page = client.get(url(committee)).content.decode()
    assert mine.title in page
    assert other.title not in page
    assert client.get(url(committee, other.pk)).status_code == 404
    # Nothing else of the committee either: the roster, the summary, the ledger.
    for path in (
        "members/",
        "summary/",
        "ledger/",
        "meetings/",
        "consultations/",
        "study/sessions/",
    ):
        assert client.get(f"/c/{committee.code}/{path}").status_code in (403, 404), path
    # Of the suggestions, only those assigned to it (none here).
    assert list(client.get(f"/c/{committee.code}/suggestions/").context["page_obj"]) == []
    # Home takes the unit straight to its proposals.
    assert client.get("/").url == f"/c/{committee.code}/proposals/"


def test_a_unit_answers_with_its_reply_document(
    client, committee, session, staff, lead_member, heating, heating_user
):
    p = assigned(committee, lead_member, staff, units=[(heating, HandlingRole.LEAD)])
    a = p.assignments.get()
    client.force_login(heating_user)
    page = client.get(url(committee, p.pk)).content.decode()
    assert "提交答复" in page
    letter = SimpleUploadedFile("答复函.pdf", b"%PDF-1.4 reply", content_type="application/pdf")
    response = client.post(
        url(committee, p.pk, "reply"),
        {
            "assignment": a.pk,
            "result": "A",
            "text": "已完成改造。",
            "contact": "王工 0914-1234567",
            "document": letter,
        },
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.REPLIED
    attachment = Attachment.objects.get(object_id=a.reply.pk)
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 200


def test_a_member_sees_their_own_and_gives_feedback(
    client, committee, session, staff, lead_member, member_user, heating, heating_user
):
    p = assigned(committee, lead_member, staff, units=[(heating, HandlingRole.LEAD)])
    someone = factories.make_member(committee, name="他人").person
    theirs = draft(committee, someone, staff, title="关于他人事项的建议")
    services.proposal_submit(proposal=theirs, by=staff)
    services.proposal_reply(assignment=p.assignments.get(), result="B", text="正在解决", by=heating_user)
    client.force_login(member_user)
    page = client.get(url(committee)).content.decode()
    assert p.title in page
    assert theirs.title not in page
    assert client.get(url(committee, theirs.pk)).status_code == 404
    # A member cannot review, assign or close.
    assert client.post(url(committee, p.pk, "close"), {"note": "x"}).status_code == 403
    assert "对办理结果的意见" in client.get(url(committee, p.pk)).content.decode()
    client.post(url(committee, p.pk, "feedback"), {"satisfaction": "satisfied"})
    p.refresh_from_db()
    assert p.status == Status.CLOSED


def test_a_member_drafts_and_submits_and_staff_do_not_see_the_draft(
    client, committee, session, member_user, staff
):
    client.force_login(member_user)
    response = client.post(
        url(committee, "new"),
        {
            "kind": ProposerKind.MEMBER,
            "title": "关于<script>alert(1)</script>的建议",
            "category": "urban",
            "reasons": "理由",
            "measures": "建议",
        },
    )
    p = Proposal.objects.get()
    assert response.url == p.get_absolute_url()
    assert p.lead_id == member_user.person_id
    page = client.get(url(committee, p.pk)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    client.force_login(staff)
    assert client.get(url(committee, p.pk)).status_code == 404  # a draft is its author's alone
    client.force_login(member_user)
    client.post(url(committee, p.pk, "submit"))
    p.refresh_from_db()
    assert p.status == Status.SUBMITTED
    client.force_login(staff)
    assert client.get(url(committee, p.pk)).status_code == 200


def test_a_stale_draft_edit_is_refused_and_the_text_kept(client, committee, session, member_user, staff):
    p = draft(committee, member_user.person, member_user)
    client.force_login(member_user)
    form = {"kind": "member", "title": "第一次修改", "category": "urban", "reasons": "r", "measures": "m"}
    client.post(url(committee, p.pk, "edit"), {**form, "version": p.version})
    response = client.post(
        url(committee, p.pk, "edit"), {**form, "title": "我的新文字", "version": p.version}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "已被他人修改" in body
    assert "我的新文字" in body
    p.refresh_from_db()
    assert p.title == "第一次修改"


def test_staff_review_assign_and_the_late_flag_on_the_list(
    client, committee, session, staff, lead_member, heating
):
    p = draft(committee, lead_member, staff)
    services.proposal_submit(proposal=p, by=staff)
    client.force_login(staff)
    client.post(url(committee, p.pk, "review"), {"decision": "register"})
    client.post(url(committee, p.pk, "assign"), {"lead_unit": heating.pk, "deadline": "2000-01-01"})
    p.refresh_from_db()
    assert p.status == Status.REGISTERED  # a deadline in the past is refused with a message
    client.post(url(committee, p.pk, "assign"), {"lead_unit": heating.pk})
    p.refresh_from_db()
    assert p.status == Status.ASSIGNED
    a = p.assignments.get()
    a.deadline = a.assigned_on.replace(year=a.assigned_on.year - 1)
    a.save()
    listing = client.get(url(committee) + "?late=1").content.decode()
    assert p.title in listing
    assert "逾期" in listing


def test_the_list_keeps_a_constant_number_of_queries(
    client, committee, session, staff, lead_member, heating, finance, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            assigned(
                committee,
                lead_member,
                staff,
                units=[(heating, "lead"), (finance, "assist")],
                title=f"提案{i}",
            )

    client.force_login(staff)
    add(2)
    with django_assert_max_num_queries(40) as small:
        client.get(url(committee))
    add(12)
    with django_assert_max_num_queries(40) as large:
        client.get(url(committee))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_figures_link_to_exactly_their_records(
    client, committee, session, staff, lead_member, heating, heating_user, today
):
    p = assigned(committee, lead_member, staff, units=[(heating, HandlingRole.LEAD)])
    services.proposal_reply(assignment=p.assignments.get(), result="A", text="已解决", by=heating_user)
    q = draft(committee, lead_member, staff, title="关于不予立案事项的建议")
    services.proposal_submit(proposal=q, by=staff)
    services.proposal_review(proposal=q, decision=ReviewDecision.REJECT, reason="个人诉求", by=staff)
    draft(committee, lead_member, staff, title="仍是草稿")
    period = Period(today.replace(month=1, day=1), today)
    values = evaluate(committee, period, ["proposals", "proposals_registered"])
    assert values["proposals"].value == 2
    assert values["proposals_registered"].value == 1
    assert "A类（已解决或基本解决）1件" in values["proposals_registered"].sentence
    client.force_login(staff)
    submitted_list = client.get(values["proposals"].source).content.decode()
    assert p.title in submitted_list
    assert q.title in submitted_list
    assert "仍是草稿" not in submitted_list
    registered_list = client.get(values["proposals_registered"].source).content.decode()
    assert p.title in registered_list
    assert q.title not in registered_list


def test_the_summary_json_carries_the_proposal_keys_and_outsiders_get_none(
    client, committee, session, staff, outsider, lead_member
):
    client.force_login(staff)
    data = client.get(f"/api/v1/committees/{committee.code}/summary/").json()
    assert {"proposals", "proposals_registered"} <= set(data["figures"])
    assert data["figures"]["proposals"]["source"].startswith(f"/c/{committee.code}/proposals/?")
    client.force_login(outsider)
    assert client.get(f"/api/v1/committees/{committee.code}/summary/").status_code == 404


def test_the_export_and_a_round_trip_import(
    client, committee, session, staff, lead_member, heating, heating_user
):
    p = assigned(committee, lead_member, staff, units=[(heating, HandlingRole.LEAD)])
    services.proposal_reply(assignment=p.assignments.get(), result="B", text="正在解决", by=heating_user)
    client.force_login(staff)
    response = client.get(url(committee) + "?export=xlsx")
    from openpyxl import load_workbook

    rows = list(load_workbook(bytes_io.BytesIO(response.content)).active.values)
    assert rows[0][1] == "案由*"
    assert rows[1][1] == p.title
    assert rows[1][11] == heating.name


def test_an_import_with_bad_rows_names_them_and_writes_nothing(
    client, committee, session, staff, lead_member, heating
):
    client.force_login(staff)
    headers = [
        "提案号",
        "案由",
        "第一提案人",
        "类别",
        "提交日期",
        "审查结果",
        "立案日期",
        "主办单位",
        "答复类别",
        "答复日期",
        "满意度",
        "办结日期",
    ]
    good = [
        1,
        "关于供暖的建议",
        lead_member.name,
        "城乡建设",
        "2026-01-12",
        "立案",
        "2026-01-20",
        heating.name,
        "A",
        "2026-04-01",
        "满意",
        "2026-04-10",
    ]
    bad = [2, "关于停车的建议", "查无此人", "不知道", "2026-13-01", "立案", "", "不存在的局", "E", "", "", ""]
    sheet = xlsx([good, bad], headers=headers)
    response = client.post(
        url(committee, "import"), {"session": session.pk, "file": SimpleUploadedFile("p.xlsx", sheet)}
    )
    body = response.content.decode()
    for expected in (
        "第3行「第一提案人」",
        "第3行「类别」",
        "第3行「提交日期」",
        "第3行「立案日期」",
        "第3行「主办单位」",
        "第3行「答复类别」",
    ):
        assert expected in body
    assert not Proposal.objects.exists()
    sheet = xlsx([good], headers=headers)
    client.post(
        url(committee, "import"), {"session": session.pk, "file": SimpleUploadedFile("p.xlsx", sheet)}
    )
    p = Proposal.objects.get()
    assert (p.number, p.status, p.closed_on.isoformat()) == (1, Status.CLOSED, "2026-04-10")
    assert p.assignments.get().reply.result == "A"


def test_an_impossible_proposal_number_is_a_row_error_on_every_database(
    client, committee, session, staff, lead_member
):
    client.force_login(staff)
    headers = ["提案号", "案由", "第一提案人", "类别", "提交日期", "审查结果", "立案日期"]
    row = [99999999999, "关于供暖的建议", lead_member.name, "城乡建设", "2026-01-12", "立案", "2026-01-20"]
    response = client.post(
        url(committee, "import"),
        {"session": session.pk, "file": SimpleUploadedFile("p.xlsx", xlsx([row], headers=headers))},
    )
    assert response.status_code == 200
    assert "第2行「提案号」" in response.content.decode()
    assert not Proposal.objects.exists()


def test_staff_merge_a_duplicate_from_the_page_and_a_member_may_not(
    client, committee, session, staff, lead_member, member_user
):
    first = draft(committee, lead_member, staff)
    again = draft(committee, lead_member, staff, title="关于城区老旧小区供暖管道更新的建议")
    for p in (first, again):
        services.proposal_submit(proposal=p, by=staff)
    client.force_login(member_user)
    assert client.post(url(committee, first.pk, "merge"), {"others": [again.pk]}).status_code == 403
    client.force_login(staff)
    page = client.get(url(committee, first.pk)).content.decode()
    assert again.title in page  # offered in the 并案 form
    client.post(url(committee, first.pk, "merge"), {"others": [again.pk]})
    again.refresh_from_db()
    assert (again.status, again.merged_into) == (Status.MERGED, first)
    assert again.title in client.get(url(committee, first.pk)).content.decode()  # 并入本案
