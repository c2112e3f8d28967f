"""Demo ledger (``seed_demo`` calls ``seed_ledger``): the demo participant's
costs, all paid by others, so their statement shows real lines and "Rp 0";
costs of participants who departed, for the average-cost report; one
participant of the demo LPK/SO who paid a recruitment fee, a violation on the
ministry's and the LPK/SO's lists; a cooperative's subsidy agreement and a
BLK's budget. Lines are booked through the real action. Made once: a second
run leaves them as they are."""

from __future__ import annotations

import datetime

from accounts.models import Organization, User
from ledger.actions import EntryDetails, book_entry
from ledger.catalogue import ensure_catalogue
from ledger.models import Budget, LedgerEntry, Payer, SubsidyAgreement, SubsidyBasis
from ledger.money import Currency
from participants.models import Participant, Status

DEMO_PARTICIPANT_LOGIN = "peserta"
DEMO_BLK = "bbpvp-bekasi"
DEMO_LPK = "lpk-karya-nusantara"
DEMO_COOPERATIVE = "michinoku-coop"
DEMO_COMPANY = "sendai-seimitsu"
# Departed participants whose costs are booked, for the reports.
DEPARTED_WITH_COSTS = 12
_AFTER_DEPARTURE = (Status.DEPARTED, Status.PLACED, Status.RETURNED)


def seed_ledger(*, today: datetime.date) -> int:
    """Returns the number of lines booked."""
    if LedgerEntry.objects.exists():
        return 0
    ensure_catalogue()
    orgs = {
        org.code: org
        for org in Organization.objects.filter(code__in=[DEMO_BLK, DEMO_LPK, DEMO_COOPERATIVE, DEMO_COMPANY])
    }
    if len(orgs) < 4:
        return 0
    lpk_officer = User.objects.get(username="lpk.officer")
    _agreements(orgs, today=today)
    booked = 0
    demo = Participant.objects.filter(user__username=DEMO_PARTICIPANT_LOGIN).first()
    taken = [demo.pk] if demo else []
    departed = list(
        Participant.objects.filter(sending_organization=orgs[DEMO_LPK], status__in=_AFTER_DEPARTURE)
        .exclude(pk__in=taken)
        .order_by("pk")[:DEPARTED_WITH_COSTS]
    )
    for number, person in enumerate([p for p in (demo, *departed) if p is not None]):
        booked += _paid_by_others(person, orgs, day=today - datetime.timedelta(days=120 - number), by=lpk_officer)
    payer = (
        Participant.objects.filter(sending_organization=orgs[DEMO_LPK])
        .exclude(pk__in=[p.pk for p in departed] + ([demo.pk] if demo else []))
        .order_by("pk")
        .first()
    )
    if payer is not None:
        book_entry(
            participant_id=payer.pk,
            details=EntryDetails(
                cost_class="recruitment_fee",
                amount="25000000",
                currency=Currency.IDR,
                payer=Payer.PARTICIPANT,
                payee_name=orgs[DEMO_LPK].name,
                payee_organization=orgs[DEMO_LPK],
                paid_on=today - datetime.timedelta(days=3),
                description="Biaya pendaftaran dan penempatan",
            ),
            by=lpk_officer,
        )
        booked += 1
    return booked


def _agreements(orgs: dict[str, Organization], *, today: datetime.date) -> None:
    SubsidyAgreement.objects.create(
        cooperative=orgs[DEMO_COOPERATIVE],
        sending_organization=orgs[DEMO_LPK],
        basis=SubsidyBasis.PARTICIPANT,
        amount_per_unit=6_000_000,
        currency=Currency.IDR,
        planned_units=40,
        starts_on=datetime.date(today.year, 1, 1),
        ends_on=datetime.date(today.year, 12, 31),
        note="Japanese language and pre-departure training, demo",
    )
    Budget.objects.create(training_centre=orgs[DEMO_BLK], year=today.year, amount=2_400_000_000, currency=Currency.IDR)


def _paid_by_others(person: Participant, orgs: dict[str, Organization], *, day: datetime.date, by: User) -> int:
    lines = [
        EntryDetails(
            cost_class="training",
            amount="8500000",
            currency=Currency.IDR,
            payer=Payer.MINISTRY,
            payee_name=orgs[DEMO_BLK].name,
            payee_organization=orgs[DEMO_BLK],
            paid_on=day,
            description="Pelatihan kompetensi 4 bulan",
        ),
        EntryDetails(
            cost_class="training",
            amount="6000000",
            currency=Currency.IDR,
            payer=Payer.COOPERATIVE,
            payer_organization=orgs[DEMO_COOPERATIVE],
            payee_name=orgs[DEMO_LPK].name,
            payee_organization=orgs[DEMO_LPK],
            paid_on=day + datetime.timedelta(days=30),
            description="Kursus bahasa Jepang",
        ),
        EntryDetails(
            cost_class="travel",
            amount="85000",
            currency=Currency.JPY,
            payer=Payer.EMPLOYER,
            payer_organization=orgs[DEMO_COMPANY],
            payee_name="Garuda Indonesia",
            paid_on=day + datetime.timedelta(days=60),
        ),
    ]
    for details in lines:
        book_entry(participant_id=person.pk, details=details, by=by)
    return len(lines)
