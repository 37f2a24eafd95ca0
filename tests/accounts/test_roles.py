"""Roles per committee, 三员分立, bulk member accounts, the audit trail for the auditor alone."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lvzhi.accounts.models import RoleAssignment, User
from lvzhi.accounts.services import member_accounts_create, role_grant, user_create
from lvzhi.core.audit import audit_prune
from lvzhi.core.models import AuditEvent
from lvzhi.core.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("first", "second"), [(Role.SYSADMIN, Role.AUDITOR), (Role.SECADMIN, Role.SYSADMIN)])
def test_it_keeps_the_three_administrators_separate(committee, secadmin, first, second):
    user, _ = user_create(username="admin1")
    role_grant(user=user, committee=committee, role=first, by=secadmin)
    with pytest.raises(ValidationError, match="三员分立"):
        role_grant(user=user, committee=committee, role=second, by=secadmin)


def test_it_refuses_to_grant_oneself_a_role(committee, secadmin):
    with pytest.raises(PermissionDenied):
        role_grant(user=secadmin, committee=committee, role=Role.STAFF, by=secadmin)


def test_it_creates_member_accounts_from_the_roster(committee, sysadmin):
    factories.make_member(committee, name="张三")
    factories.make_member(committee, name="张三丰")
    created = member_accounts_create(committee=committee, by=sysadmin)
    assert sorted(a.username for a in created) == ["zhangsan", "zhangsanfeng"]
    for account in created:
        user = User.objects.get(username=account.username)
        assert user.person == account.person
        assert user.must_change_password
        assert user.check_password(account.password)
        assert RoleAssignment.objects.filter(user=user, committee=committee, role=Role.MEMBER).exists()
    assert member_accounts_create(committee=committee, by=sysadmin) == []


def test_it_shows_the_audit_trail_to_the_auditor_alone(
    client, committee, auditor, staff, sysadmin, secadmin, outsider
):
    url = reverse("accounts:audit", kwargs={"committee": committee.code})
    for user in (staff, sysadmin, secadmin):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(auditor)
    response = client.get(url)
    assert response.status_code == 200


def test_it_keeps_audit_events_at_least_180_days(committee, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.LVZHI_AUDIT_RETENTION_DAYS = 30  # a lower setting is raised to the legal minimum
    now = timezone.now()
    kept = AuditEvent.objects.create(action="login", at=now - timedelta(days=179))
    AuditEvent.objects.create(action="login", at=now - timedelta(days=181))
    removed = audit_prune(now=now)
    assert removed["events"] == 1
    assert list(AuditEvent.objects.filter(action="login")) == [kept]


def test_it_never_updates_an_audit_event():
    event = AuditEvent.objects.create(action="login")
    event.action = "changed"
    with pytest.raises(ValidationError):
        event.save()


def test_it_records_field_changes_with_who_and_when(client, staff, committee):
    m = factories.make_member(committee, name="甲")
    person = m.person
    person.name = "乙"
    person.save()
    changes = list(person.history.order_by("history_date"))
    assert [h.name for h in changes] == ["甲", "乙"]


def test_it_shows_every_field_change_with_who_and_when_to_the_auditor(client, committee, staff, auditor):
    from tests.org.test_views import _form_data

    m = factories.make_member(committee, name="甲")
    client.force_login(staff)
    url = reverse("org:member_edit", kwargs={"committee": committee.code, "pk": m.person_id})
    form = client.get(url).context["form"]
    data = _form_data(committee, name="甲改", id_number=form.initial["id_number"], mobile="13900001234")
    data.update(gender=m.person.gender, birth_month="", version=form.initial["version"])
    assert client.post(url, data).status_code == 302

    client.force_login(auditor)
    audit_url = reverse("accounts:audit", kwargs={"committee": committee.code})
    html = client.get(audit_url, {"tab": "changes", "model": "org.historicalperson"}).content.decode()
    assert "数据修改记录" in html
    row = html[html.index("甲改") - 400 : html.index("甲改") + 400]
    assert "staff" in row  # who
    assert "<del>甲</del> → 甲改" in row  # what, from what
    assert "11010519491231002X" not in html  # ID numbers never appear in the trail
    assert "13900001234" not in html  # phones masked
    client.force_login(staff)
    assert client.get(audit_url, {"tab": "changes"}).status_code == 403
