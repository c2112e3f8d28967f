"""The figures each family of rules works with, as typed, frozen values.

Each class reads itself from plain values (``from_values``) and writes itself
back (``to_values``) in the shape of the packaged TOML file's ``value`` entries,
so the database copy that administrators edit can feed the same classes.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Self

from rules.reading import JsonValue, RuleDataError, Values, whole
from rules.stage import Stage


@dataclass(frozen=True)
class QuotaBand:
    """Companies with up to ``up_to_staff`` full-time staff (and more than the
    band before) get ``basic_quota`` stage-i trainees a year."""

    up_to_staff: int
    basic_quota: int


@dataclass(frozen=True)
class QuotaTable:
    bands: tuple[QuotaBand, ...]
    # Above the last band the basic quota is full-time staff ÷ this, rounded down.
    above_divisor: int


@dataclass(frozen=True)
class OwnQuotaTable:
    """A job category with a quota table of its own (nursing care). ``table``
    is None until an administrator enters it: the rules then refuse to give a
    number rather than give the general table's."""

    job_category_code: str
    name: str
    table: QuotaTable | None = None


@dataclass(frozen=True, kw_only=True)
class TitpQuotaParameters:
    table: QuotaTable
    multipliers_normal: Mapping[Stage, int]
    multipliers_excellent: Mapping[Stage, int]
    # The most trainees a stage may hold, as a multiple of full-time staff.
    caps: Mapping[Stage, int]
    # Construction: trainees in all stages together, as a multiple of full-time staff.
    construction_total_cap: int
    own_tables: tuple[OwnQuotaTable, ...] = ()

    def multipliers(self, *, excellent: bool) -> Mapping[Stage, int]:
        return self.multipliers_excellent if excellent else self.multipliers_normal

    def own_table(self, job_category_code: str | None) -> OwnQuotaTable | None:
        return next((own for own in self.own_tables if own.job_category_code == job_category_code), None)

    @classmethod
    def from_values(cls, values: Values) -> Self:
        parameters = cls(
            table=QuotaTable(bands=_bands(values, "bands"), above_divisor=values.whole("above_divisor", minimum=1)),
            multipliers_normal=values.by_stage("multipliers_normal"),
            multipliers_excellent=values.by_stage("multipliers_excellent"),
            caps=values.by_stage("caps"),
            construction_total_cap=values.whole("construction_total_cap", minimum=1),
            own_tables=_own_tables(values, "own_tables"),
        )
        values.finish()
        return parameters

    def to_values(self) -> dict[str, JsonValue]:
        return {
            "bands": _bands_value(self.table.bands),
            "above_divisor": self.table.above_divisor,
            "multipliers_normal": _stages_value(self.multipliers_normal),
            "multipliers_excellent": _stages_value(self.multipliers_excellent),
            "caps": _stages_value(self.caps),
            "construction_total_cap": self.construction_total_cap,
            "own_tables": [_own_table_value(own) for own in self.own_tables],
        }


@dataclass(frozen=True, kw_only=True)
class TitpStageParameters:
    stage_months: Mapping[Stage, int]
    total_months: int
    # A home return between stages ii and iii lasts at least the minimum and
    # strictly less than the maximum, both in calendar months.
    home_return_min_months: int
    home_return_max_months: int
    # The test to pass before moving into a stage, by the stage moved into.
    move_tests: Mapping[Stage, str]

    @classmethod
    def from_values(cls, values: Values) -> Self:
        tests = values.nested("move_tests")
        parameters = cls(
            stage_months=values.by_stage("stage_months", minimum=1),
            total_months=values.whole("total_months", minimum=1),
            home_return_min_months=values.whole("home_return_min_months"),
            home_return_max_months=values.whole("home_return_max_months", minimum=1),
            move_tests={Stage.II: tests.text(Stage.II.value), Stage.III: tests.text(Stage.III.value)},
        )
        tests.finish()
        values.finish()
        if parameters.home_return_min_months >= parameters.home_return_max_months:
            raise values.error("home_return_min_months", "must be less than home_return_max_months")
        return parameters

    def to_values(self) -> dict[str, JsonValue]:
        return {
            "stage_months": _stages_value(self.stage_months),
            "total_months": self.total_months,
            "home_return_min_months": self.home_return_min_months,
            "home_return_max_months": self.home_return_max_months,
            "move_tests": {stage.value: test for stage, test in self.move_tests.items()},
        }


@dataclass(frozen=True)
class JapaneseLevel:
    """A minimum Japanese level: the rank of reference/data/language_tests.csv
    (10 JLPT N5 / JFT-Basic A1, 20 JLPT N4 / JFT-Basic A2, 30 N3, 40 N2, 50 N1)
    and the name shown in explanations."""

    rank: int
    name: str

    @classmethod
    def read(cls, values: Values, name: str) -> Self:
        level = values.nested(name)
        parsed = cls(rank=level.whole("rank", minimum=1), name=level.text("name"))
        level.finish()
        return parsed

    def to_value(self) -> dict[str, JsonValue]:
        return {"rank": self.rank, "name": self.name}


@dataclass(frozen=True, kw_only=True)
class SswParameters:
    japanese_minimum: JapaneseLevel
    # TITP job categories whose good completion of stage ii also exempts from
    # the skill test of an SSW field, by the field's Japanese name.
    titp_categories_by_field: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_values(cls, values: Values) -> Self:
        fields = values.nested("titp_categories_by_field")
        parameters = cls(
            japanese_minimum=JapaneseLevel.read(values, "japanese_minimum"),
            titp_categories_by_field={name: fields.texts(name) for name in fields.names()},
        )
        fields.finish()
        values.finish()
        return parameters

    def to_values(self) -> dict[str, JsonValue]:
        return {
            "japanese_minimum": self.japanese_minimum.to_value(),
            "titp_categories_by_field": {name: list(codes) for name, codes in self.titp_categories_by_field.items()},
        }


@dataclass(frozen=True, kw_only=True)
class EsdParameters:
    # The first start date under ESD; TITP takes no trainees starting on or after it.
    starts_on: datetime.date
    entry_japanese_minimum: JapaneseLevel
    entry_lesson_hours: int
    fee_cap_months: int
    # The minimum time with one employer before a change at the worker's wish
    # is set per field within these bounds.
    transfer_months_shortest: int
    transfer_months_longest: int
    # The months of the plan over which the first employer's initial costs are
    # shared when a worker changes employer at their own wish (None: the
    # version shares nothing; versions before ESD's start carry none).
    transfer_cost_plan_months: int | None = None

    @classmethod
    def from_values(cls, values: Values) -> Self:
        parameters = cls(
            starts_on=values.day("starts_on"),
            entry_japanese_minimum=JapaneseLevel.read(values, "entry_japanese_minimum"),
            entry_lesson_hours=values.whole("entry_lesson_hours", minimum=1),
            fee_cap_months=values.whole("fee_cap_months"),
            transfer_months_shortest=values.whole("transfer_months_shortest"),
            transfer_months_longest=values.whole("transfer_months_longest"),
            transfer_cost_plan_months=(
                values.whole("transfer_cost_plan_months", minimum=1)
                if values.has("transfer_cost_plan_months")
                else None
            ),
        )
        values.finish()
        if parameters.transfer_months_shortest > parameters.transfer_months_longest:
            raise values.error("transfer_months_shortest", "must not be more than transfer_months_longest")
        return parameters

    def to_values(self) -> dict[str, JsonValue]:
        return {
            "starts_on": self.starts_on.isoformat(),
            "entry_japanese_minimum": self.entry_japanese_minimum.to_value(),
            "entry_lesson_hours": self.entry_lesson_hours,
            "fee_cap_months": self.fee_cap_months,
            "transfer_months_shortest": self.transfer_months_shortest,
            "transfer_months_longest": self.transfer_months_longest,
            **(
                {"transfer_cost_plan_months": self.transfer_cost_plan_months}
                if self.transfer_cost_plan_months is not None
                else {}
            ),
        }


@dataclass(frozen=True, kw_only=True)
class AgeParameters:
    """The youngest a worker may be on the start date, by law, per residence
    programme (by its code: titp, ssw, esd); Engineer/Specialist has none.
    A sending programme or a job order may ask for more, never for less."""

    titp_minimum_age: int
    ssw_minimum_age: int
    esd_minimum_age: int

    def minimum_for(self, programme: str) -> tuple[str, int] | None:
        """The parameter's name and the minimum age for ``programme``; None where the law sets none."""
        name = f"{programme}_minimum_age"
        return (name, getattr(self, name)) if name in _AGE_PARAMETERS else None

    @classmethod
    def from_values(cls, values: Values) -> Self:
        parameters = cls(**{name: values.whole(name, minimum=1) for name in _AGE_PARAMETERS})
        values.finish()
        return parameters

    def to_values(self) -> dict[str, JsonValue]:
        return {name: getattr(self, name) for name in _AGE_PARAMETERS}


_AGE_PARAMETERS = ("titp_minimum_age", "ssw_minimum_age", "esd_minimum_age")


@dataclass(frozen=True, kw_only=True)
class WageParameters:
    currency: str
    # A monthly wage outside these bounds (inclusive) is taken for a figure in
    # the wrong unit or currency, not for a real wage.
    monthly_minimum: int
    monthly_maximum: int

    @classmethod
    def from_values(cls, values: Values) -> Self:
        parameters = cls(
            currency=values.text("currency"),
            monthly_minimum=values.whole("monthly_minimum", minimum=1),
            monthly_maximum=values.whole("monthly_maximum", minimum=1),
        )
        values.finish()
        if parameters.monthly_minimum >= parameters.monthly_maximum:
            raise values.error("monthly_minimum", "must be less than monthly_maximum")
        return parameters

    def to_values(self) -> dict[str, JsonValue]:
        return {
            "currency": self.currency,
            "monthly_minimum": self.monthly_minimum,
            "monthly_maximum": self.monthly_maximum,
        }


def _bands(values: Values, name: str) -> tuple[QuotaBand, ...]:
    def problem(text: str) -> RuleDataError:
        return values.error(name, text)

    bands = []
    for entry in values.items(name):
        if not isinstance(entry, list) or len(entry) != 2:
            raise problem(f"each band is [up_to_staff, basic_quota], got {entry!r}")
        bands.append(QuotaBand(whole(entry[0], minimum=1, error=problem), whole(entry[1], minimum=1, error=problem)))
    if not bands:
        raise problem("expected at least one band")
    if any(later.up_to_staff <= earlier.up_to_staff for earlier, later in itertools.pairwise(bands)):
        raise problem("bands must go up in staff, each above the one before")
    return tuple(bands)


def _own_tables(values: Values, name: str) -> tuple[OwnQuotaTable, ...]:
    tables = []
    for index, entry in enumerate(values.items(name)):
        own = Values(entry, where=f"{values.where}: {name}[{index}]")
        code, label = own.text("job_category_code"), own.text("name")
        table = None
        if own.has("bands") or own.has("above_divisor"):
            table = QuotaTable(bands=_bands(own, "bands"), above_divisor=own.whole("above_divisor", minimum=1))
        own.finish()
        tables.append(OwnQuotaTable(job_category_code=code, name=label, table=table))
    codes = [table.job_category_code for table in tables]
    if len(set(codes)) != len(codes):
        raise values.error(name, "a job category has two tables")
    return tuple(tables)


def _bands_value(bands: tuple[QuotaBand, ...]) -> list[JsonValue]:
    return [[band.up_to_staff, band.basic_quota] for band in bands]


def _stages_value(numbers: Mapping[Stage, int]) -> dict[str, JsonValue]:
    return {stage.value: numbers[stage] for stage in Stage}


def _own_table_value(own: OwnQuotaTable) -> dict[str, JsonValue]:
    value: dict[str, JsonValue] = {"job_category_code": own.job_category_code, "name": own.name}
    if own.table is not None:
        value["bands"] = _bands_value(own.table.bands)
        value["above_divisor"] = own.table.above_divisor
    return value
