"""Encryption of single values at rest, and keyed hashes to find them.

Values are sealed with AES-256-GCM (``cryptography``'s AESGCM): a fresh
96-bit nonce per value, so equal values give unequal ciphertexts, and the
tag refuses any tampered one. A sealed value is text, so it fits the text
column it replaces::

    e1.<key id>.<base64url(nonce + ciphertext + tag)>

The key id (the first 8 hex digits of a hash of the key) names the key that
sealed it. A ring holds several keys, newest first: new values are sealed
with the newest, any of them opens old ones, and a row sealed with an older
key is found by its prefix alone, so re-encrypting after a rotation is a
query for the rows whose prefix is not the newest key's (``manage.py
rotate_field_keys``), resumable wherever it stopped.

A sealed value cannot be searched for. Where a value must be found or kept
unique (the NIK), a blind index sits beside it: HMAC-SHA256 of the value
under a key of its own, which finds equal values without revealing them.

Pure: keys come in as bytes; ``lib.encrypted`` reads them from the settings.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import os
import re
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "e1"
KEY_BYTES = 32
NONCE_BYTES = 12
# 128 bits of the HMAC: no two NIKs of a population share an index value
# (a collision among 10^9 values has odds of about 10^-21), and the unique
# index stays half the size of a full SHA-256 one.
BLIND_INDEX_CHARACTERS = 32


class BadKey(ValueError):
    """A key setting that cannot be read."""


class CannotDecrypt(ValueError):
    """A stored value that no key of the ring opens, or that is not a sealed value."""


def parse_keys(text: str) -> list[bytes]:
    """Keys from a comma-separated list of base64url texts (32 bytes each), newest first."""
    keys = [_key(item.strip()) for item in text.split(",") if item.strip()]
    if not keys:
        raise BadKey("no key given")
    return keys


def _key(text: str) -> bytes:
    try:
        key = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise BadKey("a key is not base64url text") from None
    if len(key) != KEY_BYTES:
        raise BadKey(f"a key must be {KEY_BYTES} bytes (base64url of 32 random bytes), not {len(key)}")
    return key


def new_key() -> str:
    """A fresh key as the settings take it."""
    return encoded(os.urandom(KEY_BYTES))


def encoded(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode()


def derived_key(secret: str, purpose: str) -> bytes:
    """A key for ``purpose`` derived from ``secret``: development and tests only,
    where no key is configured (production refuses to start without them)."""
    return hmac.new(secret.encode(), f"jembatan {purpose}".encode(), hashlib.sha256).digest()


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"jembatan key id " + key).hexdigest()[:8]


class KeyRing:
    """Keys to seal and open values with: the first seals, all open."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise BadKey("a key ring needs at least one key")
        self._ciphers = {key_id(key): AESGCM(key) for key in keys}
        self.current_id = key_id(keys[0])
        self._current = self._ciphers[self.current_id]
        self.current_prefix = f"{VERSION}.{self.current_id}."

    def encrypt(self, text: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._current.encrypt(nonce, text.encode(), None)
        return self.current_prefix + base64.urlsafe_b64encode(nonce + sealed).decode()

    def decrypt(self, token: str) -> str:
        version, _, rest = token.partition(".")
        kid, _, body = rest.partition(".")
        cipher = self._ciphers.get(kid)
        if version != VERSION or cipher is None:
            raise CannotDecrypt(f"no key of the ring opens a value sealed as {version!r} with key {kid!r}")
        try:
            raw = base64.urlsafe_b64decode(body)
            return cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None).decode()
        except (binascii.Error, ValueError, InvalidTag):
            raise CannotDecrypt(f"a value sealed with key {kid} does not open: altered or cut") from None

    def is_current(self, token: str) -> bool:
        return token.startswith(self.current_prefix)


_SEALED = re.compile(rf"{VERSION}\.[0-9a-f]{{8}}\.[A-Za-z0-9_-]+={{0,2}}")


def is_sealed(value: str) -> bool:
    """Whether ``value`` has the form of a sealed value (not whether a key opens it)."""
    return _SEALED.fullmatch(value) is not None


def blind_index(key: bytes, value: str) -> str:
    """The keyed hash that finds ``value`` without revealing it."""
    keyed = _keyed_hash(key).copy()
    keyed.update(value.encode())
    return keyed.hexdigest()[:BLIND_INDEX_CHARACTERS]


@functools.lru_cache(maxsize=4)
def _keyed_hash(key: bytes) -> hmac.HMAC:
    # The key's inner and outer pads hashed once: an import computes an index per row, twice.
    return hmac.new(key, digestmod=hashlib.sha256)
