"""Valid NIKs for tests, built the way Dukcapil builds them."""

from __future__ import annotations

import datetime


def make_nik(birth_date: datetime.date, *, sex: str = "M", regency: str = "3216", serial: int = 1) -> str:
    day = birth_date.day + (40 if sex == "F" else 0)
    return f"{regency}01{day:02d}{birth_date:%m%y}{serial:04d}"
