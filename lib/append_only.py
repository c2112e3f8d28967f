"""Tables whose rows the database itself refuses to change: the trigger SQL for
PostgreSQL and SQLite, and the migration operation that runs it per vendor.

PostgreSQL refuses UPDATE and DELETE (row triggers; TRUNCATE, which test
databases use to empty tables between tests, fires none). SQLite refuses
UPDATE only: Django empties a SQLite test database with DELETE, which a
trigger would stop, so deletions there are left to the models.

Migrations that already ran in deployments build their SQL here, so what this
module writes must not change: trigger and function names, messages and the
vendors it speaks to are part of those databases.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# The placeholders a refusal message may hold: the refused operation and the table.
_PLACEHOLDER = re.compile(r"\{(op|table)\}")
_POSTGRES_VALUES = {"op": "TG_OP", "table": "TG_TABLE_NAME"}


def _literal(text: str) -> str:
    # A percent sign would reach the driver as a placeholder: migration SQL is run with parameters.
    if "%" in text:
        raise ValueError(f"no percent sign in trigger SQL: {text!r}")
    return "'" + text.replace("'", "''") + "'"


def postgres_message(message: str) -> str:
    """The PL/pgSQL expression for ``message``, ``{op}`` and ``{table}`` read from the trigger."""
    parts: list[str] = []
    for index, piece in enumerate(_PLACEHOLDER.split(message)):
        if index % 2:
            parts.append(_POSTGRES_VALUES[piece])
        elif piece:
            parts.append(_literal(piece))
    return " || ".join(parts)


def postgres_trigger(name: str, *, before: str, table: str, function: str) -> str:
    return f"""CREATE TRIGGER {name} BEFORE {before} ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}();
"""


def postgres_drop_trigger(name: str, *, table: str) -> str:
    return f"DROP TRIGGER IF EXISTS {name} ON {table};\n"


def postgres_drop_function(name: str) -> str:
    return f"DROP FUNCTION IF EXISTS {name}();\n"


@dataclass(frozen=True)
class AppendOnly:
    """One table's refusal: triggers ``<prefix>_no_update`` and ``<prefix>_no_delete``
    calling the PL/pgSQL ``function`` (on SQLite the first only), which raises
    ``message`` (``{op}``: UPDATE or DELETE, ``{table}``: the table's name)."""

    table: str
    prefix: str
    function: str
    message: str

    @property
    def no_update(self) -> str:
        return f"{self.prefix}_no_update"

    @property
    def no_delete(self) -> str:
        return f"{self.prefix}_no_delete"

    def postgres_function(self) -> str:
        return f"""CREATE FUNCTION {self.function}() RETURNS trigger AS $$
BEGIN
    -- No percent sign in here: the migration's SQL goes through the driver's placeholders.
    RAISE EXCEPTION USING
        MESSAGE = {postgres_message(self.message)},
        ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""

    def postgres_up(self) -> str:
        return (
            self.postgres_function()
            + postgres_trigger(self.no_update, before="UPDATE", table=self.table, function=self.function)
            + postgres_trigger(self.no_delete, before="DELETE", table=self.table, function=self.function)
        )

    def postgres_down(self) -> str:
        return (
            postgres_drop_trigger(self.no_update, table=self.table)
            + postgres_drop_trigger(self.no_delete, table=self.table)
            + postgres_drop_function(self.function)
        )

    def sqlite_up(self) -> str:
        values = {"op": "UPDATE", "table": self.table}
        refusal = _literal(_PLACEHOLDER.sub(lambda found: values[found.group(1)], self.message))
        return f"""CREATE TRIGGER {self.no_update} BEFORE UPDATE ON {self.table}
BEGIN
    SELECT RAISE(ABORT, {refusal});
END;
"""

    def sqlite_down(self) -> str:
        return f"DROP TRIGGER IF EXISTS {self.no_update};"


def _run(sql: Mapping[str, str], apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    statement = sql.get(schema_editor.connection.vendor)
    if statement:
        schema_editor.execute(statement)


def run_per_vendor(*, forwards: Mapping[str, str], backwards: Mapping[str, str]) -> migrations.RunPython:
    """A migration operation running the SQL for the connection's vendor (keyed
    ``postgresql``, ``sqlite``; other vendors run nothing). ``partial`` of a
    module-level function, not a closure, so that squashmigrations can write it."""
    return migrations.RunPython(partial(_run, dict(forwards)), partial(_run, dict(backwards)))
