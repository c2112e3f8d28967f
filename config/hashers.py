"""Argon2 with a memory cost an app worker can afford.

Django's Argon2 hasher takes 100 MiB for every password it hashes or checks
(memory_cost=102400 KiB, parallelism 8). Each sign-in then lifts a gunicorn
worker from about 155 MB to 257 MB, and four threads signing people in at once
would need over 550 MB, past the 250 MB an app worker may use. OWASP's Password
Storage Cheat Sheet lists Argon2id at 19 MiB, 2 passes, 1 lane as a minimum
configuration of equal strength to its others; that is used here. Hashes made
with other parameters still verify (they carry their own), and Django rewrites
them with these at the holder's next sign-in (``must_update``).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher


class Argon2PasswordHasher(DjangoArgon2PasswordHasher):
    time_cost = 2
    memory_cost = 19_456  # KiB: 19 MiB
    parallelism = 1
