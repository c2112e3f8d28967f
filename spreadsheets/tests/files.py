"""Spreadsheets for tests, built with openpyxl the way people's files look."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.cast import Cast
from tests.nik import make_nik

HEADINGS = ["NIK", "Nama Lengkap", "Jenis Kelamin", "Tanggal Lahir", "Tempat Lahir", "Kode BLK", "Kode LPK"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def person(cast: Cast, serial: int, **overrides: object) -> list[object]:
    """A valid participant row in HEADINGS order."""
    birth = datetime.date(2001, 1, 1) + datetime.timedelta(days=serial)
    values: dict[str, object] = {
        "NIK": make_nik(birth, sex="M", serial=serial),
        "Nama Lengkap": f"Peserta {serial}",
        "Jenis Kelamin": "L",
        "Tanggal Lahir": birth,
        "Tempat Lahir": "Bekasi",
        "Kode BLK": cast.blk.code,
        "Kode LPK": cast.lpk.code,
    }
    values.update(overrides)
    return [values[heading] for heading in HEADINGS]


def xlsx(rows: Sequence[Sequence[object]], headings: Sequence[str] = HEADINGS, title: Sequence[str] = ()) -> bytes:
    """A workbook of ``rows`` under ``headings``, and under a ``title`` row when one is given."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if title:
        sheet.append(list(title))
    sheet.append(list(headings))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "peserta.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)
