"""PostgreSQL: pg_dump in custom format under one snapshot, table checksums
from that same snapshot, and a restore that is checked before it commits.

The client tools must have the server's major version: a pg_dump older than
the server refuses to dump it, and a dump made by a newer pg_dump cannot be read
by an older pg_restore. Debian keeps each major version's tools in
/usr/lib/postgresql/<major>/bin (package postgresql-client-<major>);
BACKUP_PG_BIN_DIR names another folder.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from backups.manifest import BackupError, TableSum

DEBIAN_BIN = "/usr/lib/postgresql/{major}/bin"

# A row's text depends on these (timestamps on the zone, floats on the digits):
# the backup and the check of a restore set them alike, so equal rows give equal text.
_SESSION_SETTINGS = (
    "SET LOCAL TimeZone = 'UTC'",
    "SET LOCAL DateStyle = 'ISO, YMD'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL extra_float_digits = 1",
    "SET LOCAL bytea_output = 'hex'",
)

CHECKSUM_METHOD = (
    "postgresql: two sums over the table's rows of the first and last 64 bits of md5(row::text) "
    "(as signed integers), with TimeZone UTC, DateStyle ISO; independent of the rows' order"
)

# Ordinary tables (partitions included, a partitioned parent holds no rows of its own)
# outside the system schemas, except those an extension owns: what pg_dump dumps the rows of.
_TABLES = """
    SELECT n.nspname, c.relname
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
      AND NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_depend d
        WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e'
      )
    ORDER BY 1, 2
"""

# Anything at all in a user schema (tables, views, sequences, indexes, types' relations).
_OBJECTS = """
    SELECT n.nspname || '.' || c.relname
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
    ORDER BY 1 LIMIT 5
"""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Server:
    """Where one PostgreSQL database is, read from a Django DATABASES entry."""

    dbname: str
    user: str
    password: str
    host: str
    port: str
    options: dict[str, str]

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Server:
        # libpq connection options (sslmode, sslrootcert, ...) pass through; Django-only ones do not.
        options = {
            key: str(value)
            for key, value in dict(settings.get("OPTIONS") or {}).items()
            if key.startswith("ssl") or key in {"connect_timeout", "application_name", "target_session_attrs"}
        }
        return cls(
            dbname=str(settings["NAME"]),
            user=str(settings.get("USER") or ""),
            password=str(settings.get("PASSWORD") or ""),
            host=str(settings.get("HOST") or ""),
            port=str(settings.get("PORT") or ""),
            options=options,
        )

    def conninfo(self) -> str:
        """The connection string for the client tools; the password goes in their environment."""
        values = {"dbname": self.dbname, "user": self.user, "host": self.host, "port": self.port, **self.options}
        return make_conninfo(**{key: value for key, value in values.items() if value})

    def environment(self) -> dict[str, str]:
        environment = dict(os.environ)
        if self.password:
            environment["PGPASSWORD"] = self.password
        return environment

    def connect(self) -> psycopg.Connection[tuple[Any, ...]]:
        try:
            return psycopg.connect(self.conninfo(), password=self.password or None)
        except psycopg.OperationalError as error:
            raise BackupError(f"Cannot connect to the database {self.dbname}: {str(error).strip()}") from None


@dataclasses.dataclass(frozen=True)
class Tool:
    path: Path
    version: str

    @property
    def major(self) -> int:
        return _major(self.version)


def _major(version: str) -> int:
    return int(version.split(".", 1)[0])


def server_version(connection: psycopg.Connection[tuple[Any, ...]]) -> str:
    number = connection.info.server_version  # e.g. 150018
    return f"{number // 10000}.{number % 10000}"


def find_tool(name: str, *, major: int, bin_dir: str) -> Tool:
    """The client tool ``name`` of the server's major version, or BackupError
    saying which were found and where to get the right one."""
    if bin_dir:
        candidates = [Path(bin_dir) / name]
    else:
        on_path = shutil.which(name)
        candidates = [Path(DEBIAN_BIN.format(major=major)) / name] + ([Path(on_path)] if on_path else [])
    seen = []
    for candidate in candidates:
        if not candidate.is_file():
            continue
        tool = Tool(candidate, _tool_version(candidate))
        if tool.major == major:
            return tool
        seen.append(f"{candidate} is version {tool.version}")
    looked = ", ".join(str(c) for c in candidates)
    found = f" ({'; '.join(seen)})" if seen else ""
    raise BackupError(
        f"The PostgreSQL server is version {major} but no {name} {major} was found in {looked}{found}. "
        f"Install Debian's postgresql-client-{major}, or set BACKUP_PG_BIN_DIR to the folder of its tools."
    )


def _tool_version(path: Path) -> str:
    # "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
    output = subprocess.run(  # noqa: S603 (a path we chose, no shell)
        [str(path), "--version"], capture_output=True, text=True, check=False
    ).stdout
    match = re.search(r"\(PostgreSQL\) (\d+(?:\.\d+)*)", output)
    if match is None:
        raise BackupError(f"{path} --version printed {output.strip()!r}, not a PostgreSQL version.")
    return match.group(1)


def _quoted(table: str) -> str:
    schema, name = table.split(".", 1)
    return ".".join('"' + part.replace('"', '""') + '"' for part in (schema, name))


def _sums_query(table: str) -> str:
    """Row count and the two sums of one table: the same text runs at backup and in the restore's check."""
    half = "coalesce(sum(('x' || substr(md5(jembatan_row::text), {start}, 16))::bit(64)::bigint), 0)"
    return (
        f"SELECT count(*), {half.format(start=1)}, {half.format(start=17)} "  # noqa: S608 (quoted identifier)
        f"FROM {_quoted(table)} AS jembatan_row"
    )


def checksums(connection: psycopg.Connection[tuple[Any, ...]]) -> dict[str, TableSum]:
    """Every table's row count and checksum, inside the connection's open transaction."""
    for statement in _SESSION_SETTINGS:
        connection.execute(statement)
    tables = [f"{schema}.{name}" for schema, name in connection.execute(_TABLES)]
    sums = {}
    for table in tables:
        row = connection.execute(_sums_query(table)).fetchone()
        assert row is not None  # noqa: S101 (an aggregate always answers one row)
        sums[table] = TableSum(int(row[0]), f"{int(row[1])}:{int(row[2])}")
    return sums


@dataclasses.dataclass(frozen=True)
class Dump:
    server_version: str
    tool: str
    tables: dict[str, TableSum]


def dump(server: Server, *, into: Path, bin_dir: str) -> Dump:
    """pg_dump the database into ``into`` and checksum its tables, both under
    one snapshot: the manifest describes exactly the rows in the dump, while
    the application keeps writing."""
    with server.connect() as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        version = server_version(connection)
        tool = find_tool("pg_dump", major=_major(version), bin_dir=bin_dir)
        row = connection.execute("SELECT pg_catalog.pg_export_snapshot()").fetchone()
        assert row is not None  # noqa: S101
        command = [str(tool.path), "--format=custom", f"--snapshot={row[0]}", f"--file={into}"]
        _run([*command, f"--dbname={server.conninfo()}"], server, "pg_dump")
        tables = checksums(connection)
        connection.rollback()
    return Dump(version, f"pg_dump {tool.version}", tables)


def _run(command: list[str], server: Server, name: str) -> None:
    result = subprocess.run(  # noqa: S603 (the tools' paths and our arguments, no shell)
        command, env=server.environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{name} failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")


def objects_in(server: Server) -> list[str]:
    """Up to five relations in the database's own schemas: none in an empty database."""
    with server.connect() as connection:
        return [name for (name,) in connection.execute(_OBJECTS)]


def restore(server: Server, *, dump_file: Path, dumped_by: str, tables: Mapping[str, TableSum], bin_dir: str) -> None:
    """Restore the dump in ONE transaction that also checks every table's row
    count and checksum against the manifest and fails, rolling everything back,
    when one differs: the database ends fully restored and checked, or as empty
    as it was."""
    with server.connect() as connection:
        major = _major(server_version(connection))
    made_by = _major(dumped_by.rsplit(" ", 1)[-1])
    if made_by > major:
        raise BackupError(
            f"The backup was made by {dumped_by}; this server is PostgreSQL {major}, which cannot read it. "
            f"Restore into a PostgreSQL {made_by} or newer server. Nothing was restored."
        )
    pg_restore = find_tool("pg_restore", major=major, bin_dir=bin_dir)
    psql = find_tool("psql", major=major, bin_dir=bin_dir)
    script = [str(pg_restore.path), "--no-owner", "--no-privileges", "--file=-", str(dump_file)]
    apply = [str(psql.path), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", "-"]
    apply.append(f"--dbname={server.conninfo()}")
    # Errors go to files, not pipes: a full stderr pipe nobody reads would stall the copy below.
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        reader = subprocess.Popen(script, stdout=subprocess.PIPE, stderr=restore_errors)  # noqa: S603
        writer = subprocess.Popen(  # noqa: S603
            apply, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_errors, env=server.environment()
        )
        assert reader.stdout is not None  # noqa: S101 (both were asked for as pipes)
        assert writer.stdin is not None  # noqa: S101
        try:
            shutil.copyfileobj(reader.stdout, writer.stdin)
            reader.stdout.close()
            # psql commits when its input ends: a script pg_restore cut short must end in an error instead.
            ending = check_script(tables) if reader.wait() == 0 else _ABORT
            writer.stdin.write(ending.encode())
            writer.stdin.close()
        except BrokenPipeError:
            pass  # psql stopped at an error (ON_ERROR_STOP): its exit status and message say which
        reader.stdout.close()
        read_status, apply_status = reader.wait(), writer.wait()
        if read_status != 0 or apply_status != 0:
            said = " ".join(part for part in (_tail(restore_errors), _tail(psql_errors)) if part)
            raise BackupError(
                f"The database restore failed and was rolled back: the database is as empty as before. {said}"
            )


_ABORT = "DO $$ BEGIN RAISE EXCEPTION 'jembatan restore: pg_restore failed, rolling back'; END $$;\n"


def _tail(errors: Any) -> str:
    errors.seek(0)
    return str(errors.read().decode(errors="replace").strip()[-2000:])


def check_script(tables: Mapping[str, TableSum]) -> str:
    """SQL run last in the restore's transaction: raises (so psql rolls back)
    unless the database holds exactly the manifest's tables with their rows."""
    lines = [*(statement + ";" for statement in _SESSION_SETTINGS), "DO $jembatan_check$", "DECLARE"]
    lines += ["  found bigint; first numeric; second numeric; wrong text[] := '{}';", "BEGIN"]
    listing = " ".join(_TABLES.split()).replace("ORDER BY 1, 2", "")
    lines.append(f"  SELECT count(*) INTO found FROM ({listing}) AS listed;")  # noqa: S608 (constant text)
    lines.append(f"  IF found <> {len(tables)} THEN wrong := wrong || (found || ' tables, not {len(tables)}'); END IF;")
    for table, expected in sorted(tables.items()):
        first, second = (int(part) for part in expected.checksum.split(":"))
        literal = "'" + table.replace("'", "''") + "'"
        lines.append(f"  {_sums_query(table)} INTO found, first, second;")
        lines.append(
            f"  IF (found, first, second) IS DISTINCT FROM ({int(expected.rows)}::bigint, {first}::numeric, "
            f"{second}::numeric) THEN wrong := wrong || {literal}::text; END IF;"
        )
    lines.append("  IF cardinality(wrong) > 0 THEN")
    lines.append(
        "    RAISE EXCEPTION 'jembatan restore check: differs from the manifest: %', array_to_string(wrong, ', ');"
    )
    lines += ["  END IF;", "END", "$jembatan_check$;", ""]
    return "\n".join(lines)
