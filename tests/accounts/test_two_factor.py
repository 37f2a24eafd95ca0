"""两步验证 (TOTP): the RFC 6238 vectors; a role that requires it reaches no page before the second step;
enrolment, wrong and reused codes, recovery codes, the axes lockout, and the audited reset."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from django.urls import reverse

from lvzhi.accounts.models import TwoFactor
from lvzhi.accounts.twofactor import current_step, secret_of, totp_at, two_factor_begin, two_factor_confirm
from lvzhi.core.models import AuditEvent
from lvzhi.core.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
TWO_FACTOR = "/accounts/two-factor/"
PASSWORD = "Test@Pass2026"


def b32(seed: bytes) -> str:
    return base64.b32encode(seed).decode()


@pytest.mark.parametrize(
    ("seconds", "sha1", "sha256", "sha512"),
    [  # RFC 6238, Appendix B
        (59, "94287082", "46119246", "90693936"),
        (1111111109, "07081804", "68084774", "25091201"),
        (1111111111, "14050471", "67062674", "99943326"),
        (1234567890, "89005924", "91819424", "93441116"),
        (2000000000, "69279037", "90698825", "38618901"),
        (20000000000, "65353130", "77737706", "47863826"),
    ],
)
def test_totp_matches_the_rfc_6238_test_vectors(seconds, sha1, sha256, sha512):
    step = current_step(seconds)
    assert totp_at(b32(b"12345678901234567890"), step, 8, hashlib.sha1) == sha1
    assert totp_at(b32(b"12345678901234567890123456789012"), step, 8, hashlib.sha256) == sha256
    assert totp_at(b32(b"1234567890" * 6 + b"1234"), step, 8, hashlib.sha512) == sha512


@pytest.fixture
def required(settings):
    settings.LVZHI_2FA_ROLES = [Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR]


def users_url(committee):
    return reverse("accounts:users", kwargs={"committee": committee.code})


def enrolled(user):
    tf = two_factor_begin(user=user)
    codes = two_factor_confirm(tf=tf, code=totp_at(secret_of(tf), current_step() - 1))
    tf.refresh_from_db()
    return tf, codes


def code_at(tf, offset=0):
    return totp_at(secret_of(tf), current_step() + offset)


def test_a_required_role_reaches_no_page_before_the_second_step(client, committee, sysadmin, required):
    response = client.post(LOGIN, {"username": "sysadmin", "password": PASSWORD})
    assert response["Location"] == TWO_FACTOR
    assert client.get(users_url(committee))["Location"].startswith(LOGIN)  # not logged in yet
    client.force_login(sysadmin)  # a session that skipped the login view
    page = client.get(users_url(committee))
    assert page.status_code == 302
    assert page["Location"].startswith(TWO_FACTOR)
    assert client.get("/api/v1/").status_code == 403


def test_enrolment_shows_a_qr_code_and_confirms_with_a_code(client, committee, sysadmin, required):
    client.post(LOGIN, {"username": "sysadmin", "password": PASSWORD, "next": users_url(committee)})
    page = client.get(TWO_FACTOR).content.decode()
    assert "<svg" in page
    assert "须启用两步验证" in page
    secret = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    wrong = client.post(
        TWO_FACTOR, {"code": "000000" if totp_at(secret, current_step()) != "000000" else "111111"}
    )
    assert wrong.status_code == 400
    assert "验证码不正确" in wrong.content.decode()
    done = client.post(TWO_FACTOR, {"code": totp_at(secret, current_step())})
    codes = re.findall(r"<li class=\"col\">([a-z2-9]{4}-[a-z2-9]{4})</li>", done.content.decode())
    assert len(codes) == 10
    assert TwoFactor.objects.get(user=sysadmin).confirmed_at is not None
    assert f'href="{users_url(committee)}"' in done.content.decode()
    assert client.get(users_url(committee)).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor_enable", user=sysadmin).exists()


def test_a_wrong_or_reused_code_is_refused_at_login(client, committee, staff):
    tf, _codes = enrolled(staff)  # optional for staff, but on: asked all the same
    client.post(LOGIN, {"username": "staff", "password": PASSWORD})
    assert client.post(TWO_FACTOR, {"code": "12345"}).status_code == 400
    used = code_at(tf, -1)  # the step that confirmed the enrolment
    assert client.post(TWO_FACTOR, {"code": used}).status_code == 400
    fresh = code_at(tf)
    assert client.post(TWO_FACTOR, {"code": fresh})["Location"] == reverse("core:home")
    client.logout()
    client.post(LOGIN, {"username": "staff", "password": PASSWORD})
    reused = client.post(TWO_FACTOR, {"code": fresh})
    assert reused.status_code == 400
    assert "已使用过" in reused.content.decode()


def test_a_recovery_code_works_once(client, staff):
    _tf, codes = enrolled(staff)
    client.post(LOGIN, {"username": "staff", "password": PASSWORD})
    assert client.post(TWO_FACTOR, {"code": codes[0].upper()}).status_code == 302
    client.logout()
    client.post(LOGIN, {"username": "staff", "password": PASSWORD})
    assert client.post(TWO_FACTOR, {"code": codes[0]}).status_code == 400
    assert client.post(TWO_FACTOR, {"code": codes[1]}).status_code == 302


def test_wrong_codes_lock_the_account_like_wrong_passwords(client, staff):
    tf, _codes = enrolled(staff)
    client.post(LOGIN, {"username": "staff", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    statuses = [
        client.post(TWO_FACTOR, {"code": "000001"}, REMOTE_ADDR="10.0.0.7").status_code for _ in range(5)
    ]
    assert statuses[:4] == [400] * 4
    assert statuses[4] == 429
    locked = client.post(TWO_FACTOR, {"code": code_at(tf)}, REMOTE_ADDR="10.0.0.7")
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()
    assert (
        client.post(LOGIN, {"username": "staff", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7").status_code
        == 429
    )


def test_the_security_admin_resets_it_and_the_reset_is_audited(
    client, committee, staff, secadmin, sysadmin, outsider
):
    enrolled(staff)
    url = reverse("accounts:two_factor_reset", kwargs={"committee": committee.code, "pk": staff.pk})
    client.force_login(sysadmin)  # 三员分立: accounts, not security settings
    assert client.post(url).status_code == 403
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    assert TwoFactor.objects.filter(user=staff).exists()
    client.force_login(secadmin)
    detail = client.get(reverse("accounts:user_detail", kwargs={"committee": committee.code, "pk": staff.pk}))
    assert "重置两步验证" in detail.content.decode()
    assert client.post(url).status_code == 302
    assert not TwoFactor.objects.filter(user=staff).exists()
    event = AuditEvent.objects.get(action="two_factor_reset")
    assert event.user == secadmin
    client.logout()
    assert client.post(LOGIN, {"username": "staff", "password": PASSWORD})["Location"] == reverse("core:home")


def test_a_role_without_the_requirement_logs_in_with_the_password_alone(client, committee, required):
    user = factories.user_with_role(committee, Role.STAFF, username="plain")
    assert client.post(LOGIN, {"username": "plain", "password": PASSWORD}).status_code == 302
    assert client.get(reverse("org:members", kwargs={"committee": committee.code})).status_code == 200
    assert not TwoFactor.objects.filter(user=user).exists()
