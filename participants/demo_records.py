"""Demo language results, health checks, documents and sending programmes
for seeded participants (called by ``demo.seed.seed_demo``).

What a participant has follows their status: someone still registered has
little on file, someone in training an in-house level and a first health
check, and anyone who reached ``ready`` has everything the readiness
checklist asks for as of that day (some of it has expired since, as in life).

Every demo document points at one of two small sample files stored once: a
one-page PDF and a tiny PNG. They are demo papers, not scans of anyone.
"""

from __future__ import annotations

import datetime
import hashlib
import random
import struct
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from lib.batches import batched
from lib.bulk_insert import insert_objects
from lib.dates import add_months
from participants.models import Document, HealthCheck, HealthResult, LanguageResult, Participant, Status
from reference.models import DocumentKind, LanguageTest, SendingProgramme

SAMPLE_PDF = "documents/demo/sample-document.pdf"
SAMPLE_PNG = "documents/demo/sample-photo.png"

# Statuses in which the readiness checklist was complete once.
_WAS_READY = frozenset(Status) - {Status.REGISTERED, Status.IN_TRAINING, Status.WITHDRAWN, Status.DISQUALIFIED}


@dataclass(frozen=True)
class RecordCounts:
    language_results: int
    health_checks: int
    documents: int


def _sample_pdf() -> bytes:
    body = b"BT /F1 18 Tf 72 720 Td (Jembatan demo document) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _sample_png(size: int = 24) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes((70, 130, 180)) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def ensure_sample_files() -> None:
    for name, content in ((SAMPLE_PDF, _sample_pdf()), (SAMPLE_PNG, _sample_png())):
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))


class _Drawer:
    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.tests = {test.code: test for test in LanguageTest.objects.all()}
        self.programmes = {programme.code: programme for programme in SendingProgramme.objects.all()}

    def day_after(self, start: datetime.date, low: int, high: int) -> datetime.date:
        return min(self.today, start + datetime.timedelta(days=self.rng.randint(low, high)))

    def programme(self, participant: Participant) -> SendingProgramme | None:
        roll = self.rng.random()
        code = (
            "ssw-1" if roll < 0.1 else "im-japan-titp" if roll < 0.2 and participant.sex == "M" else "kemnaker-joe-titp"
        )
        return self.programmes.get(code)

    def language(self, participant: Participant, start: datetime.date) -> list[LanguageResult]:
        results = []
        if "JLPT-N5" in self.tests:
            results.append(
                LanguageResult(
                    participant=participant,
                    level=self.tests["JLPT-N5"],
                    in_house=True,
                    taken_on=self.day_after(start, 20, 60),
                )
            )
        if participant.status in _WAS_READY:
            code = self.rng.choice(["JLPT-N4", "JLPT-N4", "JFT-BASIC-A2", "JLPT-N3"])
            if code in self.tests:
                results.append(
                    LanguageResult(
                        participant=participant,
                        level=self.tests[code],
                        score=self.rng.randint(200, 250) if code.startswith("JFT") else None,
                        taken_on=self.day_after(start, 60, 110),
                        certificate_number=f"{code[:4]}{self.rng.randint(10**7, 10**8 - 1)}",
                    )
                )
        return results

    def health(self, participant: Participant, start: datetime.date) -> HealthCheck:
        examined = self.day_after(start, 10, 90)
        ready = participant.status in _WAS_READY
        result = HealthResult.FIT if ready or self.rng.random() < 0.9 else HealthResult.CONDITIONAL
        return HealthCheck(
            participant=participant,
            examined_on=examined,
            result=result,
            expires_on=examined + datetime.timedelta(days=365),
            clinic=self.rng.choice(["RSUD Kota Bekasi", "Klinik Pratama Sehat", "RS Hermina Medan"]),
            notes="" if result == HealthResult.FIT else "Kontrol tekanan darah dalam 3 bulan.",
        )

    def documents(self, participant: Participant, start: datetime.date) -> list[Document]:
        ready = participant.status in _WAS_READY
        kinds = list(DocumentKind) if ready else self.rng.sample(list(DocumentKind), self.rng.randint(0, 3))
        documents = []
        for kind in kinds:
            uploaded = self.day_after(start, 5, 100)
            photo = kind == DocumentKind.PHOTO
            passport = kind == DocumentKind.PASSPORT
            documents.append(
                Document(
                    participant=participant,
                    kind=kind,
                    file=SAMPLE_PNG if photo else SAMPLE_PDF,
                    original_name=f"{kind}.{'png' if photo else 'pdf'}",
                    content_type="image/png" if photo else "application/pdf",
                    size=0,
                    sha256="",
                    number=f"C{self.rng.randint(10**6, 10**7 - 1)}" if passport else "",
                    issued_on=uploaded if passport else None,
                    expires_on=add_months(uploaded, 60) if passport else None,
                    uploaded_at=datetime.datetime.combine(uploaded, datetime.time(9), tzinfo=datetime.UTC),
                    verified_at=(
                        datetime.datetime.combine(uploaded, datetime.time(15), tzinfo=datetime.UTC)
                        if ready or self.rng.random() < 0.5
                        else None
                    ),
                )
            )
        return documents


def _size_and_digest(name: str) -> tuple[int, str]:
    with default_storage.open(name) as stored:
        content = stored.read()
    return len(content), hashlib.sha256(content).hexdigest()


@transaction.atomic
def seed_records(*, participants: Sequence[Participant], rng: random.Random, today: datetime.date) -> RecordCounts:
    ensure_sample_files()
    stored = {name: _size_and_digest(name) for name in (SAMPLE_PDF, SAMPLE_PNG)}
    drawer = _Drawer(rng, today)
    language: list[LanguageResult] = []
    health: list[HealthCheck] = []
    documents: list[Document] = []
    programmed: list[Participant] = []
    for participant in participants:
        start = participant.registered_at.date()
        if participant.status != Status.REGISTERED or rng.random() < 0.5:
            participant.sending_programme = drawer.programme(participant)
            programmed.append(participant)
        if participant.status == Status.REGISTERED:
            documents += drawer.documents(participant, start)
            continue
        language += drawer.language(participant, start)
        health.append(drawer.health(participant, start))
        documents += drawer.documents(participant, start)
    for document in documents:
        document.size, document.sha256 = stored[document.file.name]
    _set_programmes(programmed)
    # Plain inserts: bulk_create's per-value preparation was most of the demo's time.
    insert_objects(LanguageResult, language)
    insert_objects(HealthCheck, health)
    # Plain inserts pass HealthCheck.save by: the validity it keeps is written here.
    Participant.objects.filter(pk__in=[check.participant_id for check in health]).refresh_health_valid_until()
    insert_objects(Document, documents)
    return RecordCounts(len(language), len(health), len(documents))


def _set_programmes(participants: Sequence[Participant]) -> None:
    """One UPDATE per programme and batch: bulk_update's CASE of a row per participant, resolved by
    Django's expressions, took an eighth of the records' time at a million."""
    keys_of: dict[int | None, list[int]] = defaultdict(list)
    for participant in participants:
        keys_of[participant.sending_programme_id].append(participant.pk)
    for programme_id, keys in keys_of.items():
        for batch in batched(keys, 5000):
            Participant.objects.filter(pk__in=batch).update(sending_programme_id=programme_id)
