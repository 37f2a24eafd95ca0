"""The ledger's gates: 五定 before 已五定, only the 验收人 closes, overdue with the date, 延期 kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.core.figures import Period, evaluate
from lvzhi.rectify import services
from lvzhi.rectify.choices import ItemStatus, StepKind
from lvzhi.rectify.models import LedgerItem
from tests.rectify.conftest import full_data

pytestmark = pytest.mark.django_db


def to_awaiting(item, staff):
    services.ledger_item_fix(item=item, by=staff)
    services.ledger_item_start(item=item, by=staff)
    services.ledger_item_submit(item=item, by=staff)


def test_it_cannot_reach_fixed_with_a_required_field_empty(campaign, staff, rectifier, acceptor, lead):
    data = full_data(campaign, rectifier, acceptor, lead, measures="", deadline=None)
    item = services.ledger_item_register(campaign=campaign, data=data, by=staff)
    services.ledger_item_assign(item=item, by=staff)
    with pytest.raises(ValidationError, match="整改措施、完成时限"):
        services.ledger_item_fix(item=item, by=staff)
    item.refresh_from_db()
    assert item.status == ItemStatus.ASSIGNED
    services.ledger_item_update(
        item=item, data={"measures": "压缩环节", "deadline": date(2026, 12, 1)}, by=staff
    )
    services.ledger_item_fix(item=item, by=staff)
    assert item.status == ItemStatus.FIXED


def test_a_campaigns_template_decides_what_is_required(committee, staff, rectifier, acceptor, lead):
    strict = services.campaign_create(
        committee=committee,
        name="专项整治",
        started_on=date(2026, 1, 1),
        categories=["甲"],
        required_fields=["responsible", "acceptor", "督办人"],
        extra_fields=["督办人"],
        by=staff,
    )
    item = services.ledger_item_register(
        campaign=strict,
        data={
            "category": strict.categories.get(),
            "description": "问题",
            "responsible": rectifier.person,
            "acceptor": acceptor.person,
        },
        by=staff,
    )
    with pytest.raises(ValidationError, match="督办人"):
        services.ledger_item_fix(item=item, by=staff)
    services.ledger_item_update(item=item, data={"extras": {"督办人": "办公室主任"}}, by=staff)
    services.ledger_item_fix(item=item, by=staff)  # no 整改措施 needed in this campaign
    with pytest.raises(ValidationError, match="未知的五定项"):
        services.campaign_create(
            committee=committee,
            name="乙",
            started_on=date(2026, 1, 1),
            categories=["丙"],
            required_fields=["foo"],
            by=staff,
        )


def test_only_the_acceptor_closes_and_only_from_awaiting(item, staff, rectifier, acceptor):
    services.ledger_item_fix(item=item, by=staff)
    with pytest.raises(ValidationError, match="不能验收通过"):
        services.ledger_item_accept(item=item, by=acceptor)
    services.ledger_item_start(item=item, by=rectifier)
    services.ledger_item_submit(item=item, by=rectifier)
    for wrong in (rectifier, staff):
        with pytest.raises(PermissionDenied):
            services.ledger_item_accept(item=item, by=wrong)
    with pytest.raises(ValidationError):
        services.ledger_item_reject(item=item, by=acceptor, opinion=" ")
    services.ledger_item_reject(item=item, by=acceptor, opinion="台账记录不全")
    assert item.status == ItemStatus.RECTIFYING
    services.ledger_item_submit(item=item, by=rectifier)
    services.ledger_item_accept(item=item, by=acceptor, opinion="整改到位", on=date(2026, 6, 1))
    item.refresh_from_db()
    assert (item.status, item.closed_on) == (ItemStatus.CLOSED, date(2026, 6, 1))
    kinds = list(item.steps.values_list("kind", "by__username"))
    assert kinds == [
        (StepKind.REGISTER, "staff"),
        (StepKind.FIX, "staff"),
        (StepKind.START, "rectifier"),
        (StepKind.SUBMIT, "rectifier"),
        (StepKind.REJECT, "acceptor"),
        (StepKind.SUBMIT, "rectifier"),
        (StepKind.ACCEPT, "acceptor"),
    ]
    with pytest.raises(ValidationError, match="已销号"):
        services.ledger_item_update(item=item, data={"measures": "改"}, by=staff)


def test_the_responsible_can_never_be_the_acceptor(campaign, staff, rectifier, acceptor, lead):
    data = {**full_data(campaign, rectifier, acceptor, lead), "acceptor": rectifier.person}
    with pytest.raises(ValidationError, match="验收人不能是责任人本人"):
        services.ledger_item_register(campaign=campaign, data=data, by=staff)


def test_a_stranger_cannot_do_the_responsibles_part(item, staff, acceptor):
    services.ledger_item_fix(item=item, by=staff)
    with pytest.raises(PermissionDenied):
        services.ledger_item_start(item=item, by=acceptor)


def test_extension_is_approved_by_someone_else_and_keeps_both_deadlines(item, staff, rectifier):
    services.ledger_item_fix(item=item, by=staff)
    with pytest.raises(PermissionDenied):
        services.ledger_item_extend(item=item, deadline=date(2027, 3, 1), reason="需要跨年", by=rectifier)
    with pytest.raises(ValidationError):
        services.ledger_item_extend(item=item, deadline=date(2026, 12, 1), reason="提前", by=staff)
    services.ledger_item_extend(item=item, deadline=date(2027, 3, 1), reason="需要跨年", by=staff)
    item.refresh_from_db()
    assert (item.original_deadline, item.deadline) == (date(2026, 12, 31), date(2027, 3, 1))
    step = item.steps.get(kind=StepKind.EXTEND)
    assert (step.old_deadline, step.new_deadline, step.by.username) == (
        date(2026, 12, 31),
        date(2027, 3, 1),
        "staff",
    )


def test_it_turns_overdue_with_the_date_and_figures_follow(
    committee, item, staff, acceptor, campaign, rectifier, lead
):
    assert not item.is_overdue(date(2026, 12, 31))
    assert item.is_due_soon(date(2026, 12, 28))
    assert item.is_overdue(date(2027, 1, 1))
    closed = services.ledger_item_register(
        campaign=campaign,
        data=full_data(campaign, rectifier, acceptor, lead, deadline=date(2026, 5, 1)),
        on=date(2026, 4, 2),
        by=staff,
    )
    to_awaiting(closed, staff)
    services.ledger_item_accept(item=closed, by=acceptor, on=date(2026, 6, 10))  # closed late, but closed
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    values = evaluate(committee, year)
    assert (
        values["ledger_problems"].value,
        values["ledger_closed"].value,
        values["ledger_overdue"].value,
    ) == (2, 1, 0)
    # A stock: overdue at the period's end. On 2026-05-31 the second item was past its deadline and open.
    may = evaluate(committee, Period(date(2026, 5, 1), date(2026, 5, 31)))
    assert may["ledger_overdue"].value == 1
    assert LedgerItem.objects.overdue_on(date(2026, 5, 31)).get() == closed


def test_reopen_brings_a_closed_item_back(item, staff, acceptor):
    to_awaiting(item, staff)
    services.ledger_item_accept(item=item, by=acceptor)
    services.ledger_item_reopen(item=item, reason="群众再次反映", by=staff)
    item.refresh_from_db()
    assert (item.status, item.closed_on) == (ItemStatus.RECTIFYING, None)
