"""Checking ledger-entry rows from an LPK/SO's spreadsheet: a participant
whose ledger the importer keeps, by NIK; a cost of the catalogue, by code;
an amount in IDR or JPY with no more decimals than its currency has; who
paid (by code) and, by organization code, the paying and paid organizations.
Each row is then checked by ``ledger.actions.check_entry`` itself, so a row
the ledger would refuse is a row error here; a row that breaks the fee
policy is valid (it is a fact) and is flagged when it is booked."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator, Sequence
from decimal import Decimal

from accounts import access
from accounts.models import Organization, User
from ledger.actions import EntryDetails, LedgerError, check_entry
from ledger.models import CostClass, Payer
from ledger.money import MoneyError, amount_in, currency_of
from lib import nik as nik_lib
from lib import spreadsheet
from lib.batches import batched
from lib.spreadsheet import CellError, Row, Table
from participants.models import Participant
from spreadsheets.checks import Checked, Outcome, RowProblems, checked, hidden_row
from spreadsheets.columns import LEDGER_COLUMNS

CHUNK = 500


@dataclasses.dataclass(frozen=True)
class LedgerRow:
    participant_id: int
    details: EntryDetails


class LedgerRows:
    def __init__(self, *, table: Table, by: User, today: datetime.date) -> None:
        self.table = table
        self.by = by
        self.today = today
        self.organizations = {org.code.lower(): org for org in Organization.objects.filter(is_active=True)}
        self.costs = set(CostClass.objects.values_list("code", flat=True))

    def check(self) -> Iterator[Checked[LedgerRow]]:
        for chunk in batched(self.table.rows(), CHUNK):
            yield from self._chunk(chunk)

    def _chunk(self, rows: Sequence[Row]) -> list[Checked[LedgerRow]]:
        niks = {nik_lib.compact(spreadsheet.text(row.cells["nik"])) for row in rows}
        people = {
            person.nik: person
            for person in access.ledger_participants_visible_to(self.by, write=True)
            .with_niks(niks)
            .select_related("sending_programme")
        }
        return [self._row(row, people) for row in rows]

    def _row(self, row: Row, people: dict[str, Participant]) -> Checked[LedgerRow]:
        if row.hidden:
            return hidden_row(row)
        problems = RowProblems(self.table, LEDGER_COLUMNS, row)
        participant = self._participant(row, problems, people)
        paid_on = self._date(row, problems)
        cost = spreadsheet.text(row.cells["cost_class"]).lower()
        if not cost:
            problems.required("cost_class")
        elif cost not in self.costs:
            problems.add("cost_class", "unknown_cost_class", value=cost)
        amount, currency = self._amount(row, problems)
        payer = spreadsheet.text(row.cells["payer"]).lower()
        if payer not in Payer.values:
            problems.add("payer", "unknown_payer", value=payer)
        payee = spreadsheet.text(row.cells["payee_name"])
        if not payee:
            problems.required("payee_name")
        payer_org = self._organization(row, "payer_organization", problems)
        payee_org = self._organization(row, "payee_organization", problems)
        rate = self._rate(row, problems)
        if problems.issues or participant is None or paid_on is None or amount is None or currency is None:
            return checked(row, problems, None)
        details = EntryDetails(
            cost_class=cost,
            amount=amount,
            currency=currency,
            payer=Payer(payer),
            payer_organization=payer_org,
            payee_name=payee,
            payee_organization=payee_org,
            paid_on=paid_on,
            description=spreadsheet.text(row.cells.get("description", ""))[:300],
            rate_idr_per_jpy=rate,
        )
        try:
            check_entry(participant=participant, details=details)
        except LedgerError as refused:
            problems.add(refused.field or "amount", "entry_refused", reason=refused.message)
            return checked(row, problems, None)
        result = checked(row, problems, LedgerRow(participant.pk, details))
        result.outcome = Outcome.NEW
        return result

    def _participant(self, row: Row, problems: RowProblems, people: dict[str, Participant]) -> Participant | None:
        try:
            written = spreadsheet.nik_text(row.cells["nik"])
        except CellError as error:
            problems.add("nik", error.problem, **error.params)
            return None
        if not written:
            problems.required("nik")
            return None
        found = people.get(nik_lib.compact(written))
        if found is None:
            problems.add("nik", "unknown_participant")
        return found

    def _date(self, row: Row, problems: RowProblems) -> datetime.date | None:
        try:
            paid_on = spreadsheet.parse_date(row.cells["paid_on"], date1904=self.table.date1904)
        except CellError as error:
            problems.add("paid_on", error.problem, **error.params)
            return None
        if paid_on > self.today:
            problems.add("paid_on", "date_in_future")
        return paid_on

    def _amount(self, row: Row, problems: RowProblems) -> tuple[Decimal | None, str | None]:
        try:
            currency = currency_of(spreadsheet.text(row.cells["currency"]))
        except MoneyError:
            problems.add("currency", "unknown_currency", value=spreadsheet.text(row.cells["currency"]))
            return None, None
        written = row.cells["amount"]
        if not spreadsheet.text(written):
            problems.required("amount")
            return None, None
        try:
            amount = amount_in(spreadsheet.parse_decimal(written), currency)
        except CellError as error:
            problems.add("amount", error.problem, **error.params)
            return None, None
        except MoneyError:
            problems.add("amount", "amount_decimals", value=spreadsheet.text(written), currency=currency.value)
            return None, None
        return amount, currency.value

    def _organization(self, row: Row, key: str, problems: RowProblems) -> Organization | None:
        code = spreadsheet.text(row.cells.get(key, "")).lower()
        if not code:
            return None
        found = self.organizations.get(code)
        if found is None:
            problems.add(key, "unknown_organization", value=code)
        return found

    def _rate(self, row: Row, problems: RowProblems) -> Decimal | None:
        written = row.cells.get("rate_idr_per_jpy", "")
        if not spreadsheet.text(written):
            return None
        try:
            rate = spreadsheet.parse_decimal(written)
        except CellError as error:
            problems.add("rate_idr_per_jpy", error.problem, **error.params)
            return None
        if rate <= 0:
            problems.add("rate_idr_per_jpy", "rate_not_positive")
            return None
        return rate
