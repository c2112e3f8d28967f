"""The calendar arithmetic of ``placements.deadlines.dates`` as SQL
expressions, for PostgreSQL and SQLite, so that due dates are computed by the
database over whole tables instead of row by row in Python.

The month counts are small integers from the code, never user input; they
are written into the SQL as literals because both databases take them as part
of an interval or a date modifier.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DateField, Func
from django.db.models.expressions import Combinable
from django.db.models.sql.compiler import SQLCompiler

_Sql = tuple[str, list[Any]]


class _DateFunc(Func):
    """A date computed from one date expression; subclasses write the SQL per database."""

    output_field = DateField()

    def __init__(self, expression: Combinable | str, *, months: int = 0) -> None:
        if not isinstance(months, int):
            raise TypeError("months must be an int written by the code")
        self.months = months
        super().__init__(expression)

    def _inner(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> _Sql:
        sql, params = compiler.compile(self.source_expressions[0])
        return sql, list(params)

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _Sql:
        raise NotImplementedError(f"{type(self).__name__} is written for PostgreSQL and SQLite only")


class AddMonths(_DateFunc):
    """``add_months``: the same day ``months`` later, clamped to that month's last day."""

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> _Sql:
        sql, params = self._inner(compiler, connection)
        # PostgreSQL clamps by itself: 31 January + 1 month is 28 (29) February.
        return f"(({sql}) + INTERVAL '{self.months} months')::date", params

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> _Sql:
        sql, params = self._inner(compiler, connection)
        # SQLite rolls over instead (31 January + 1 month is 3 March): the
        # earlier of that and the target month's last day is the clamped day.
        rolled = f"date({sql}, '+{self.months} months')"
        last = f"date({sql}, 'start of month', '+{self.months + 1} months', '-1 day')"
        return f"min({rolled}, {last})", params * 2


class MonthEnd(_DateFunc):
    """``month_end``: the last day of the month ``months`` after the date's month."""

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> _Sql:
        sql, params = self._inner(compiler, connection)
        return f"(date_trunc('month', ({sql})::timestamp) + INTERVAL '{self.months + 1} months - 1 day')::date", params

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> _Sql:
        sql, params = self._inner(compiler, connection)
        return f"date({sql}, 'start of month', '+{self.months + 1} months', '-1 day')", params


class QuarterStart(_DateFunc):
    """``quarter_start``: the first day of the date's calendar quarter."""

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> _Sql:
        sql, params = self._inner(compiler, connection)
        return f"date_trunc('quarter', ({sql})::timestamp)::date", params

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> _Sql:
        sql, params = self._inner(compiler, connection)
        # Back to the month's first day, then back (month - 1) mod 3 months.
        # "%%" because the statement goes through Django's %s parameter style.
        back = f"'-' || ((CAST(strftime('%%m', {sql}) AS INTEGER) - 1) %% 3) || ' months'"
        return f"date({sql}, 'start of month', {back})", params * 2


class AddDays(Func):
    """The date ``days`` later."""

    output_field = DateField()

    def __init__(self, expression: Combinable | str, *, days: int) -> None:
        if not isinstance(days, int):
            raise TypeError("days must be an int written by the code")
        self.days = days
        super().__init__(expression)

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> _Sql:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + {self.days})", list(params)

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> _Sql:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '{self.days:+d} days')", list(params)
