"""Signed roll-up files: this installation's Ed25519 key, the canonical payload, signing and checking.

The private key is a 32-byte seed kept outside the database like the other keys (LVZHI_ROLLUP_KEY, else
$LVZHI_HOME/keys/rollup-ed25519.key, made on first use). Only the public key leaves the installation.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from lvzhi.config import env

FORMAT = "lvzhi-rollup/1"
KEY_ENV = "LVZHI_ROLLUP_KEY"
KEY_FILE = "rollup-ed25519.key"


def own_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(env.env_key(KEY_ENV, KEY_FILE, create=True))


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """A public key as the text people copy between installations (base64 of the 32 raw bytes)."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return base64.b64encode(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def own_public_key() -> str:
    return public_key_text(own_private_key())


def parse_public_key(text: str) -> Ed25519PublicKey:
    """A public key from its text; ValueError if it is not one."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64") from exc
    if len(raw) != 32:
        raise ValueError("not 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def fingerprint(public_key: str) -> str:
    """SHA-256 of the raw public key, in hex: what two people compare on the phone."""
    return hashlib.sha256(base64.b64decode(public_key.strip())).hexdigest()


def canonical(payload: dict[str, Any]) -> bytes:
    """The bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(payload: dict[str, Any], key: Ed25519PrivateKey | None = None) -> dict[str, Any]:
    """The signed document: the payload, the signature over its canonical form and the signer's key."""
    key = key or own_private_key()
    public = public_key_text(key)
    return {
        "format": FORMAT,
        "payload": payload,
        "public_key": public,
        "fingerprint": fingerprint(public),
        "signature": base64.b64encode(key.sign(canonical(payload))).decode(),
    }


def verify(document: dict[str, Any], public_key: str) -> bool:
    """Whether the document's signature was made over its payload with the given public key."""
    try:
        signature = base64.b64decode(str(document.get("signature", "")), validate=True)
        parse_public_key(public_key).verify(signature, canonical(document["payload"]))
    except (InvalidSignature, ValueError, TypeError, KeyError):
        return False
    return True
