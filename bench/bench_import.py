"""Benchmark: importing a 100,000-row participant XLSX, against django-import-export.

    .venv/bin/python bench/bench_import.py [--rows 100000] [--db sqlite postgres]

Generates the XLSX once (cached under var/bench/): the import template's
columns, dates as date cells and one in ten as text, NIKs as text. Then, for
each database, two fresh subprocesses, each on a fresh database (a temporary
SQLite file, or the PostgreSQL database ``jembatan_bench_import``) with the
reference data and demo organizations loaded:

* ours: the LPK/SO demo officer's import as the pages run it, without HTTP:
  ``start_import`` (store the file, check every row into a preview, keep the
  valid rows) and ``commit_import`` (check again what the database decides,
  then write the kept rows with history, audit and possible-duplicate flags,
  in one transaction);
* the baseline: django-import-export's ``ModelResource`` in bulk mode
  (``use_bulk=True``, batches of 1,000) importing the same XLSX as a tablib
  Dataset, with its own validation (``clean_model_instances``) and the same
  mapping (headings, L/P, codes to organizations and trades, province from
  the NIK). Rows only: no history, audit or duplicate flags.

Each subprocess reports its seconds and peak resident memory
(``resource.getrusage``). Both must end with every row imported, and both
import the whole file: the baseline is measured, not extrapolated. The last
lines are one ``BENCH import`` line per database.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "bench"
POSTGRES_URL = "postgres://jembatan:jembatan@127.0.0.1:5432/jembatan"
BENCH_DATABASE = "jembatan_bench_import"
IMPORTER = "lpk.officer"  # a demo LPK/SO officer: registers under any BLK, enrols with their own LPK/SO
LPK_CODE = "lpk-karya-nusantara"
BLK_CODES = ("bbpvp-bekasi", "bbpvp-medan", "bbpvp-makassar", "bbpvp-semarang")
TRADE_CODES = ("LAS", "MFK", "OTO", "LIS", "ELK")
REGENCIES = ("3216", "3275", "3374", "3578", "5203", "3603", "1271", "7371")
# Three-part names from these give tens of thousands of distinct names, so that
# same-name-and-birth-date pairs (flagged as possible duplicates) are as rare as in life.
FIRST: tuple[str, ...] = (
    "Budi",
    "Siti",
    "Agus",
    "Dewi",
    "Rizky",
    "Putri",
    "Andi",
    "Nur",
    "Joko",
    "Rina",
    "Dimas",
    "Ayu",
    "Fajar",
)
FIRST += ("Indah", "Hendra", "Wahyu", "Yuni", "Eko", "Sri", "Bayu", "Ratna", "Arif", "Lina", "Teguh", "Maya")
MIDDLE: tuple[str, ...] = (
    "Adi",
    "Dwi",
    "Tri",
    "Eka",
    "Nur",
    "Ayu",
    "Putra",
    "Sari",
    "Indra",
    "Rahma",
    "Surya",
    "Kurnia",
    "Bagus",
)
MIDDLE += ("Wati", "Dian", "Ika", "Budi", "Tegar", "Mega", "Yoga", "Fitri", "Rizal", "Intan", "Galih", "Citra")
LAST: tuple[str, ...] = (
    "Santoso",
    "Rahayu",
    "Pratama",
    "Lestari",
    "Saputra",
    "Wulandari",
    "Hidayat",
    "Kurniawan",
    "Setiawan",
)
LAST += ("Nugroho", "Susanti", "Wibowo", "Handayani", "Siregar", "Nasution", "Simanjuntak", "Purnomo", "Utami")
LAST += ("Gunawan", "Permata", "Halim", "Sihombing", "Firmansyah", "Ramadhan", "Maharani")
HEADINGS = (
    "NIK",
    "Nama Lengkap",
    "Nama Katakana",
    "Jenis Kelamin",
    "Tanggal Lahir",
    "Tempat Lahir",
    "Alamat",
    "Telepon",
    "Email",
    "Kejuruan",
    "Kode BLK",
    "Kode LPK",
    "Program Pengiriman",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--worker", choices=["ours", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, Path(args.file))
        return
    path = generated_file(args.rows)
    lines = []
    for db in args.db:
        with database(db, args.postgres_url) as url:
            ours = run_worker("ours", path, url)
        with database(db, args.postgres_url) as url:
            baseline = run_worker("baseline", path, url)
        for label, result in (("ours", ours), ("django-import-export", baseline)):
            print(f"{db} {label}: {json.dumps(result)}")
        lines.append(
            f"BENCH import rows={args.rows} db={db} seconds={ours['seconds']:.2f} "
            f"validate_seconds={ours['validate_seconds']:.2f} commit_seconds={ours['commit_seconds']:.2f} "
            f"baseline=django-import-export_bulk baseline_rows={baseline['rows']} "
            f"baseline_seconds={baseline['seconds']:.2f} "
            f"ratio={baseline['seconds'] / ours['seconds']:.1f} peak_mb={ours['peak_mb']:.0f} "
            f"baseline_peak_mb={baseline['peak_mb']:.0f}"
        )
    print("\n".join(lines))


# --- the file -------------------------------------------------------------------


def generated_file(rows: int) -> Path:
    path = CACHE / f"import-participants-{rows}-v2.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook  # noqa: PLC0415

    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(list(HEADINGS))
    for row in planned_rows(rows):
        sheet.append(row)
    partial = path.with_suffix(".partial")
    workbook.save(partial)
    partial.rename(path)
    print(f"generated {path} ({rows} rows) in {time.perf_counter() - started:.1f} s")
    return path


def planned_rows(count: int) -> Iterator[list[Any]]:
    rng = random.Random(2022)
    seen: set[str] = set()
    while len(seen) < count:
        sex = rng.choice("LP")
        born = datetime.date(1995, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 10))
        day = born.day + (40 if sex == "P" else 0)
        nik = f"{rng.choice(REGENCIES)}{rng.randrange(1, 40):02d}{day:02d}{born:%m%y}{rng.randrange(1, 9999):04d}"
        if nik in seen:
            continue
        seen.add(nik)
        name = f"{rng.choice(FIRST)} {rng.choice(MIDDLE)} {rng.choice(LAST)}"
        yield [
            nik,
            name,
            "",  # katakana left empty, as most files have it: suggested from the name
            sex,
            born.strftime("%d/%m/%Y") if len(seen) % 10 == 0 else born,
            rng.choice(("Bekasi", "Semarang", "Surabaya", "Medan", "Makassar")),
            f"Jl. Merdeka {rng.randrange(1, 200)}",
            f"08{rng.randrange(10**9, 10**10)}",
            "",
            rng.choice(TRADE_CODES),
            rng.choice(BLK_CODES),
            LPK_CODE,
            "",
        ]


# --- databases and subprocesses -------------------------------------------------


@contextmanager
def database(db: str, admin_url: str) -> Iterator[str]:
    if db == "sqlite":
        workdir = Path(tempfile.mkdtemp(prefix="jembatan-bench-import-"))
        try:
            yield f"sqlite:///{workdir / 'bench.sqlite3'}"
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return
    import psycopg  # noqa: PLC0415
    from psycopg import sql  # noqa: PLC0415

    name = sql.Identifier(BENCH_DATABASE)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    try:
        yield f"{admin_url.rsplit('/', 1)[0]}/{BENCH_DATABASE}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def run_worker(kind: str, path: Path, url: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="jembatan-bench-files-") as files:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "false",  # Django's query log would otherwise be part of what is measured
            "REDIS_URL": "",  # the embedded default: the task code runs in-process
            "IMPORT_FILES_DIR": files,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        command = [sys.executable, __file__, "--worker", kind, "--file", str(path)]
        finished = subprocess.run(command, env=env, check=False, capture_output=True, text=True)  # noqa: S603
        if finished.returncode:
            raise SystemExit(f"{kind} failed:\n{finished.stdout}\n{finished.stderr}")
        output = finished.stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def worker(kind: str, path: Path) -> None:
    import django  # noqa: PLC0415 - only after the environment is set

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    from participants import demo  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    demo.ensure_reference_data()
    demo.ensure_logins(demo.ensure_organizations(), seed=1)
    result = ours(path) if kind == "ours" else baseline(path)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(json.dumps(result))


def ours(path: Path) -> dict[str, Any]:
    from django.core.files import File  # noqa: PLC0415

    from accounts import access  # noqa: PLC0415
    from accounts.models import User  # noqa: PLC0415
    from participants.models import Participant  # noqa: PLC0415
    from spreadsheets import actions  # noqa: PLC0415
    from spreadsheets.models import ImportKind, ImportState  # noqa: PLC0415

    user = User.objects.get(username=IMPORTER)
    organization = access.import_organization(user)
    assert organization is not None
    started = time.perf_counter()
    with path.open("rb") as stream:
        job = actions.start_import(
            kind=ImportKind.PARTICIPANTS, upload=File(stream, name=path.name), organization=organization, by=user
        )
    job.refresh_from_db()
    validated = time.perf_counter()
    assert job.state == ImportState.VALIDATED, (job.state, job.problem, job.issues[:3])
    job = actions.commit_import(job_id=job.pk, by=user)
    job.refresh_from_db()
    finished = time.perf_counter()
    assert job.state == ImportState.COMMITTED, (job.state, job.problem)
    imported = Participant.objects.filter(sending_organization=organization).count()
    assert job.new == imported == job.rows_total, (job.new, imported, job.rows_total, job.invalid, job.issues[:3])
    return {
        "rows": imported,
        "seconds": finished - started,
        "validate_seconds": validated - started,
        "commit_seconds": finished - validated,
        "invalid": job.invalid,
    }


def baseline(path: Path) -> dict[str, Any]:
    import tablib  # type: ignore[import-untyped]  # noqa: PLC0415

    from participants.models import Participant  # noqa: PLC0415

    resource_class = baseline_resource()
    started = time.perf_counter()
    dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    result = resource_class().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
    seconds = time.perf_counter() - started
    imported = Participant.objects.count()
    assert not result.has_errors(), result.base_errors[:3]
    assert not result.has_validation_errors(), result.invalid_rows[:3]
    assert imported == len(dataset), (imported, len(dataset))
    return {"rows": imported, "seconds": seconds, "validate_seconds": 0.0, "commit_seconds": seconds}


def baseline_resource() -> type[Any]:
    """A ModelResource doing what our import does to each row, the library's way."""
    from import_export import fields, resources, widgets  # type: ignore[import-untyped]  # noqa: PLC0415

    from accounts.models import Organization  # noqa: PLC0415
    from lib.katakana import suggest_katakana  # noqa: PLC0415
    from lib.names import name_key  # noqa: PLC0415
    from participants.forms import programmes_in_force  # noqa: PLC0415
    from participants.models import Participant  # noqa: PLC0415
    from reference.models import Province, VocationalProgramme  # noqa: PLC0415

    provinces = {province.code: province for province in Province.objects.all()}

    class SexWidget(widgets.Widget):  # type: ignore[misc]
        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
            return {"L": "M", "P": "F"}[str(value).strip().upper()]

    class TradeWidget(widgets.ForeignKeyWidget):  # type: ignore[misc]
        def get_queryset(self, value: Any, row: Any, *args: Any, **kwargs: Any) -> Any:
            return programmes_in_force()

    def column(attribute: str, heading: str, widget: Any = None) -> Any:
        text = widgets.CharWidget(allow_blank=True)  # an empty cell is "", as the model wants
        return fields.Field(attribute=attribute, column_name=heading, widget=widget or text)

    class ParticipantResource(resources.ModelResource):  # type: ignore[misc]
        nik = column("nik", "NIK")
        full_name = column("full_name", "Nama Lengkap")
        name_katakana = column("name_katakana", "Nama Katakana")
        sex = column("sex", "Jenis Kelamin", SexWidget())
        birth_date = column("birth_date", "Tanggal Lahir", widgets.DateWidget(format="%d/%m/%Y"))
        birth_place = column("birth_place", "Tempat Lahir")
        address = column("address", "Alamat")
        phone = column("phone", "Telepon")
        email = column("email", "Email")
        vocational_programme = column("vocational_programme", "Kejuruan", TradeWidget(VocationalProgramme, "code"))
        training_centre = column("training_centre", "Kode BLK", widgets.ForeignKeyWidget(Organization, "code"))
        sending_organization = column(
            "sending_organization", "Kode LPK", widgets.ForeignKeyWidget(Organization, "code")
        )

        class Meta:
            model = Participant
            import_id_fields = ("nik",)
            fields = (
                "nik",
                "full_name",
                "name_katakana",
                "sex",
                "birth_date",
                "birth_place",
                "address",
                "phone",
                "email",
                "vocational_programme",
                "training_centre",
                "sending_organization",
            )
            use_bulk = True
            batch_size = 1000
            clean_model_instances = True

        def get_instance(self, instance_loader: Any, row: Any) -> Participant | None:
            # The NIK is sealed (lib.encrypted): found by its blind index, as our import finds it.
            return Participant.objects.with_nik(str(row["NIK"]).strip()).first()

        def before_save_instance(self, instance: Participant, row: Any, **kwargs: Any) -> None:
            # What our import derives too; bulk_create skips save(), which sets the name key.
            instance.province = provinces[instance.nik[:2]]
            instance.name_key = name_key(instance.full_name)
            instance.name_katakana = instance.name_katakana or suggest_katakana(instance.full_name)

        def import_instance(self, instance: Participant, row: Any, **kwargs: Any) -> None:
            super().import_instance(instance, row, **kwargs)
            # full_clean (the library's validation) needs the province before saving.
            instance.province = provinces[str(row["NIK"])[:2]]

    return ParticipantResource


if __name__ == "__main__":
    main()
