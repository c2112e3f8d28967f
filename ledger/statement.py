"""A participant's statement: every line of their ledger grouped by who
paid, with exact totals per currency, and what they paid themselves, which
is "Rp 0" when the zero-cost promise holds. The page, the PDF and the tests
read the same figures from here, so the statement always equals the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ledger.models import EntryQuerySet, LedgerEntry, Payer
from ledger.money import Currency, totals
from participants.models import Participant


@dataclass(frozen=True)
class PayerGroup:
    payer: Payer
    lines: list[LedgerEntry]
    totals: dict[str, Decimal]


@dataclass(frozen=True)
class Statement:
    participant: Participant
    groups: list[PayerGroup]
    # What others paid on the participant's behalf, per currency.
    paid_for_you: dict[str, Decimal]
    # What the participant paid themself, per currency: rupiah always shown.
    paid_yourself: dict[str, Decimal]
    disputed: frozenset[int]

    @property
    def promise_holds(self) -> bool:
        return not any(self.paid_yourself.values())

    @property
    def reversed(self) -> frozenset[int]:
        """The lines a reversal names."""
        return frozenset(line.reverses_id for line in self.lines if line.reverses_id is not None)

    @property
    def lines(self) -> list[LedgerEntry]:
        return [line for group in self.groups for line in group.lines]


def statement_of(participant: Participant, entries: EntryQuerySet) -> Statement:
    """The statement of ``participant`` from ``entries`` (their ledger, as the
    reader may see it)."""
    lines = list(
        entries.filter(participant=participant)
        .select_related("cost_class", "payer_organization", "payee_organization", "reverses")
        .prefetch_related("disputes")
        .order_by("paid_on", "pk")
    )
    groups = [
        PayerGroup(payer, chosen, totals((line.currency, line.amount) for line in chosen))
        for payer in Payer
        if (chosen := [line for line in lines if line.payer == payer])
    ]
    others = totals((line.currency, line.amount) for line in lines if line.payer != Payer.PARTICIPANT)
    own = {Currency.IDR.value: Decimal(0)} | totals(
        (line.currency, line.amount) for line in lines if line.payer == Payer.PARTICIPANT
    )
    disputed = frozenset(line.pk for line in lines for dispute in line.disputes.all() if dispute.status == "open")
    return Statement(participant, groups, others, own, disputed)
