"""From the database to numpy columns, for the computations of the figures.

A refresh reads a million participants and millions of status changes; it
reads them as integers only (ids, years, codes the database computes), in
chunks, straight into numpy arrays: no model instance, no Python object per
row kept beyond its chunk. Nullable columns arrive as 0 (no primary key is
0), text as small integer codes made by the database (``code_of``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from django.db import models
from django.db.models import BigIntegerField, Case, F, IntegerField, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.db.models.sql.constants import MULTI
from numpy.typing import NDArray

from placements.models import StayStage
from reports.slices import PROGRAMMES

Ints = NDArray[np.int64]
# Rows read at a time: a chunk of tuples lives only until it is an array.
CHUNK = 50_000
# Programme codes in the columns: 0 for none, then PROGRAMMES in order.
NO_PROGRAMME = 0
PROGRAMME_CODES = {value: code for code, value in enumerate(PROGRAMMES, start=1)}


class EpochSeconds(models.Func):
    """A datetime column as whole seconds since 1970 (UTC), computed by the
    database: a number where the ORM would build a datetime object per row."""

    output_field = BigIntegerField()
    template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) AS BIGINT)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite keeps datetimes as UTC text; julianday reads it (no '%' in the SQL for the driver to trip on).
        template = "CAST(ROUND((julianday(%(expressions)s) - 2440587.5) * 86400) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)


def id_or_zero(field: str) -> Coalesce:
    """A nullable foreign key as its id, or 0."""
    return Coalesce(F(field), Value(0), output_field=BigIntegerField())


def code_of(field: str, codes: Mapping[str, int]) -> Case:
    """A text column as the integer ``codes`` give its values (0 for any other)."""
    whens = [When(**{field: value}, then=Value(code)) for value, code in codes.items()]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def track_of_stage(field: str = "stage") -> Case:
    """A placement's stage as the code of its programme (TITP i, ii, iii are all TITP)."""
    return code_of(field, {stage.value: PROGRAMME_CODES[stage.track.value] for stage in StayStage})


def titp_stages() -> list[str]:
    return [stage.value for stage in StayStage if stage.titp_stage is not None]


def ssw_stages() -> list[str]:
    return [StayStage.SSW_I.value, StayStage.SSW_II.value]


def read(queryset: models.QuerySet[Any], **columns: str | Combinable) -> dict[str, Ints]:
    """The rows of ``queryset`` as one int64 array per column: each value a
    field name (its value must be an integer or a boolean) or an expression.

    The SQL is Django's, for whichever database; the rows are fetched a chunk
    at a time (a server-side cursor on PostgreSQL) and not passed through the
    ORM's per-value converters, which would call ``int()`` on every integer
    the database already gives as one: most of the reading time at a
    million participants."""
    names = list(columns)
    annotated = queryset.order_by().annotate(
        **{f"_c_{name}": F(value) if isinstance(value, str) else value for name, value in columns.items()}
    )
    query = annotated.values_list(*(f"_c_{name}" for name in names)).query
    compiler = query.get_compiler(using=annotated.db)
    chunks: list[Ints] = []
    for batch in compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=CHUNK) or ():
        chunks.append(np.array(batch, dtype=np.int64).reshape(len(batch), len(names)))
    table = np.concatenate(chunks) if chunks else np.zeros((0, len(names)), dtype=np.int64)
    return {name: np.ascontiguousarray(table[:, index]) for index, name in enumerate(names)}


def read_distinct(queryset: models.QuerySet[Any], **columns: str | Combinable) -> dict[str, Ints]:
    """As ``read``, each combination of values once."""
    read_columns = read(queryset, **columns)
    names = list(read_columns)
    if not names or not len(read_columns[names[0]]):
        return read_columns
    table = np.unique(np.column_stack([read_columns[name] for name in names]), axis=0)
    return {name: np.ascontiguousarray(table[:, index]) for index, name in enumerate(names)}


def positions_of(ids: Ints, among: Ints) -> Ints:
    """For each of ``ids``, its index in the sorted, unique ``among``; -1 where absent."""
    if not len(among):
        return np.full(len(ids), -1, dtype=np.int64)
    found = np.searchsorted(among, ids)
    found = np.minimum(found, len(among) - 1)
    return np.where(among[found] == ids, found, -1).astype(np.int64)


def text_codes(values: Sequence[str]) -> dict[str, int]:
    """Codes 1, 2, … for ``values`` in order: what ``code_of`` turns them into."""
    return {value: code for code, value in enumerate(values, start=1)}
