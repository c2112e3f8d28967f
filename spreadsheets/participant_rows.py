"""Checking participant rows the way the registration form checks one person:
the NIK (format, province, and the birth date and sex it encodes), required
fields and lengths, the trade in the list in force, the training centre and
LPK/SO the importer may register under. Then, a thousand rows at a time, what
importing them would do (new, updated, unchanged, or a NIK held elsewhere).

Reading a hundred thousand rows must take seconds, so everything a row is
compared with is loaded once, and no row costs a query of its own.

The preview keeps each valid row as a ``StoredRow`` (``spreadsheets.checked_rows``);
instead of checking the file again, the commit checks those rows against the
database as it is then (``Recheck``).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Iterator
from typing import NamedTuple, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from accounts import access
from accounts.models import Organization, User
from audit.actions import JsonScalar
from lib import nik as nik_lib
from lib import spreadsheet
from lib.batches import batched
from lib.dates import age_in_years
from lib.katakana import suggest_katakana
from lib.spreadsheet import CellError, Column, Row, Table
from participants import imports
from participants.actions import DETAIL_FIELDS
from participants.forms import programmes_in_force
from participants.models import MIN_REGISTRATION_AGE, Participant, Sex
from reference.models import Province, SendingProgramme, VocationalProgramme
from spreadsheets.checks import Checked, Outcome, RowProblems, checked, hidden_row
from spreadsheets.columns import PARTICIPANT_COLUMNS, participant_columns
from spreadsheets.models import RowIssue

CHUNK = 1000
L = TypeVar("L", VocationalProgramme, SendingProgramme)
T = TypeVar("T")
SEXES = {
    # Plain values, not the choices: they are kept as plain values (checked_rows).
    **dict.fromkeys(("l", "lk", "laki-laki", "laki laki", "lakilaki", "laki", "pria", "m", "male"), Sex.MALE.value),
    **dict.fromkeys(("p", "pr", "perempuan", "wanita", "f", "female"), Sex.FEMALE.value),
}
TEXT_FIELDS = ("full_name", "name_katakana", "birth_place", "address", "phone", "email")
_TEXT_LIMITS: tuple[tuple[str, int | None], ...] = tuple(
    (name, getattr(Participant._meta.get_field(name), "max_length", None)) for name in TEXT_FIELDS
)
_OUTCOMES = {
    imports.Outcome.NEW: Outcome.NEW,
    imports.Outcome.UPDATED: Outcome.UPDATED,
    imports.Outcome.UNCHANGED: Outcome.UNCHANGED,
}
# Names repeat across a large file (and in life): each is transliterated once.
_suggested_katakana = functools.lru_cache(maxsize=65_536)(suggest_katakana)


class StoredRow(NamedTuple):
    """A valid row as the preview left it: what importing it would do, then
    its ``imports.DetailValues`` (the details in DETAIL_FIELDS order, related
    records by primary key, dates in ISO form), except the province, kept by
    its NIK code. Plain values only (``checked_rows``)."""

    outcome: str  # an Outcome value: what the preview said importing it would do
    full_name: str
    name_katakana: str
    nik: str
    sex: str
    birth_date: str
    birth_place: str
    province: str
    address: str
    phone: str
    email: str
    vocational_programme: int | None
    training_centre: int
    sending_organization: int | None
    sending_programme: int | None


_PROVINCE = DETAIL_FIELDS.index("province")


def _by_code(organizations: Iterable[Organization]) -> dict[str, Organization]:
    return {organization.code.casefold(): organization for organization in organizations}


class References:
    """Everything a row is compared with that lives in the database, for one
    importer: the provinces, the trades in force, the sending programmes, and
    the training centres and LPK/SOs they may register under."""

    def __init__(self, by: User) -> None:
        self.provinces = {province.code: province for province in Province.objects.all()}
        self.trades: dict[str, VocationalProgramme] = {}
        for programme in programmes_in_force():
            for name in (programme.code, programme.name_id, programme.name_en):
                self.trades.setdefault(name.casefold(), programme)
        self.programmes = {programme.code.casefold(): programme for programme in SendingProgramme.objects.all()}
        self.centres = _by_code(access.registration_training_centres(by))
        self.lpks = _by_code(access.registration_sending_organizations(by))
        self.lpk_required = access.registration_requires_sending_organization(by)
        self.columns = participant_columns(
            training_centres=len(self.centres), lpks=len(self.lpks), lpk_required=self.lpk_required
        )
        self.required = {column.key for column in self.columns if column.required}


def participant_columns_for(by: User) -> tuple[Column, ...]:
    """The columns as this importer must fill them (``participant_columns``)."""
    return participant_columns(
        training_centres=access.registration_training_centres(by).count(),
        lpks=access.registration_sending_organizations(by).count(),
        lpk_required=access.registration_requires_sending_organization(by),
    )


class ParticipantRows:
    def __init__(self, *, table: Table, by: User, today: datetime.date) -> None:
        self.table = table
        self.by = by
        self.today = today
        # The columns the file has: an update changes only these.
        self.fields = [field for field in DETAIL_FIELDS if field in table.headings]
        self.known = References(by)
        self.seen: dict[str, int] = {}

    def check(self) -> Iterator[Checked[imports.ParticipantRow]]:
        for chunk in batched(self.table.rows(), CHUNK):
            results = [self._row(row) for row in chunk]
            valid = [result for result in results if result.value is not None]
            outcomes = imports.classify(rows=[r.value for r in valid if r.value], fields=self.fields, by=self.by)
            for result, outcome in zip(valid, outcomes, strict=True):
                self._settle(result, outcome)
            yield from results

    def _settle(self, result: Checked[imports.ParticipantRow], outcome: imports.Outcome) -> None:
        details = result.value
        if details is None:
            return
        heading = self.table.headings
        if outcome == imports.Outcome.OUT_OF_SCOPE:
            result.issues.append(
                _issue(result.row, heading.get("nik", "NIK"), self._ref("nik", result.row), "out_of_scope")
            )
        elif outcome == imports.Outcome.NEW and details.sending_programme and not details.sending_programme.is_active:
            result.issues.append(
                _issue(
                    result.row,
                    heading.get("sending_programme", ""),
                    self._ref("sending_programme", result.row),
                    "unknown_sending_programme",
                    value=details.sending_programme.code,
                )
            )
        if result.issues:
            result.value = None
        else:
            result.outcome = _OUTCOMES[outcome]

    def _ref(self, key: str, row: int) -> str:
        letter = self.table.letters.get(key)
        return f"{letter}{row}" if letter else ""

    def _row(self, row: Row) -> Checked[imports.ParticipantRow]:
        if row.hidden:
            return hidden_row(row)
        problems = RowProblems(self.table, PARTICIPANT_COLUMNS, row)
        facts = self._nik(row, problems)
        texts = self._texts(row, problems)
        sex = self._sex(row, problems, facts)
        birth_date = self._birth_date(row, problems, facts)
        known = self.known
        centre = self._organization(row, problems, "training_centre", known.centres, known.required)
        lpk = self._organization(row, problems, "sending_organization", known.lpks, known.required)
        trade = self._lookup(row, problems, "vocational_programme", known.trades, "unknown_trade")
        programme = self._lookup(row, problems, "sending_programme", known.programmes, "unknown_sending_programme")
        if problems.issues or facts is None or sex is None or birth_date is None or centre is None:
            return checked(row, problems, None)
        return checked(
            row,
            problems,
            imports.ParticipantRow(
                full_name=texts["full_name"],
                name_katakana=texts["name_katakana"] or _suggested_katakana(texts["full_name"]),
                nik=facts.number,
                sex=sex,
                birth_date=birth_date,
                birth_place=texts["birth_place"],
                province=known.provinces[facts.province_code],
                address=texts["address"],
                phone=texts["phone"],
                email=texts["email"],
                vocational_programme=trade,
                training_centre=centre,
                sending_organization=lpk,
                sending_programme=programme,
            ),
        )

    def _nik(self, row: Row, problems: RowProblems) -> nik_lib.NikFacts | None:
        try:
            written = spreadsheet.nik_text(row.cells["nik"])
            if not written:
                raise CellError(spreadsheet.CellProblem.REQUIRED)
            facts = nik_lib.parse_nik(written, today=self.today)
        except CellError as error:
            problems.add("nik", error.problem, **error.params)
            return None
        except nik_lib.InvalidNik as error:
            problems.add("nik", f"nik_{error.problem.value}")
            return None
        if facts.province_code not in self.known.provinces:
            problems.add("nik", "unknown_province", code=facts.province_code)
            return None
        first = self.seen.setdefault(facts.number, row.number)
        if first != row.number:
            problems.add("nik", "duplicate_in_file", first=first)
            return None
        return facts

    def _texts(self, row: Row, problems: RowProblems) -> dict[str, str]:
        texts: dict[str, str] = {}
        cells = row.cells
        for key, limit in _TEXT_LIMITS:
            value = cells.get(key, "")
            # Nearly every cell is text: spreadsheet.text only for the others.
            value = value.strip() if type(value) is str else spreadsheet.text(value)
            texts[key] = value
            if key == "full_name" and not value:
                problems.required(key)
            elif limit is not None and len(value) > limit:
                problems.add(key, "too_long", limit=limit, length=len(value))
            elif key == "email" and value:
                try:
                    validate_email(value)
                except ValidationError:
                    problems.add(key, "bad_email", value=value)
        return texts

    def _sex(self, row: Row, problems: RowProblems, facts: nik_lib.NikFacts | None) -> str | None:
        written = spreadsheet.text(row.cells.get("sex", ""))
        sex = SEXES.get(written.casefold())
        if not written:
            problems.required("sex")
        elif sex is None:
            problems.add("sex", "bad_sex", value=written)
        elif facts is not None and sex != facts.sex:
            problems.add("sex", "nik_sex", sex=facts.sex)
        return sex

    def _birth_date(self, row: Row, problems: RowProblems, facts: nik_lib.NikFacts | None) -> datetime.date | None:
        try:
            birth_date = spreadsheet.parse_date(row.cells.get("birth_date", ""), date1904=self.table.date1904)
        except CellError as error:
            problems.add("birth_date", error.problem, **error.params)
            return None
        age = age_in_years(birth_date, self.today)
        if facts is not None and birth_date != facts.birth_date:
            problems.add("birth_date", "nik_birth_date", date=facts.birth_date.strftime("%d-%m-%Y"))
        elif age < 0:
            problems.add("birth_date", "date_in_future")
        elif age < MIN_REGISTRATION_AGE:
            problems.add("birth_date", "too_young", age=age, minimum=MIN_REGISTRATION_AGE)
        return birth_date

    def _organization(
        self, row: Row, problems: RowProblems, key: str, allowed: dict[str, Organization], required: set[str]
    ) -> Organization | None:
        written = spreadsheet.text(row.cells.get(key, ""))
        if not written:
            if key in required:
                problems.required(key)
                return None
            # One choice is no choice: a BLK officer's own BLK, an LPK officer's own LPK
            # (participant_columns leaves these columns optional for that reason).
            fills_in = key == "training_centre" or self.known.lpk_required
            return next(iter(allowed.values())) if fills_in and len(allowed) == 1 else None
        found = allowed.get(written.casefold())
        if found is None:
            problems.add(key, f"unknown_{key}", value=written)
        return found

    def _lookup(self, row: Row, problems: RowProblems, key: str, known: dict[str, L], code: str) -> L | None:
        written = spreadsheet.text(row.cells.get(key, ""))
        if not written:
            return None
        found = known.get(written.casefold())
        if found is None:
            problems.add(key, code, value=written)
        return found


def _issue(row: int, column: str, ref: str, code: str, **params: str | int) -> RowIssue:
    return RowIssue(row=row, column=column, ref=ref, code=code, params=params)


# --- kept for the commit ------------------------------------------------------


def stored(result: Checked[imports.ParticipantRow]) -> StoredRow:
    """A valid, settled row in the form the preview keeps it."""
    details = result.value
    if details is None or result.outcome is None:
        raise ValueError("only valid rows are kept")
    values = imports.detail_values(details)
    values[_PROVINCE] = details.province.code
    return StoredRow._make((result.outcome.value, *values))


class Recheck:
    """What the commit checks again of a stored row: everything that depends
    on the database, which may have changed since the preview (a trade list
    replaced, a sending programme closed, the importer's own access). What
    depends only on the file (NIK, dates, names, lengths) cannot have."""

    def __init__(self, by: User) -> None:
        known = References(by)
        self.provinces = known.provinces
        self.trades = {trade.pk: trade for trade in known.trades.values()}
        self.programmes = {programme.pk: programme for programme in known.programmes.values()}
        self.centres = {centre.pk: centre for centre in known.centres.values()}
        self.lpks = {lpk.pk: lpk for lpk in known.lpks.values()}
        self.lpk_required = known.lpk_required
        self.province_keys = {code: province.pk for code, province in known.provinces.items()}

    def values(self, row: StoredRow) -> list[JsonScalar] | None:
        """The row's ``imports.DetailValues``, or None when it is no longer valid."""
        if not self._still_valid(row):
            return None
        values: list[JsonScalar] = list(row[1:])
        values[_PROVINCE] = self.province_keys[row.province]
        return values

    def _still_valid(self, row: StoredRow) -> bool:
        if row.province not in self.provinces or row.training_centre not in self.centres:
            return False
        if _gone(self.trades, row.vocational_programme) or _gone(self.programmes, row.sending_programme):
            return False
        if _gone(self.lpks, row.sending_organization) or (row.sending_organization is None and self.lpk_required):
            return False
        # As in the preview: a new participant only joins a programme that is open.
        programme = _optional(self.programmes, row.sending_programme)
        return not (row.outcome == Outcome.NEW.value and programme is not None and not programme.is_active)


def _optional(known: dict[int, T], pk: int | None) -> T | None:
    return None if pk is None else known[pk]


def _gone(known: dict[int, T], pk: int | None) -> bool:
    return pk is not None and pk not in known
