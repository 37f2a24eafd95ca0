"""Login security: lockout, complexity, forced change, expiry, no reuse, idle timeout, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.accounts.services import password_change, user_create
from lvzhi.core.models import AuditEvent
from lvzhi.core.roles import Role

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def test_it_locks_an_account_after_five_failures_for_that_address(client, staff):
    for _ in range(4):
        response = client.post(LOGIN, {"username": "staff", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 200
    fifth = client.post(LOGIN, {"username": "staff", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    assert fifth.status_code == 429  # the fifth failure locks, and says so
    # Now even the right password is refused from that address.
    locked = client.post(LOGIN, {"username": "staff", "password": "Test@Pass2026"}, REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()
    # Another address is not locked out (username + IP, so one office's NAT does not lock everyone).
    other = client.post(LOGIN, {"username": "staff", "password": "Test@Pass2026"}, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 302
    assert AuditEvent.objects.filter(action="login", result="failure", username="staff").count() >= 5


def test_it_logs_in_and_writes_the_audit_trail(client, staff):
    response = client.post(LOGIN, {"username": "staff", "password": "Test@Pass2026"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="login", user=staff, result="success").exists()


def test_it_forces_a_password_change_at_first_login(client, committee):
    user, password = user_create(username="newbie")
    from lvzhi.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=user, committee=committee, role=Role.STAFF)
    client.post(LOGIN, {"username": "newbie", "password": password})
    response = client.get(reverse("org:members", kwargs={"committee": committee.code}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:password_change"))
    change = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": "Better#Pass2026", "new_password2": "Better#Pass2026"},
    )
    assert change.status_code == 302
    assert client.get(reverse("org:members", kwargs={"committee": committee.code})).status_code == 200


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short1A", "至少"),
        ("alllowercase", "至少三类"),
        ("Test@Pass2026", "当前密码相同"),
    ],
)
def test_it_enforces_password_rules(client, staff, new, message):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "Test@Pass2026", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_it_refuses_a_recent_password(staff):
    password_change(user=staff, old_password="Test@Pass2026", new_password="Second#Pass1")
    password_change(user=staff, old_password="Second#Pass1", new_password="Third#Pass1")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="最近"):
        password_change(user=staff, old_password="Third#Pass1", new_password="Test@Pass2026")


def test_it_sends_an_expired_password_to_the_change_page(client, staff, committee):
    staff.password_changed_at = timezone.now() - timedelta(days=settings.LVZHI_PASSWORD_MAX_AGE_DAYS + 1)
    staff.save()
    client.force_login(staff)
    response = client.get(reverse("org:members", kwargs={"committee": committee.code}))
    assert response.status_code == 302
    assert "password" in response["Location"]


def test_it_keeps_the_api_closed_until_a_forced_change_is_made(client, staff, committee):
    from rest_framework.authtoken.models import Token

    token_url = reverse("api-token")
    members_url = reverse("api-members", kwargs={"committee": committee.code})
    issued = client.post(token_url, {"username": "staff", "password": "Test@Pass2026"})
    assert issued.status_code == 200
    key = issued.json()["token"]
    assert client.get(members_url, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200

    staff.must_change_password = True
    staff.save()
    # A token issued before the reset no longer opens the API ...
    refused = client.get(members_url, HTTP_AUTHORIZATION=f"Token {key}")
    assert refused.status_code in (401, 403)
    assert "修改密码" in refused.json()["detail"]
    # ... and no new one is issued, whatever the password.
    Token.objects.all().delete()
    again = client.post(token_url, {"username": "staff", "password": "Test@Pass2026"})
    assert again.status_code in (400, 401, 403)
    assert "修改密码" in again.content.decode()
    assert not Token.objects.exists()

    staff.must_change_password = False
    staff.password_changed_at = timezone.now() - timedelta(days=settings.LVZHI_PASSWORD_MAX_AGE_DAYS + 1)
    staff.save()
    assert client.post(token_url, {"username": "staff", "password": "Test@Pass2026"}).status_code != 200


def test_it_ends_an_idle_session(client, staff):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # the age counts from the last request: an idle timeout
    client.force_login(staff)
    session = client.session
    session.set_expiry(-1)
    session.save()
    assert client.get("/").status_code == 302


def test_it_lets_the_security_admin_reset_a_password(client, secadmin, staff, committee):
    client.force_login(secadmin)
    url = reverse("accounts:password_reset", kwargs={"committee": committee.code, "pk": staff.pk})
    response = client.post(url)
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.must_change_password
    assert AuditEvent.objects.filter(action="password_reset", object_id=str(staff.pk)).exists()


def test_it_keeps_password_resets_from_other_roles(client, sysadmin, staff, committee):
    client.force_login(sysadmin)
    url = reverse("accounts:password_reset", kwargs={"committee": committee.code, "pk": staff.pk})
    assert client.post(url).status_code == 403


def test_it_leaves_an_account_with_a_role_above_to_the_committee_above(client, secadmin, committee, city):
    from lvzhi.accounts.models import RoleAssignment
    from tests import factories

    person = factories.make_member(committee, name="兼职").person
    user = factories.user_with_role(city, Role.LEADER, username="both", person=person)
    RoleAssignment.objects.create(user=user, committee=committee, role=Role.STAFF)
    client.force_login(secadmin)
    url = reverse("accounts:password_reset", kwargs={"committee": committee.code, "pk": user.pk})
    assert client.post(url).status_code == 403
    user.refresh_from_db()
    assert not user.must_change_password


def test_it_hides_accounts_of_another_committee(client, secadmin, outsider, other_committee):
    client.force_login(secadmin)
    url = reverse("accounts:user_detail", kwargs={"committee": other_committee.code, "pk": outsider.pk})
    assert client.get(url).status_code == 404


def test_it_stores_passwords_with_argon2_in_production():
    from lvzhi.config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert User._meta.get_field("password")
