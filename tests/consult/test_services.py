"""Consultation forms as data, consultations with exactly one organizer, the suggestion's moves in order,
stale edits, the plan, and the DutyRecords that follow their sources."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lvzhi.consult import services
from lvzhi.consult.choices import DEFAULT_FORMS, SuggestionStatus
from lvzhi.consult.duty import PARTICIPATED, SUGGESTED
from lvzhi.consult.models import ConsultationForm, SuggestionStep
from lvzhi.duty.models import DutyRecord
from tests import factories
from tests.consult.conftest import form_of, make_consultation

pytestmark = pytest.mark.django_db


def test_it_installs_the_default_forms_in_every_new_committee(committee, other_committee):
    for c in (committee, other_committee):
        assert list(ConsultationForm.objects.filter(committee=c).values_list("code", "name")) == DEFAULT_FORMS


def test_it_adds_a_form_with_an_ascii_code_unique_per_committee(committee, other_committee, staff):
    form = services.consultation_form_create(
        committee=committee, code="qingnilai", name="请你来协商", by=staff
    )
    assert form.order == len(DEFAULT_FORMS) + 1
    with pytest.raises(ValidationError) as exc:
        services.consultation_form_create(committee=committee, code="qingnilai", name="另一个", by=staff)
    assert "qingnilai" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.consultation_form_create(committee=committee, code="请你来", name="请你来2", by=staff)
    assert "小写英文字母" in str(exc.value)
    # the same code in another committee is fine
    services.consultation_form_create(
        committee=other_committee, code="qingnilai", name="请你来协商", by=staff
    )


def test_it_renames_and_deactivates_a_form_keeping_its_code(committee, staff):
    form = form_of(committee, "wei_xieshang")
    services.consultation_form_update(form=form, name="微协商（请你来协商）", order=1, active=False, by=staff)
    form.refresh_from_db()
    assert (form.code, form.name, form.active) == ("wei_xieshang", "微协商（请你来协商）", False)


def test_a_consultation_has_exactly_one_organizer(committee, staff, economy):
    from lvzhi.org.models import Sector

    sector = Sector.objects.filter(committee=committee).first()
    with pytest.raises(ValidationError) as exc:
        make_consultation(committee, staff)
    assert "只能选一个" in str(exc.value)
    with pytest.raises(ValidationError):
        make_consultation(committee, staff, special_committee=economy, sector=sector)
    assert make_consultation(committee, staff, sector=sector).organizer == sector


def test_it_refuses_another_committees_people_and_forms(committee, other_committee, staff, economy):
    stranger = factories.make_member(other_committee).person
    with pytest.raises(ValidationError):
        make_consultation(committee, staff, special_committee=economy, participants=[stranger])
    with pytest.raises(ValidationError):
        services.consultation_create(
            committee=committee,
            data={"form": form_of(other_committee, "jiebie"), "topic": "x", "start_on": date(2026, 1, 1),
                  "special_committee": economy},
            by=staff,
        )  # fmt: skip


def test_the_suggestion_moves_in_order_with_its_timeline(suggestion, staff, unit):
    with pytest.raises(ValidationError) as exc:
        services.suggestion_reply(
            suggestion=suggestion, reply="已办理", replied_on=date(2026, 6, 1), by=staff
        )
    assert "当前状态为「已报送」，不能答复" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.suggestion_assign(suggestion=suggestion, by=staff)  # no unit yet
    assert "承办单位" in str(exc.value)
    services.suggestion_assign(suggestion=suggestion, units=[unit], by=staff)
    with pytest.raises(ValidationError):
        services.suggestion_conclude(suggestion=suggestion, outcome=SuggestionStatus.ADOPTED, by=staff)
    services.suggestion_reply(
        suggestion=suggestion, reply="已纳入年度计划", replied_on=date(2026, 6, 1), by=staff
    )
    services.suggestion_conclude(suggestion=suggestion, outcome=SuggestionStatus.PARTLY, by=staff)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PARTLY
    assert suggestion.replied_on == date(2026, 6, 1)
    steps = list(SuggestionStep.objects.filter(suggestion=suggestion).values_list("kind", "to_status"))
    assert steps == [
        ("submit", "submitted"),
        ("assign", "assigned"),
        ("reply", "replied"),
        ("conclude", "partly"),
    ]
    with pytest.raises(ValidationError):
        services.suggestion_assign(suggestion=suggestion, by=staff)  # a concluded one does not go back


def test_a_stale_edit_is_refused(suggestion, staff, consultation):
    version = suggestion.version
    services.suggestion_update(
        suggestion=suggestion, data={"title": "新标题"}, expected_version=version, by=staff
    )
    with pytest.raises(ValidationError) as exc:
        services.suggestion_update(
            suggestion=suggestion, data={"title": "旧副本"}, expected_version=version, by=staff
        )
    assert "已被他人修改" in str(exc.value)
    v = consultation.version
    services.consultation_update(
        consultation=consultation, data={"topic": "甲"}, expected_version=v, by=staff
    )
    with pytest.raises(ValidationError):
        services.consultation_update(
            consultation=consultation, data={"topic": "乙"}, expected_version=v, by=staff
        )


def test_participation_records_follow_the_consultation(committee, staff, consultation, member):
    records = DutyRecord.objects.filter(kind=PARTICIPATED)
    assert list(records.values_list("person_id", "date")) == [(member.person_id, consultation.start_on)]
    other = factories.make_member(committee).person
    services.consultation_update(
        consultation=consultation, data={"start_on": date(2026, 5, 12)}, participants=[other], by=staff
    )
    assert list(records.values_list("person_id", "date")) == [(other.pk, date(2026, 5, 12))]
    services.consultation_update(consultation=consultation, data={}, participants=[], by=staff)
    assert not records.exists()


def test_proposer_records_follow_the_suggestion_and_carry_its_adoption(suggestion, staff, unit, member):
    record = DutyRecord.objects.get(kind=SUGGESTED)
    assert (record.person_id, record.date, record.detail["adopted"]) == (
        member.person_id,
        date(2026, 5, 20),
        False,
    )
    services.suggestion_assign(suggestion=suggestion, units=[unit], by=staff)
    services.suggestion_reply(suggestion=suggestion, reply="采纳", replied_on=date(2026, 6, 1), by=staff)
    services.suggestion_conclude(suggestion=suggestion, outcome=SuggestionStatus.ADOPTED, by=staff)
    record = DutyRecord.objects.get(kind=SUGGESTED)
    assert record.detail["adopted"] is True
    assert record.detail["status_label"] == "采纳"
    from lvzhi.duty.services import duty_record_sync

    assert duty_record_sync(suggestion).created == 0  # idempotent
    services.suggestion_update(suggestion=suggestion, data={}, proposers=[], by=staff)
    assert not DutyRecord.objects.filter(kind=SUGGESTED).exists()


def test_a_plan_item_is_done_when_a_consultation_carries_it(committee, staff, economy):
    plan = services.plan_create(committee=committee, year=2026, approved_by="区委常委会会议", by=staff)
    item = services.plan_item_add(plan=plan, form=form_of(committee, "zhuanti"), topic="优化营商环境",
                                  planned_month=6, by=staff)  # fmt: skip
    assert not item.consultations.exists()
    make_consultation(committee, staff, code="zhuanti", special_committee=economy, plan_item=item)
    assert item.consultations.count() == 1
    with pytest.raises(ValidationError):
        services.plan_create(committee=committee, year=2026, by=staff)
    with pytest.raises(ValidationError):
        services.plan_item_add(
            plan=plan, form=form_of(committee, "zhuanti"), topic="x", planned_month=13, by=staff
        )


def test_a_studio_keeps_its_checklist_and_log(committee, staff, member):
    studio = services.studio_create(
        committee=committee,
        data={
            "kind": "area",
            "name": "城关街道委员工作室",
            "convenor": member.person,
            "checklist": ["logo", "rules"],
        },
        members=[member.person],
        by=staff,
    )
    assert [t for _c, _l, t in studio.checklist_items()] == [True, False, False, False, True]
    with pytest.raises(ValidationError):
        services.studio_update(studio=studio, data={"checklist": ["nonsense"]}, by=staff)
    services.studio_log_add(studio=studio, on=date(2026, 4, 1), kind="consult", text="开展微协商", by=staff)
    assert studio.logs.count() == 1
