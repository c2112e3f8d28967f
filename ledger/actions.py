"""Booking the ledger: a payment, the reversal that corrects one, and a
participant's dispute of a line. Each is one transaction with its audit row;
notices go out after the commit.

A payment that breaks the fee policy in force on its date is booked all the
same (it happened, and the ledger is the record of what happened) and flagged
at once: the ministry and the participant's LPK/SO find it on their
violations list and are told by e-mail.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organization, OrganizationKind, User
from audit import actions as audit
from audit.models import AuditAction
from config.celery import enqueue_on_commit
from joborders.messages import many_to_json
from ledger.models import (
    DISPUTE_TRANSITIONS,
    CostClass,
    Dispute,
    DisputeStatus,
    LedgerEntry,
    Payer,
    exact_sum,
)
from ledger.money import Currency, MoneyError, amount_in, currency_of
from lib import filecheck
from participants.models import Participant
from placements.models import Placement
from reference.models import ExchangeRate
from rules import (
    Answer,
    Charge,
    EsdFigures,
    FeePolicy,
    Programme,
    RuleInputError,
    fee_policy_check,
    fee_policy_of,
    versions_in_force,
)
from rules import Payer as RulePayer

RECEIPT_TYPES = frozenset({filecheck.PDF, filecheck.JPEG, filecheck.PNG})


class LedgerError(Exception):
    """Bad input to the ledger: nothing was booked. ``field`` names the form
    field the message belongs to, when there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclasses.dataclass(frozen=True, kw_only=True)
class EntryDetails:
    cost_class: str  # the catalogue code
    amount: object  # as typed or read: a str, int or Decimal, never a float
    currency: str
    payer: Payer
    payee_name: str
    paid_on: datetime.date
    payer_organization: Organization | None = None
    payee_organization: Organization | None = None
    description: str = ""
    # A rate the payer converted at (rupiah for one yen); without one, the
    # ministry's rate in force on the day is used where a conversion is needed.
    rate_idr_per_jpy: Decimal | None = None
    receipt: File[bytes] | None = None


@dataclasses.dataclass(frozen=True)
class Checked:
    """What an entry was checked against, before it is written."""

    cost_class: CostClass
    amount: Decimal
    currency: Currency
    answer: Answer[bool]
    rate: ExchangeRateUsed | None


@dataclasses.dataclass(frozen=True)
class ExchangeRateUsed:
    idr_per_jpy: Decimal
    on: datetime.date


def check_entry(*, participant: Participant, details: EntryDetails) -> Checked:
    """Every check of a payment short of writing it: amount, currency, class,
    rate and the fee policy. LedgerError for bad input."""
    try:
        currency = currency_of(details.currency)
        amount = amount_in(details.amount, currency)
    except MoneyError as error:
        field = "currency" if "currency" in str(error).lower() and "amount" not in str(error).lower() else "amount"
        raise LedgerError(str(error), field=field) from None
    if amount <= 0:
        raise LedgerError(
            _("An amount is more than zero. To correct a line, reverse it; only a reversal is negative."),
            field="amount",
        )
    cost_class = CostClass.objects.version_of(details.cost_class, details.paid_on)
    if cost_class is None:
        raise LedgerError(_("There is no such cost in the catalogue on that date."), field="cost_class")
    if details.rate_idr_per_jpy is not None and details.rate_idr_per_jpy <= 0:
        raise LedgerError(_("A rate must be more than zero rupiah for one yen."), field="rate_idr_per_jpy")
    if details.payer != Payer.PARTICIPANT and details.payer_organization is None and details.payer != Payer.MINISTRY:
        raise LedgerError(_("Name the organization that paid."), field="payer_organization")
    return _checked_against_policy(participant, details, cost_class, amount, currency)


def _checked_against_policy(
    participant: Participant, details: EntryDetails, cost_class: CostClass, amount: Decimal, currency: Currency
) -> Checked:
    placement = _placement_of(participant)
    residence = Programme(placement.track) if placement else None
    programme = participant.sending_programme.code if participant.sending_programme else None
    to_sending = _to_sending_organization(participant, details.payee_organization)
    policy = fee_policy_of(sending_programme=programme, residence_programme=residence, on=details.paid_on).value
    needs_rate = (
        details.payer == Payer.PARTICIPANT and policy == FeePolicy.ESD_CAP and to_sending and currency != Currency.JPY
    )
    rate = _rate(details, needed=needs_rate)
    charge = Charge(
        payer=RulePayer(details.payer),
        amount=int(amount),
        currency=currency.value,
        cost_class=cost_class.named,
        bearable=cost_class.participant_may_bear,
        legitimate=cost_class.kind != "illegitimate",
        to_sending_organization=to_sending,
    )
    esd = None
    if needs_rate or (policy == FeePolicy.ESD_CAP and currency == Currency.JPY):
        esd = EsdFigures(
            monthly_wage_jpy=placement.job_order.monthly_wage_jpy if placement and placement.job_order else None,
            paid_before_jpy=_paid_to_sending_organization_jpy(participant, since=_esd_start(details.paid_on)),
            charge_jpy=_in_yen(amount, currency, rate),
        )
    try:
        answer = fee_policy_check(
            charge=charge, sending_programme=programme, residence_programme=residence, esd=esd, on=details.paid_on
        )
    except RuleInputError as error:
        raise LedgerError(str(error), field="amount") from None
    return Checked(cost_class=cost_class, amount=amount, currency=currency, answer=answer, rate=rate)


def _placement_of(participant: Participant) -> Placement | None:
    return (
        Placement.objects.filter(participant=participant)
        .exclude(status="cancelled")
        .select_related("job_order")
        .latest_first()
        .first()
    )


def _to_sending_organization(participant: Participant, payee: Organization | None) -> bool:
    if payee is None:
        return False
    return payee.pk == participant.sending_organization_id or payee.kind == OrganizationKind.SENDING_ORGANIZATION


def _rate(details: EntryDetails, *, needed: bool) -> ExchangeRateUsed | None:
    if details.rate_idr_per_jpy is not None:
        return ExchangeRateUsed(details.rate_idr_per_jpy, details.paid_on)
    if not needed:
        return None
    found = ExchangeRate.objects.in_force(details.paid_on)
    if found is None:
        raise LedgerError(
            _(
                "This payment has to be converted to yen to be checked against the ESD fee cap, and there is "
                "no exchange rate for %(day)s. Enter the rate it was converted at."
            )
            % {"day": details.paid_on.isoformat()},
            field="rate_idr_per_jpy",
        )
    return ExchangeRateUsed(found.idr_per_jpy, found.effective_from)


def _in_yen(amount: Decimal, currency: Currency, rate: ExchangeRateUsed | None) -> int | None:
    if currency == Currency.JPY:
        return int(amount)
    if rate is None:
        return None
    return int((amount / rate.idr_per_jpy).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _esd_start(day: datetime.date) -> datetime.date:
    return versions_in_force(day).esd.parameters.starts_on


def _paid_to_sending_organization_jpy(participant: Participant, *, since: datetime.date) -> int:
    """What the participant paid sending organizations under the ESD cap so
    far, net of reversals, in yen: yen as booked, rupiah at each line's rate
    (every line checked against the cap carries one)."""
    lines = LedgerEntry.objects.filter(
        participant=participant,
        payer=Payer.PARTICIPANT,
        payee_organization__kind=OrganizationKind.SENDING_ORGANIZATION,
        paid_on__gte=since,
    )
    total = Decimal(lines.filter(currency=Currency.JPY).aggregate(total=exact_sum("amount"))["total"] or 0)
    for amount, rate in lines.filter(currency=Currency.IDR, rate_idr_per_jpy__isnull=False).values_list(
        "amount", "rate_idr_per_jpy"
    ):
        if rate:
            total += (amount / rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(total)


def inspect_receipt(file: File[bytes]) -> str:
    """The receipt's content type, read from its signature, under the same
    limits as participants' documents; LedgerError otherwise."""
    limit = settings.DOCUMENT_MAX_BYTES
    if file.size is None or file.size > limit:
        raise LedgerError(
            _("The file is %(size)s; the limit is %(limit)s. Take the photo again at a lower resolution.")
            % {"size": filesizeformat(file.size or 0), "limit": filesizeformat(limit)},
            field="receipt",
        )
    try:
        return filecheck.check_content(filecheck.read_head(file), allowed=RECEIPT_TYPES)
    except filecheck.ContentRefused:
        raise LedgerError(
            _("Upload a PDF, JPEG or PNG file. This file is not one of those, whatever its name says."),
            field="receipt",
        ) from None


@transaction.atomic
def book_entry(*, participant_id: int, details: EntryDetails, by: User, import_key: str = "") -> LedgerEntry:
    """Book one payment; flag it (and tell the ministry and the LPK/SO) when it
    breaks the fee policy in force on its date."""
    content_type = inspect_receipt(details.receipt) if details.receipt is not None else ""
    # The row lock serializes bookings for one participant: the ESD cap adds
    # up what was paid before, which a concurrent booking would miss.
    participant = (
        Participant.objects.select_for_update(of=("self",)).select_related("sending_programme").get(pk=participant_id)
    )
    checked = check_entry(participant=participant, details=details)
    entry = LedgerEntry(
        participant=participant,
        cost_class=checked.cost_class,
        amount=checked.amount,
        currency=checked.currency,
        payer=details.payer,
        payer_organization=details.payer_organization,
        payee_organization=details.payee_organization,
        payee_name=details.payee_name.strip(),
        paid_on=details.paid_on,
        description=details.description.strip(),
        rate_idr_per_jpy=checked.rate.idr_per_jpy if checked.rate else None,
        rate_on=checked.rate.on if checked.rate else None,
        import_key=import_key,
        booked_by=by,
        booked_at=timezone.now(),
        **_policy_fields(checked.answer),
    )
    if details.receipt is not None:
        fingerprint = filecheck.fingerprint(details.receipt)
        entry.receipt_content_type, entry.receipt_sha256 = content_type, fingerprint.sha256
        entry.receipt.save(f"receipt.{filecheck.EXTENSIONS[content_type]}", details.receipt, save=False)
    entry.save()
    audit.record(actor=by, action=AuditAction.CREATED, target=entry, changes=_described(entry))
    if entry.breaks_policy:
        enqueue_on_commit("ledger.tasks.notify_violation", entry.pk)
    return entry


def _policy_fields(answer: Answer[bool]) -> dict[str, object]:
    with translation.override("en"):
        english = answer.explain()
    return {
        "breaks_policy": not answer.value,
        "policy_family": answer.rule.family if answer.rule else "",
        "policy_version": answer.rule.label if answer.rule else "",
        "policy_refused_by": list(answer.refused_by),
        "policy_explanation": many_to_json(answer.explanation),
        "policy_explanation_en": english,
    }


def _described(entry: LedgerEntry) -> dict[str, object]:
    return {
        "amount": [None, f"{entry.currency} {entry.amount}"],
        "payer": [None, entry.payer],
        "cost_class": [None, entry.cost_class.code],
        "paid_on": [None, entry.paid_on.isoformat()],
        "breaks_policy": [None, entry.breaks_policy],
        "reverses": [None, entry.reverses_id],
    }


@transaction.atomic
def reverse_entry(*, entry_id: int, reason: str, by: User) -> LedgerEntry:
    """Book the entry's exact opposite, naming it: the pair nets to zero and
    the original stays on file. A line is reversed once; a reversal is never
    reversed (book the payment again instead)."""
    if not reason.strip():
        raise LedgerError(_("Say why the line is reversed."), field="reason")
    original = LedgerEntry.objects.select_for_update(of=("self",)).select_related("cost_class").get(pk=entry_id)
    if original.is_reversal:
        raise LedgerError(_("A reversal is not reversed: book the payment again instead."))
    if LedgerEntry.objects.filter(reverses=original).exists():
        raise LedgerError(_("This line has already been reversed."))
    reversal = LedgerEntry(
        participant_id=original.participant_id,
        cost_class=original.cost_class,
        amount=-original.amount,
        currency=original.currency,
        payer=original.payer,
        payer_organization_id=original.payer_organization_id,
        payee_organization_id=original.payee_organization_id,
        payee_name=original.payee_name,
        paid_on=timezone.localdate(),
        description=reason.strip()[:300],
        rate_idr_per_jpy=original.rate_idr_per_jpy,
        rate_on=original.rate_on,
        reverses=original,
        booked_by=by,
        booked_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            reversal.save()
    except IntegrityError:
        # Two people reversing at once: the one-to-one column lets one through.
        raise LedgerError(_("This line has already been reversed.")) from None
    audit.record(actor=by, action=AuditAction.CREATED, target=reversal, changes=_described(reversal))
    return reversal


@transaction.atomic
def open_dispute(*, entry_id: int, words: str, by: User) -> Dispute:
    """The participant says a line is wrong. The ministry and their LPK/SO
    are told; the protection app (issue 14) turns it into a case of category
    "fees or debts charged"."""
    if not words.strip():
        raise LedgerError(_("Say in your own words what is wrong with this line."), field="words")
    entry = LedgerEntry.objects.select_for_update().get(pk=entry_id)
    if Dispute.objects.open().filter(entry=entry).exists():
        raise LedgerError(_("You have already disputed this line; the ministry and your LPK/SO have been told."))
    dispute = Dispute.objects.create(
        entry=entry, participant_id=entry.participant_id, words=words.strip(), opened_by=by, opened_at=timezone.now()
    )
    audit.record(actor=by, action=AuditAction.CREATED, target=dispute, changes={"entry": [None, entry.pk]})
    enqueue_on_commit("ledger.tasks.notify_dispute", dispute.pk)
    # By name: protection's actions import the ledger's, never the other way.
    enqueue_on_commit("protection.tasks.open_case_for_dispute", dispute.pk)
    return dispute


@transaction.atomic
def book_imported_entries(*, rows: list[tuple[str, int, EntryDetails]], by: User) -> int:
    """Book an import's rows, each under its key (import job and row), all or
    nothing; a key already booked (a commit delivered twice) books nothing
    again. Returns the number of lines booked."""
    keys = [key for key, _participant, _details in rows]
    done = set(LedgerEntry.objects.filter(import_key__in=keys).values_list("import_key", flat=True))
    booked = 0
    for key, participant_id, details in rows:
        if key not in done:
            book_entry(participant_id=participant_id, details=details, by=by, import_key=key)
            booked += 1
    return booked


@transaction.atomic
def change_dispute_status(*, dispute_id: int, to: DisputeStatus, by: User) -> Dispute:
    """Move a dispute along DISPUTE_TRANSITIONS: the protection app (issue 14)
    marks it CASE_OPENED when it opens the case, and closes it with the case."""
    # Locked so that two people closing it at once write one history, not two.
    dispute = Dispute.objects.select_for_update().get(pk=dispute_id)
    before = DisputeStatus(dispute.status)
    if to not in DISPUTE_TRANSITIONS[before]:
        raise LedgerError(
            _("A dispute that is %(before)s cannot become %(after)s.") % {"before": before.label, "after": to.label}
        )
    dispute.status = to
    dispute.save(update_fields=["status"])
    audit.record(actor=by, action=AuditAction.STATUS_CHANGED, target=dispute, changes={"status": [before, to]})
    return dispute
