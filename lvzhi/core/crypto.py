"""Field encryption for ID numbers: AES-GCM with a key kept outside the database, and a keyed hash
(HMAC-SHA256) so a number can be found without decrypting every row."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_PREFIX = "v1:"


@cache
def _keys(master: bytes) -> tuple[bytes, bytes]:
    enc = hmac.new(master, b"lvzhi field encryption", hashlib.sha256).digest()
    mac = hmac.new(master, b"lvzhi field lookup", hashlib.sha256).digest()
    return enc, mac


def encrypt(plaintext: str) -> str:
    if not plaintext:
        return ""
    enc, _mac = _keys(settings.LVZHI_FIELD_KEY)
    nonce = os.urandom(12)
    sealed = AESGCM(enc).encrypt(nonce, plaintext.encode(), None)
    return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    if not token.startswith(_PREFIX):
        raise ValueError("unknown ciphertext version")
    enc, _mac = _keys(settings.LVZHI_FIELD_KEY)
    raw = base64.urlsafe_b64decode(token[len(_PREFIX) :])
    return AESGCM(enc).decrypt(raw[:12], raw[12:], None).decode()


def lookup_digest(plaintext: str) -> str:
    """A keyed hash to find a value by equality; empty for an empty value."""
    if not plaintext:
        return ""
    _enc, mac = _keys(settings.LVZHI_FIELD_KEY)
    return hmac.new(mac, plaintext.encode(), hashlib.sha256).hexdigest()
