"""config/hashers.py: Argon2id at 19 MiB a hash, so a sign-in fits in an app
worker's memory; passwords hashed with Django's defaults still sign in and are
rewritten with the lighter parameters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher
from django.contrib.auth.hashers import check_password
from pytest_django.fixtures import Settings

from config.hashers import Argon2PasswordHasher

PASSWORD = "kata-sandi-panjang-2026"


def test_it_hashes_with_19_mib_two_passes_and_one_lane() -> None:
    hasher = Argon2PasswordHasher()
    decoded = hasher.decode(hasher.encode(PASSWORD, hasher.salt()))

    assert decoded["algorithm"] == "argon2"
    assert decoded["memory_cost"] == 19_456
    assert decoded["time_cost"] == 2
    assert decoded["parallelism"] == 1
    assert hasher.verify(PASSWORD, hasher.encode(PASSWORD, hasher.salt()))
    assert not hasher.verify("wrong-password-2026", hasher.encode(PASSWORD, hasher.salt()))


def test_it_checks_a_password_hashed_with_djangos_defaults_and_asks_to_rewrite_it(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["config.hashers.Argon2PasswordHasher"]
    old = DjangoArgon2PasswordHasher()
    encoded = old.encode(PASSWORD, old.salt())
    rewritten: list[str] = []

    assert check_password(PASSWORD, encoded, setter=rewritten.append, preferred="default")
    assert rewritten == [PASSWORD]
    assert Argon2PasswordHasher().must_update(encoded)
    assert not Argon2PasswordHasher().must_update(Argon2PasswordHasher().encode(PASSWORD, "s" * 22))


# A fresh interpreter, so its peak memory is this hash's alone. VmHWM, not
# ru_maxrss: Linux carries ru_maxrss over from the parent (the test run) across exec.
MEASURE = """
import re, django
from django.conf import settings
settings.configure()
from {module} import Argon2PasswordHasher
def peak():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1))
hasher = Argon2PasswordHasher()
before = peak()
hasher.encode("kata-sandi-panjang-2026", hasher.salt())
print(peak() - before)
"""


def peak_growth_kib(module: str) -> int:
    completed = subprocess.run(  # noqa: S603  (this interpreter, fixed code)
        [sys.executable, "-c", MEASURE.format(module=module)], capture_output=True, text=True, timeout=60, check=True
    )
    return int(completed.stdout)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_it_takes_a_fifth_of_the_memory_djangos_default_takes_per_hash() -> None:
    ours = peak_growth_kib("config.hashers")
    djangos = peak_growth_kib("django.contrib.auth.hashers")

    assert ours < 25 * 1024
    assert djangos > 90 * 1024
