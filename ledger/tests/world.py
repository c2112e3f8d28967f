"""Ledger test data built through the real actions: budi on the zero-cost
programme, budi placed under ESD, and entries with sensible defaults."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from joborders.models import JobOrder
from ledger import actions
from ledger.models import LedgerEntry, Payer
from participants.models import Participant
from placements.models import Placement, StayStage
from placements.tests.gate_world import departing, programme
from reference.models import Track
from tests.cast import Cast

PAID_ON = datetime.date(2026, 5, 4)
BEFORE_ESD = datetime.date(2027, 3, 31)
ESD_START = datetime.date(2027, 4, 1)
ESD_WAGE = 180_000


def details(**overrides: object) -> actions.EntryDetails:
    values: dict[str, object] = {
        "cost_class": "training",
        "amount": "1500000",
        "currency": "IDR",
        "payer": Payer.MINISTRY,
        "payee_name": "BBPVP Bekasi",
        "paid_on": PAID_ON,
    }
    values.update(overrides)
    return actions.EntryDetails(**values)  # type: ignore[arg-type]


def on_zero_cost(cast: Cast) -> Participant:
    """Budi on the Kemnaker × AP2LN × JOE programme, whose promise is zero cost."""
    zero = programme(Track.TITP, code="kemnaker-joe-titp", name="Kemnaker × AP2LN × JOE (TITP)")
    Participant.objects.filter(pk=cast.budi.pk).update(sending_programme=zero)
    cast.budi.refresh_from_db()
    return cast.budi


def placed_under_esd(cast: Cast, *, wage: int = ESD_WAGE) -> Placement:
    """Budi on an ESD programme, placed with the cast's company at ``wage`` a month."""
    esd = programme(Track.ESD, code="kemnaker-esd", name="Kemnaker ESD")
    Participant.objects.filter(pk=cast.budi.pk).update(sending_programme=esd)
    placement = departing(cast)
    assert placement.job_order_id is not None
    JobOrder.objects.filter(pk=placement.job_order_id).update(programme=Track.ESD, monthly_wage_jpy=wage)
    Placement.objects.filter(pk=placement.pk).update(stage=StayStage.ESD)
    placement.refresh_from_db()
    cast.budi.refresh_from_db()
    return placement


def book(cast: Cast, **overrides: object) -> LedgerEntry:
    return actions.book_entry(participant_id=cast.budi.pk, details=details(**overrides), by=cast.lpk_officer)


def participant_paid(cast: Cast, **overrides: object) -> LedgerEntry:
    """Budi paid his LPK/SO a recruitment fee."""
    values: dict[str, object] = {
        "cost_class": "recruitment_fee",
        "payer": Payer.PARTICIPANT,
        "payee_name": cast.lpk.name,
        "payee_organization": cast.lpk,
        "amount": "300000",
        "currency": "JPY",
    }
    values.update(overrides)
    return book(cast, **values)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def company_paid_line(cast: Cast) -> LedgerEntry:
    """A line the cast's company paid for budi, with its receipt, made once per test."""
    existing = LedgerEntry.objects.filter(payer_organization=cast.company).first()
    if existing is not None:
        return existing
    return book(
        cast,
        payer=Payer.EMPLOYER,
        payer_organization=cast.company,
        cost_class="travel",
        amount="85000",
        currency="JPY",
        payee_name="Garuda Indonesia",
        receipt=SimpleUploadedFile("tiket.png", PNG),
    )
