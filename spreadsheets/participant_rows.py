"""Checking participant rows the way the registration form checks one person:
the NIK (format, province, the birth date and sex it encodes, a serial that
is issued), required fields and lengths, the trade in the list in force, the
training centre and LPK/SO the importer may register under. Then, a thousand
rows at a time, what importing them would do (new, updated, unchanged, a
conflict with who a registered person is, or a NIK held elsewhere).

A blank cell means "nothing to say": an update keeps the stored value. To
clear a stored value, the cell holds ``CLEAR_MARKER`` alone.

A NIK in more than one row refuses every one of them, the first included
(found once the later one is read: ``late_issues``): the file does not say
which row is right, and when the NIKs end in 0 most likely none is (Excel
keeps 15 significant digits of a number). Such a file gets a notice too.

Reading a hundred thousand rows must take seconds, so everything a row is
compared with is loaded once, and no row costs a query of its own.

The preview keeps each valid row as a ``StoredRow`` (``spreadsheets.checked_rows``);
instead of checking the file again, the commit checks those rows against the
database as it is then (``Recheck``).
"""

from __future__ import annotations

import dataclasses
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
from spreadsheets.checks import Checked, Outcome, RowProblems, hidden_row
from spreadsheets.columns import PARTICIPANT_COLUMNS, participant_columns
from spreadsheets.models import Problem, RowIssue

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
_BLANK_BIT = {name: imports.blank_mask([name]) for name in DETAIL_FIELDS}
_OUTCOMES = {
    imports.Outcome.NEW: Outcome.NEW,
    imports.Outcome.UPDATED: Outcome.UPDATED,
    imports.Outcome.UNCHANGED: Outcome.UNCHANGED,
    imports.Outcome.CONFLICT: Outcome.CONFLICT,
}
# A cell holding only this clears the stored value; a blank cell keeps it.
# Indonesian ("delete"), as the template's headings are, and in brackets, so
# that no real name, address or phone number reads like it. Case and the
# spaces around it do not matter.
CLEAR_MARKER = "(hapus)"
_MARKER_LENGTH = len(CLEAR_MARKER)
# Excel's rounding shows as NIKs ending in 0: about one in ten does by chance.
ROUNDING_SHARE = 0.3
ROUNDING_MINIMUM = 2
# Names repeat across a large file (and in life): each is transliterated once.
_suggested_katakana = functools.lru_cache(maxsize=65_536)(suggest_katakana)


class StoredRow(NamedTuple):
    """A valid row as the preview left it: what importing it would do, where
    it is, what the preview compared it with, then its
    ``imports.DetailValues`` (the details in DETAIL_FIELDS order, related
    records by primary key, dates in ISO form), except the province, kept by
    its NIK code. Plain values only (``checked_rows``)."""

    outcome: str  # an Outcome value: what the preview said importing it would do
    row: int  # the file's row number
    version: int  # the registered record's version the preview compared (0: a new NIK)
    blank: int  # imports.ImportRow.blank: the fields the file left blank
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
_VALUES = StoredRow._fields.index("full_name")


@dataclasses.dataclass
class ParticipantChecked(Checked[imports.ParticipantRow]):
    """A checked participant row, with what an update needs to know of it."""

    blank: int = 0  # imports.ImportRow.blank
    plan: imports.Plan | None = None  # what importing it would do, once settled


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
        # The first row of a repeated NIK -> the NIK and the later rows with it.
        self.repeated: dict[int, tuple[str, list[int]]] = {}
        self.niks = 0  # well-formed NIKs read
        self.zero_endings = 0  # of which end in 0
        self.rounded_repeats = 0  # rows repeating an earlier row's NIK that ends in 0

    def check(self) -> Iterator[ParticipantChecked]:
        for chunk in self.check_chunks():
            yield from chunk

    def check_chunks(self) -> Iterator[list[ParticipantChecked]]:
        """The rows, checked and settled a thousand at a time."""
        for chunk in batched(self.table.rows(), CHUNK):
            results = [self._row(row) for row in chunk]
            valid = [result for result in results if result.value is not None]
            plans = imports.classify(
                rows=[r.value for r in valid if r.value],
                fields=self.fields,
                by=self.by,
                blanks=[r.blank for r in valid],
            )
            for result, plan in zip(valid, plans, strict=True):
                self._settle(result, plan)
            yield results

    def late_issues(self) -> list[RowIssue]:
        """Issues of rows that passed when they were read: the first of each
        NIK that a later row repeats. Known only once every row is read."""
        return [
            _issue(
                first,
                self.table.headings.get("nik", "NIK"),
                self._ref("nik", first),
                _repeated_code(nik),
                rows=", ".join(map(str, later)),
            )
            for first, (nik, later) in self.repeated.items()
        ]

    def notices(self) -> list[Problem]:
        """What the file as a whole suggests: NIKs rounded by Excel."""
        many = self.zero_endings >= ROUNDING_MINIMUM and self.zero_endings > self.niks * ROUNDING_SHARE
        if not (many or self.rounded_repeats):
            return []
        return [Problem(code="niks_rounded", params={"count": self.zero_endings, "total": self.niks})]

    def _settle(self, result: ParticipantChecked, plan: imports.Plan) -> None:
        details = result.value
        if details is None:
            return
        result.plan = plan
        heading = self.table.headings
        if plan.outcome == imports.Outcome.OUT_OF_SCOPE:
            # The same words whoever holds it, and not a word of who does (participants.nik_checks).
            result.issues.append(
                _issue(result.row, heading.get("nik", "NIK"), self._ref("nik", result.row), "out_of_scope")
            )
        elif plan.outcome == imports.Outcome.NEW and details.sending_programme and _closed(details.sending_programme):
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
            result.outcome = _OUTCOMES[plan.outcome]

    def _ref(self, key: str, row: int) -> str:
        letter = self.table.letters.get(key)
        return f"{letter}{row}" if letter else ""

    def _row(self, row: Row) -> ParticipantChecked:
        if row.hidden:
            return ParticipantChecked(row=row.number, issues=hidden_row(row).issues)
        problems = RowProblems(self.table, PARTICIPANT_COLUMNS, row)
        facts = self._nik(row, problems)
        texts, blank = self._texts(row, problems)
        sex = self._sex(row, problems, facts)
        birth_date = self._birth_date(row, problems, facts)
        known = self.known
        centre, blank_centre = self._organization(row, problems, "training_centre", known.centres, required=True)
        lpk, blank_lpk = self._organization(
            row, problems, "sending_organization", known.lpks, required=known.lpk_required
        )
        trade, blank_trade = self._lookup(row, problems, "vocational_programme", known.trades, "unknown_trade")
        programme, blank_programme = self._lookup(
            row, problems, "sending_programme", known.programmes, "unknown_sending_programme"
        )
        if problems.issues or facts is None or sex is None or birth_date is None or centre is None:
            return ParticipantChecked(row=row.number, issues=problems.issues)
        katakana = texts["name_katakana"]
        if not katakana and blank & _BLANK_BIT["name_katakana"]:
            katakana = _suggested_katakana(texts["full_name"])  # for a new person; an update keeps the stored one
        return ParticipantChecked(
            row=row.number,
            value=imports.ParticipantRow(
                full_name=texts["full_name"],
                name_katakana=katakana,
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
            blank=blank | blank_centre | blank_lpk | blank_trade | blank_programme,
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
            if error.problem == nik_lib.NikProblem.NO_SERIAL:
                self._count(ends_in_zero=True)
            problems.add("nik", f"nik_{error.problem.value}")
            return None
        self._count(ends_in_zero=facts.number.endswith("0"))
        if facts.province_code not in self.known.provinces:
            problems.add("nik", "unknown_province", code=facts.province_code)
            return None
        first = self.seen.setdefault(facts.number, row.number)
        if first != row.number:
            self.repeated.setdefault(first, (facts.number, []))[1].append(row.number)
            self.rounded_repeats += facts.number.endswith("0")
            problems.add("nik", _repeated_code(facts.number), rows=str(first))
            return None
        return facts

    def _count(self, *, ends_in_zero: bool) -> None:
        self.niks += 1
        self.zero_endings += ends_in_zero

    def _texts(self, row: Row, problems: RowProblems) -> tuple[dict[str, str], int]:
        """The text cells, and which of them are blank (``_BLANK_BIT``)."""
        texts: dict[str, str] = {}
        blank = 0
        cells = row.cells
        for key, limit in _TEXT_LIMITS:
            value = cells.get(key, "")
            # Nearly every cell is text: spreadsheet.text only for the others.
            value = value.strip() if type(value) is str else spreadsheet.text(value)
            if not value:
                blank |= _BLANK_BIT[key]
                if key == "full_name":
                    problems.required(key)
            elif len(value) == _MARKER_LENGTH and value.casefold() == CLEAR_MARKER:  # _clears, inlined: every cell
                value = ""
                if key == "full_name":
                    problems.add(key, "cannot_clear")
            elif limit is not None and len(value) > limit:
                problems.add(key, "too_long", limit=limit, length=len(value))
            elif key == "email":
                try:
                    validate_email(value)
                except ValidationError:
                    problems.add(key, "bad_email", value=value)
            texts[key] = value
        return texts, blank

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
            # An ISO date: the message writes it the way of whoever reads the preview.
            problems.add("birth_date", "nik_birth_date", date=facts.birth_date.isoformat())
        elif age < 0:
            problems.add("birth_date", "date_in_future")
        elif age < MIN_REGISTRATION_AGE:
            problems.add("birth_date", "too_young", age=age, minimum=MIN_REGISTRATION_AGE)
        return birth_date

    def _organization(
        self, row: Row, problems: RowProblems, key: str, allowed: dict[str, Organization], *, required: bool
    ) -> tuple[Organization | None, int]:
        """The organization the cell names, and its blank bit when the cell is blank."""
        written = spreadsheet.text(row.cells.get(key, ""))
        if not written or _clears(written):
            # One choice is no choice: an LPK officer's own LPK, a BLK officer's own BLK.
            if not written and required and len(allowed) == 1:
                return next(iter(allowed.values())), _BLANK_BIT[key]
            if required and written:
                problems.add(key, "cannot_clear")
            elif required:
                problems.required(key)
            return None, 0 if written else _BLANK_BIT[key]
        found = allowed.get(written.casefold())
        if found is None:
            problems.add(key, f"unknown_{key}", value=written)
        return found, 0

    def _lookup(
        self, row: Row, problems: RowProblems, key: str, known: dict[str, L], code: str
    ) -> tuple[L | None, int]:
        """The listed value the cell names, and its blank bit when the cell is blank."""
        written = spreadsheet.text(row.cells.get(key, ""))
        if not written:
            return None, _BLANK_BIT[key]
        if _clears(written):
            return None, 0
        found = known.get(written.casefold())
        if found is None:
            problems.add(key, code, value=written)
        return found, 0


def _closed(programme: SendingProgramme) -> bool:
    return not programme.is_active


def _clears(value: str) -> bool:
    # The length first: it rules out nearly every cell without a casefold.
    return len(value) == _MARKER_LENGTH and value.casefold() == CLEAR_MARKER


def _repeated_code(nik: str) -> str:
    # A NIK ending in 0 repeated: most likely Excel's rounding, and the message says so.
    return "nik_repeated_rounded" if nik.endswith("0") else "nik_repeated"


def _issue(row: int, column: str, ref: str, code: str, **params: str | int) -> RowIssue:
    return RowIssue(row=row, column=column, ref=ref, code=code, params=params)


# --- kept for the commit ------------------------------------------------------


def stored(result: ParticipantChecked) -> StoredRow:
    """A valid, settled row in the form the preview keeps it."""
    details = result.value
    if details is None or result.outcome is None or result.plan is None:
        raise ValueError("only valid rows are kept")
    values = imports.detail_values(details)
    values[_PROVINCE] = details.province.code
    return StoredRow._make((result.outcome.value, result.row, result.plan.version, result.blank, *values))


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
        values: list[JsonScalar] = list(row[_VALUES:])
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
