"""The pages: scoping (outsider 404, member sees their own, 403 on staff actions), filters, moves,
stale edits, the forms page, the plan, studios, and constant queries on the lists."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lvzhi.consult import services
from lvzhi.consult.models import Consultation, ConsultationForm
from tests import factories
from tests.consult.conftest import form_of, make_consultation

pytestmark = pytest.mark.django_db


def u(name, committee, **kwargs):
    return reverse(f"consult:{name}", kwargs={"committee": committee.code, **kwargs})


def test_an_outsider_sees_nothing(client, outsider, committee, consultation, suggestion, staff):
    plan = services.plan_create(committee=committee, year=2026, by=staff)
    studio = services.studio_create(committee=committee, data={"kind": "area", "name": "工作室"}, by=staff)
    client.force_login(outsider)
    for url in (
        u("consultations", committee), consultation.get_absolute_url(), u("consultation_edit", committee, pk=consultation.pk),
        u("suggestions", committee), suggestion.get_absolute_url(), u("suggestion_edit", committee, pk=suggestion.pk),
        u("suggestion_import", committee), u("forms", committee), u("plans", committee), plan.get_absolute_url(),
        u("studios", committee), studio.get_absolute_url(),
    ):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.post(suggestion.get_absolute_url(), {"move": "assign"}).status_code == 404


def test_a_member_sees_their_own_and_may_not_act(client, member_user, other_member_user, committee, consultation,
                                                  suggestion, staff, economy):  # fmt: skip
    other = services.suggestion_create(
        committee=committee, title="别人的建议", submitted_on=date(2026, 5, 1), by=staff
    )
    elsewhere = make_consultation(committee, staff, topic="别人的协商", special_committee=economy)
    client.force_login(member_user)
    page = client.get(u("suggestions", committee))
    assert [s.pk for s in page.context["page_obj"]] == [suggestion.pk]
    assert client.get(suggestion.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert [c.pk for c in client.get(u("consultations", committee)).context["page_obj"]] == [consultation.pk]
    assert client.get(elsewhere.get_absolute_url()).status_code == 404
    # readable but not theirs to manage: 403
    assert client.get(u("suggestion_edit", committee, pk=suggestion.pk)).status_code == 403
    assert client.post(suggestion.get_absolute_url(), {"move": "assign"}).status_code == 403
    assert client.get(u("consultation_edit", committee, pk=consultation.pk)).status_code == 403
    assert client.get(u("suggestion_create", committee)).status_code == 403
    assert client.get(u("plans", committee)).status_code == 403
    client.force_login(other_member_user)
    assert client.get(suggestion.get_absolute_url()).status_code == 404
    assert list(client.get(u("suggestions", committee)).context["page_obj"]) == []


def test_a_handling_unit_sees_and_answers_only_what_was_assigned_to_it(
    client, committee, staff, suggestion, unit, heating, consultation, django_capture_on_commit_callbacks
):
    from lvzhi.core.models import Notification
    from lvzhi.core.roles import Role

    bureau = factories.user_with_role(committee, Role.UNIT, unit=unit, username="fagaiju")
    theirs = services.suggestion_create(
        committee=committee, title="供热公司的事", submitted_on=date(2026, 5, 2), units=[heating], by=staff
    )
    services.suggestion_assign(suggestion=theirs, by=staff)
    waiting = services.suggestion_create(
        committee=committee, title="尚未交办", submitted_on=date(2026, 5, 3), units=[unit], by=staff
    )
    client.force_login(bureau)
    # Named as a unit but not yet 交办: not yet the unit's business.
    assert list(client.get(u("suggestions", committee)).context["page_obj"]) == []
    assert client.get(waiting.get_absolute_url()).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_assign(suggestion=suggestion, units=[unit], by=staff)
    assert Notification.objects.filter(user=bureau, text__contains=suggestion.title).count() == 1
    listing = client.get(u("suggestions", committee))
    assert [s.pk for s in listing.context["page_obj"]] == [suggestion.pk]
    assert [x.pk for x in listing.context["units"]] == [unit.pk]
    assert client.get(theirs.get_absolute_url()).status_code == 404
    page = client.get(suggestion.get_absolute_url()).content.decode()
    assert "登记答复" in page
    assert consultation.get_absolute_url() not in page  # the unit reads no consultation
    # Only the reply: no edit, no other move, no other page of consult.
    assert (
        client.post(suggestion.get_absolute_url(), {"move": "conclude", "outcome": "adopted"}).status_code
        == 403
    )
    assert client.get(u("suggestion_edit", committee, pk=suggestion.pk)).status_code == 403
    for name in ("consultations", "plans", "studios", "forms", "suggestion_create", "suggestion_import"):
        assert client.get(u(name, committee)).status_code == 403, name
    assert client.get(consultation.get_absolute_url()).status_code == 404
    client.post(
        suggestion.get_absolute_url(),
        {"move": "reply", "reply": "已列入年度计划。", "replied_on": "2026-06-01"},
    )
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.reply) == ("replied", "已列入年度计划。")
    assert suggestion.steps.get(kind="reply").note == unit.name
    assert (
        client.post(
            theirs.get_absolute_url(), {"move": "reply", "reply": "x", "replied_on": "2026-06-01"}
        ).status_code
        == 404
    )
    # The API gives the same.
    api = client.get(f"/api/v1/committees/{committee.code}/suggestions/").json()
    assert [r["id"] for r in api["results"]] == [suggestion.pk]


def test_a_unit_not_assigned_cannot_reply_through_the_service(committee, staff, suggestion, unit, heating):
    from django.core.exceptions import PermissionDenied

    from lvzhi.core.roles import Role

    other = factories.user_with_role(committee, Role.UNIT, unit=heating, username="gongre")
    services.suggestion_assign(suggestion=suggestion, units=[unit], by=staff)
    with pytest.raises(PermissionDenied):
        services.suggestion_reply(suggestion=suggestion, reply="越权", replied_on=date(2026, 6, 1), by=other)
    suggestion.refresh_from_db()
    assert suggestion.status == "assigned"


def test_a_leader_reads_but_does_not_manage(client, leader, committee, suggestion):
    client.force_login(leader)
    assert client.get(suggestion.get_absolute_url()).status_code == 200
    assert client.get(u("suggestion_edit", committee, pk=suggestion.pk)).status_code == 403
    assert client.get(u("form_create", committee)).status_code == 403


def test_staff_register_a_consultation_and_see_it_marked_off_plan(client, staff, committee, economy, member):
    client.force_login(staff)
    response = client.post(u("consultation_create", committee), {
        "form": form_of(committee, "duikou").pk, "topic": "农村人居环境整治", "start_on": "2026-04-02",
        "organizer": f"sc:{economy.pk}", "participants": [member.person_id],
        "officials_count": 3, "public_count": 5, "experts_count": 1,
    })  # fmt: skip
    consultation = Consultation.objects.get(topic="农村人居环境整治")
    assert response.status_code == 302
    assert consultation.special_committee == economy
    assert list(consultation.participants.all()) == [member.person]
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "计划外" in page
    assert member.person.name in page
    # a research visit on the detail page
    client.post(
        consultation.get_absolute_url(), {"on": "2026-03-20", "place": "某镇某村", "note": "实地查看"}
    )
    assert consultation.visits.count() == 1


def test_a_stale_consultation_edit_is_refused_and_keeps_what_was_typed(
    client, staff, committee, consultation, economy
):
    client.force_login(staff)
    data = {
        "form": consultation.form_id, "topic": "我改的议题", "start_on": "2026-05-10", "organizer": f"sc:{economy.pk}",
        "officials_count": 0, "public_count": 0, "experts_count": 0, "version": consultation.version,
    }  # fmt: skip
    services.consultation_update(consultation=consultation, data={"topic": "别人改的"}, by=staff)
    response = client.post(u("consultation_edit", committee, pk=consultation.pk), data)
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    assert "我改的议题" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.topic == "别人改的"


def test_the_suggestion_moves_from_its_page_and_out_of_order_is_refused(
    client, staff, committee, suggestion, unit
):
    client.force_login(staff)
    url = suggestion.get_absolute_url()
    refused = client.post(url, {"move": "reply", "reply": "x", "replied_on": "2026-06-01"})
    assert "不能答复" in refused.content.decode()
    client.post(url, {"move": "assign", "units": [unit.pk]})
    client.post(url, {"move": "reply", "reply": "已落实", "replied_on": "2026-06-01"})
    client.post(url, {"move": "conclude", "outcome": "adopted"})
    suggestion.refresh_from_db()
    assert suggestion.status == "adopted"
    page = client.get(url).content.decode()
    assert "已落实" in page
    assert "区发展和改革局" in page


def test_the_suggestion_list_filters(client, staff, committee, suggestion, unit, heating, economy):
    micro = make_consultation(
        committee, staff, code="wei_xieshang", topic="微协商", special_committee=economy
    )
    services.suggestion_create(committee=committee, title="停车难", submitted_on=date(2026, 3, 1),
                               consultation=micro, category="livelihood", units=[heating], by=staff)  # fmt: skip
    client.force_login(staff)

    def titles(**query):
        response = client.get(u("suggestions", committee), query)
        return [s.title for s in response.context["page_obj"]]

    assert titles(form="wei_xieshang") == ["停车难"]
    assert titles(form="zhuanti_diaoyan") == ["推进市政供暖进小区"]
    assert titles(category="livelihood") == ["停车难"]
    assert titles(unit=heating.pk) == ["停车难"]
    assert titles(consultation=micro.pk) == ["停车难"]
    assert titles(q="供暖") == ["推进市政供暖进小区"]
    assert titles(**{"from": "2026-05-01", "to": "2026-05-31"}) == ["推进市政供暖进小区"]
    assert titles(status="assigned") == []
    assert client.get(u("suggestions", committee), {"from": "bad"}).status_code == 404
    export = client.get(u("suggestions", committee), {"export": "xlsx", "form": "wei_xieshang"})
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["停车难"]


def test_the_consultation_list_filters_and_exports(client, staff, committee, consultation, economy):
    from lvzhi.org.models import Sector

    sector = Sector.objects.filter(committee=committee).first()
    plan = services.plan_create(committee=committee, year=2026, by=staff)
    item = services.plan_item_add(plan=plan, form=form_of(committee, "jiebie"), topic="防汛", by=staff)
    flood = make_consultation(committee, staff, code="jiebie", topic="防汛", on=date(2025, 7, 1), sector=sector,
                              plan_item=item)  # fmt: skip
    client.force_login(staff)

    def topics(**query):
        return [c.topic for c in client.get(u("consultations", committee), query).context["page_obj"]]

    assert topics(form="jiebie") == ["防汛"]
    assert topics(organizer=f"sector:{sector.pk}") == ["防汛"]
    assert topics(organizer=f"sc:{economy.pk}") == [consultation.topic]
    assert topics(year="2025") == ["防汛"]
    assert topics(plan="in") == ["防汛"]
    assert topics(plan="out") == [consultation.topic]
    page = client.get(u("plans", committee))
    assert client.get(plan.get_absolute_url()).content.decode().count("已完成") >= 2
    assert page.status_code == 200
    export = client.get(u("consultations", committee), {"export": "xlsx"})
    assert export.status_code == 200
    assert flood.topic.encode() not in export.content


def test_staff_add_rename_and_deactivate_forms(client, staff, committee):
    client.force_login(staff)
    bad = client.post(u("form_create", committee), {"code": "请你来", "name": "请你来协商", "order": 10})
    assert "小写英文字母" in bad.content.decode()
    client.post(
        u("form_create", committee), {"code": "qingnilai", "name": "请你来协商", "order": 10, "active": "on"}
    )
    form = ConsultationForm.objects.get(committee=committee, code="qingnilai")
    client.post(u("form_edit", committee, pk=form.pk), {"name": "请你来协商会", "order": 10})
    form.refresh_from_db()
    assert (form.name, form.active) == ("请你来协商会", False)
    assert "qingnilai" in client.get(u("forms", committee)).content.decode()


def test_studio_pages_show_members_checklist_log_and_hosted_consultations(client, staff, committee, member):
    client.force_login(staff)
    client.post(u("studio_create", committee), {"kind": "sector", "name": "工商联界委员工作室", "address": "城关街道",
                                               "convenor": member.person_id, "members": [member.person_id],
                                               "checklist": ["logo", "people"]})  # fmt: skip
    from lvzhi.consult.models import Studio

    studio = Studio.objects.get(name="工商联界委员工作室")
    make_consultation(committee, staff, code="wei_xieshang", topic="后疫情时代民营经济发展", studio=studio)
    client.post(studio.get_absolute_url(), {"on": "2026-04-01", "kind": "study", "text": "学习培训"})
    page = client.get(studio.get_absolute_url()).content.decode()
    assert "后疫情时代民营经济发展" in page
    assert "学习培训" in page
    assert member.person.name in page
    assert page.count("未上墙") == 3
    listing = client.get(u("studios", committee)).content.decode()
    assert "2/5" in listing


def test_the_lists_use_a_constant_number_of_queries(client, staff, committee, economy, unit,
                                                    django_assert_max_num_queries):  # fmt: skip
    client.force_login(staff)

    def add(n):
        for i in range(n):
            person = factories.make_member(committee).person
            c = make_consultation(
                committee, staff, topic=f"议题{i}", participants=[person], special_committee=economy
            )
            services.suggestion_create(committee=committee, title=f"建议{i}", submitted_on=date(2026, 5, 1),
                                       consultation=c, proposers=[person], units=[unit], by=staff)  # fmt: skip

    add(2)
    counts = {}
    for name in ("consultations", "suggestions"):
        with django_assert_max_num_queries(30) as small:
            client.get(u(name, committee))
        counts[name] = len(small.captured_queries)
    add(12)
    for name in ("consultations", "suggestions"):
        with django_assert_max_num_queries(30) as large:
            response = client.get(u(name, committee))
        assert len(response.context["page_obj"]) == 14
        assert len(large.captured_queries) == counts[name], name


def test_the_studio_plan_and_form_lists_use_a_constant_number_of_queries(
    client, staff, committee, economy, django_assert_max_num_queries
):
    client.force_login(staff)
    micro = form_of(committee, "wei_xieshang")

    def add(n, start):
        for i in range(start, start + n):
            person = factories.make_member(committee).person
            studio = services.studio_create(
                committee=committee,
                data={"kind": "area", "name": f"工作室{i}", "convenor": person, "checklist": ["logo"]},
                members=[person],
                by=staff,
            )
            services.studio_log_add(
                studio=studio, on=date(2026, 5, 1), kind="consult", text="微协商", by=staff
            )
            make_consultation(committee, staff, code="wei_xieshang", topic=f"微协商{i}", studio=studio)
            plan = services.plan_create(committee=committee, year=2000 + i, by=staff)
            item = services.plan_item_add(plan=plan, form=micro, topic=f"议题{i}", by=staff)
            make_consultation(committee, staff, topic=f"计划内{i}", special_committee=economy, plan_item=item)

    def measure():
        counts = {}
        for name in ("studios", "plans", "forms"):
            with django_assert_max_num_queries(30) as captured:
                assert client.get(u(name, committee)).status_code == 200
            counts[name] = len(captured.captured_queries)
        return counts

    add(2, 0)
    small = measure()
    add(8, 2)
    assert measure() == small


def test_every_form_page_opens_for_staff(client, staff, committee, consultation, suggestion):
    plan = services.plan_create(committee=committee, year=2026, by=staff)
    studio = services.studio_create(committee=committee, data={"kind": "area", "name": "工作室"}, by=staff)
    client.force_login(staff)
    for url in (
        u("consultation_create", committee), u("consultation_edit", committee, pk=consultation.pk),
        u("suggestion_create", committee), u("suggestion_edit", committee, pk=suggestion.pk),
        u("form_create", committee), u("form_edit", committee, pk=consultation.form_id), u("plan_create", committee),
        plan.get_absolute_url(), u("studio_create", committee), u("studio_edit", committee, pk=studio.pk),
        u("plans", committee), u("forms", committee), u("studios", committee), u("suggestion_import", committee),
    ):  # fmt: skip
        assert client.get(url).status_code == 200, url
