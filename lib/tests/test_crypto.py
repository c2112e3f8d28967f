"""lib.crypto: sealing single values with a ring of keys, and blind indexes."""

from __future__ import annotations

import base64

import pytest

from lib import crypto

OLD, NEW = crypto.derived_key("test", "old"), crypto.derived_key("test", "new")
VALUES = [
    "3174051203900001",
    "Jl. Merdeka 12, RT 03/RW 05, Bekasi",
    "ｶﾀｶﾅ and 日本語 and emoji 🙂",
    "x" * 10_000,
    "RT 03/RW 05",
]


@pytest.mark.parametrize("value", VALUES)
def test_it_opens_what_it_sealed(value: str) -> None:
    ring = crypto.KeyRing([NEW])
    sealed = ring.encrypt(value)
    assert ring.decrypt(sealed) == value
    assert crypto.is_sealed(sealed)
    assert value not in sealed


def test_it_seals_equal_values_differently() -> None:
    ring = crypto.KeyRing([NEW])
    assert ring.encrypt("3174051203900001") != ring.encrypt("3174051203900001")


def test_it_seals_with_the_first_key_and_opens_with_any() -> None:
    before = crypto.KeyRing([OLD]).encrypt("Bekasi")
    ring = crypto.KeyRing([NEW, OLD])
    after = ring.encrypt("Bekasi")
    assert ring.decrypt(before) == ring.decrypt(after) == "Bekasi"
    assert ring.is_current(after)
    assert not ring.is_current(before)
    assert after.startswith(f"e1.{crypto.key_id(NEW)}.")


def test_it_refuses_a_value_whose_key_is_not_in_the_ring() -> None:
    sealed = crypto.KeyRing([OLD]).encrypt("Bekasi")
    with pytest.raises(crypto.CannotDecrypt, match=crypto.key_id(OLD)):
        crypto.KeyRing([NEW]).decrypt(sealed)


@pytest.mark.parametrize("position", [12, 30, -3])
def test_it_refuses_an_altered_value(position: int) -> None:
    ring = crypto.KeyRing([NEW])
    sealed = ring.encrypt("Jl. Merdeka 12")
    prefix, body = sealed[:12], sealed[12:]
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[position] ^= 1
    with pytest.raises(crypto.CannotDecrypt, match="altered"):
        ring.decrypt(prefix + base64.urlsafe_b64encode(bytes(raw)).decode())


@pytest.mark.parametrize("stored", ["3174051203900001", "", "e1.zz.abc", "e2.00000000.AAAA"])
def test_it_refuses_what_is_not_a_sealed_value(stored: str) -> None:
    with pytest.raises(crypto.CannotDecrypt):
        crypto.KeyRing([NEW]).decrypt(stored)


def test_it_tells_plain_text_from_sealed() -> None:
    assert not crypto.is_sealed("e1. Jalan Merdeka")
    assert not crypto.is_sealed("3174051203900001")


def test_it_reads_keys_newest_first() -> None:
    text = f"{crypto.encoded(NEW)}, {crypto.encoded(OLD).rstrip('=')}"
    assert crypto.parse_keys(text) == [NEW, OLD]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "no key"),
        (" , ", "no key"),
        ("c2hvcnQ", "32 bytes"),
        ("!!!!", "base64url"),
        (crypto.encoded(b"x" * 16), "32"),
    ],
)
def test_it_refuses_keys_it_cannot_use(text: str, problem: str) -> None:
    with pytest.raises(crypto.BadKey, match=problem):
        crypto.parse_keys(text)


def test_it_makes_fresh_keys_the_settings_take() -> None:
    first, second = crypto.new_key(), crypto.new_key()
    assert first != second
    assert len(crypto.parse_keys(first)[0]) == crypto.KEY_BYTES


def test_it_finds_equal_values_by_a_keyed_hash() -> None:
    index = crypto.blind_index(NEW, "3174051203900001")
    assert index == crypto.blind_index(NEW, "3174051203900001")
    assert index != crypto.blind_index(NEW, "3174051203900002")
    assert index != crypto.blind_index(OLD, "3174051203900001")  # useless without the key
    assert len(index) == crypto.BLIND_INDEX_CHARACTERS
