"""两步验证 with TOTP (RFC 6238, through pyotp): enrolment with a QR code and a confirmation code,
verification after the password, recovery codes, and the 安全管理员's audited reset. Which roles must use
it is ``settings.LVZHI_2FA_ROLES``; anyone else may turn it on."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Any

import pyotp
import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.models import TwoFactor, User
from lvzhi.core.audit import audit_log
from lvzhi.core.crypto import decrypt, encrypt

STEP = 30  # seconds, the RFC's and every authenticator app's default
DIGITS = 6
WINDOW = 1  # a step either side, for a phone's clock a little off
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def totp_at(secret: str, step: int, digits: int = DIGITS, digest: Any = hashlib.sha1) -> str:
    """The code for one time step (``unix time // 30``); ``secret`` is base32."""
    return pyotp.TOTP(secret, digits=digits, digest=digest, interval=STEP).generate_otp(step)


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP)


def required_for(user: Any) -> bool:
    """Whether one of the user's roles must log in with the second step."""
    roles = set(getattr(settings, "LVZHI_2FA_ROLES", []))
    if not roles or not getattr(user, "is_authenticated", False):
        return False
    return any(roles & set(r) for r in user.scope.roles.values())


def enabled_for(user: Any) -> bool:
    return TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace(" ", "").encode()).hexdigest()


@transaction.atomic
def two_factor_begin(*, user: User) -> TwoFactor:
    """A fresh secret awaiting confirmation (an enrolment started again gets a new one); an enabled
    second step is left as it is."""
    tf = TwoFactor.objects.select_for_update().filter(user=user).first()
    if tf is not None and tf.confirmed_at is not None:
        return tf
    tf = tf or TwoFactor(user=user)
    tf.secret = encrypt(pyotp.random_base32())
    tf.last_step, tf.recovery_codes, tf.created_at = 0, [], timezone.now()
    tf.save()
    return tf


def secret_of(tf: TwoFactor) -> str:
    return decrypt(tf.secret)


def provisioning_uri(tf: TwoFactor) -> str:
    return pyotp.TOTP(secret_of(tf), interval=STEP).provisioning_uri(
        name=tf.user.username, issuer_name=settings.LVZHI_2FA_ISSUER
    )


def qr_svg(tf: TwoFactor) -> str:
    """The enrolment QR code as inline SVG (no image request, nothing for the CSP to allow)."""
    return segno.make(provisioning_uri(tf), error="m").svg_inline(scale=5, title=_("两步验证二维码"))


def _accept_totp(tf: TwoFactor, code: str, now: float | None = None) -> bool:
    """True once per time step: a code already used (or an older one) is refused."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == DIGITS):
        return False
    secret, here = secret_of(tf), current_step(now)
    for step in range(here - WINDOW, here + WINDOW + 1):
        if step > tf.last_step and hmac.compare_digest(totp_at(secret, step), code):
            # Conditional update: two requests racing with the same code cannot both win.
            won = TwoFactor.objects.filter(pk=tf.pk, last_step__lt=step).update(last_step=step)
            if won:
                tf.last_step = step
            return bool(won)
    return False


def _new_recovery_codes() -> list[str]:
    return [
        "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(2))
        for _ in range(RECOVERY_CODES)
    ]


@transaction.atomic
def two_factor_confirm(*, tf: TwoFactor, code: str, now: float | None = None) -> list[str] | None:
    """The user typed a code from the app just set up: the second step is on. Returns the recovery
    codes (shown once, kept only as hashes), or None for a wrong code."""
    if not _accept_totp(tf, code, now):
        return None
    codes = _new_recovery_codes()
    tf.recovery_codes = [_hash(c) for c in codes]
    tf.confirmed_at = timezone.now()
    tf.save(update_fields=["recovery_codes", "confirmed_at"])
    audit_log("two_factor_enable", user=tf.user, obj=tf.user)
    return codes


@transaction.atomic
def two_factor_verify(*, user: User, code: str, now: float | None = None) -> bool:
    """The second step at login: a current code from the app, or an unused recovery code (used up)."""
    tf = TwoFactor.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if tf is None:
        return False
    if _accept_totp(tf, code, now):
        return True
    hashed = _hash(code)
    if "-" in code and hashed in tf.recovery_codes:
        tf.recovery_codes = [h for h in tf.recovery_codes if h != hashed]
        tf.save(update_fields=["recovery_codes"])
        audit_log("two_factor_recovery_code", user=user, obj=user, detail={"left": len(tf.recovery_codes)})
        return True
    return False


@transaction.atomic
def two_factor_reset(*, user: User, by: Any) -> None:
    """The 安全管理员 turns a user's second step off (a lost phone); the user enrols again at the next
    login if their role requires it. Audited."""
    if getattr(by, "pk", None) == user.pk:
        raise PermissionDenied(_("不能重置自己的两步验证。"))
    deleted, _rows = TwoFactor.objects.filter(user=user).delete()
    audit_log("two_factor_reset", user=by, obj=user, detail={"had": bool(deleted)})
