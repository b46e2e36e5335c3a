"""Open2b-style encrypted passwords: 45 characters from a salted PBKDF2-HMAC-SHA256.

Format: ``"$" + base64(salt[12] + pbkdf2_hmac("sha256", password, salt, ITERATIONS)[:21])``,
so the vendor's documented ``string(45)`` holds, and a value can be recognised as ours
(the ``cryptedBy: "Open2b"`` check) without knowing the password.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os

ITERATIONS = 10_000  # cheap enough for an emulator, still a real KDF
ENCRYPTED_LENGTH = 45
_PREFIX = "$"
_SALT_BYTES = 12
_KEY_BYTES = 21


def _derive(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS, _KEY_BYTES)


def encrypt(password: str, *, salt: bytes | None = None) -> str:
    """The encrypted form of `password`; a fresh random salt unless one is given."""
    salt = os.urandom(_SALT_BYTES) if salt is None else salt
    return _PREFIX + base64.b64encode(salt + _derive(password, salt)).decode("ascii")


def _decode(encrypted: str) -> bytes | None:
    if len(encrypted) != ENCRYPTED_LENGTH or not encrypted.startswith(_PREFIX):
        return None
    try:
        raw = base64.b64decode(encrypted[1:], validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == _SALT_BYTES + _KEY_BYTES else None


def is_encrypted(value: str) -> bool:
    """Whether `value` is well formed as a password this module encrypted."""
    return _decode(value) is not None


def verify(password: str, encrypted: str) -> bool:
    raw = _decode(encrypted)
    if raw is None:
        return False
    salt, key = raw[:_SALT_BYTES], raw[_SALT_BYTES:]
    return hmac.compare_digest(_derive(password, salt), key)
