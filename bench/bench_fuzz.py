"""Benchmark: the fuzz tests at length, with their totals.

    .venv/bin/python bench/bench_fuzz.py [--api-scale 36] [--form-scale 22] [--import-scale 10] [--minutes 0]

Runs the suite's three fuzz tests with JEMBATAN_FUZZ_SCALE (the suite's
examples per operation, form and import kind multiplied by the scale given
for each), on SQLite unless DATABASE_URL names another database:

* api/tests/test_fuzz.py: schemathesis against /api/v1/openapi.json in process
  (every operation, valid and invalid calls, three personas; then the
  stateful run over the schema's links);
* tests/test_fuzz_forms.py: generated posts to every form of the site, from
  every persona that reaches it;
* spreadsheets/tests/test_fuzz_imports.py: generated spreadsheets for every
  import kind, uploaded and confirmed through the pages.

The API and form runs go side by side (two processes), then the imports. Each
test appends its tally to a report file; the last line is

    BENCH fuzz api_calls= api_5xx= schema_violations= form_posts= form_5xx= imports= import_5xx= half_written= seconds=

and the script exits non-zero when a run failed or fell short of 10,000 API
calls or 10,000 form posts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
API = "api/tests/test_fuzz.py"
FORMS = "tests/test_fuzz_forms.py"
IMPORTS = "spreadsheets/tests/test_fuzz_imports.py"
AT_LEAST = 10_000


def _pytest(test: str, *, scale: float, report: Path, until: float) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "JEMBATAN_ENV": "test",
        "JEMBATAN_FUZZ_SCALE": str(scale),
        "JEMBATAN_FUZZ_REPORT": str(report),
        "JEMBATAN_FUZZ_UNTIL": str(until),
    }
    command = [sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:logging", "-q", test]
    print("==>", " ".join(command[2:]), f"(JEMBATAN_FUZZ_SCALE={scale})", flush=True)
    return subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 -- our own test files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # The suite runs about 400 API calls, 500 form posts and 36 imports at scale 1.
    parser.add_argument("--api-scale", type=float, default=36.0)
    parser.add_argument("--form-scale", type=float, default=22.0)
    parser.add_argument("--import-scale", type=float, default=10.0)
    # A budget for a busy machine: the runs stop between operations, forms and import kinds once it
    # is spent (the imports get the last tenth), and the line reports what was done.
    parser.add_argument("--minutes", type=float, default=0, help="wall-clock budget (0: none)")
    arguments = parser.parse_args()
    start = time.monotonic()
    budget = arguments.minutes * 60 or float("inf")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "tally"
        side_by_side = [
            _pytest(API, scale=arguments.api_scale, report=report, until=time.time() + budget * 0.9),
            _pytest(FORMS, scale=arguments.form_scale, report=report, until=time.time() + budget * 0.9),
        ]
        codes = [process.wait() for process in side_by_side]
        left = budget - (time.monotonic() - start)
        codes.append(_pytest(IMPORTS, scale=arguments.import_scale, report=report, until=time.time() + left).wait())
        totals: dict[str, int] = {}
        for tally in Path(folder).glob("tally.*"):
            for key, value in json.loads(tally.read_text(encoding="utf-8"))["counts"].items():
                totals[key] = totals.get(key, 0) + value
    seconds = time.monotonic() - start
    names = ["api_calls", "api_5xx", "schema_violations", "form_posts", "form_5xx", "imports", "import_5xx"]
    figures = " ".join(f"{name}={totals.get(name, 0)}" for name in names)
    print(
        f"BENCH fuzz {figures} half_written={totals.get('half_written', 0)} "
        f"unclear_errors={totals.get('unclear_errors', 0)} form_targets={totals.get('form_targets', 0)} "
        f"imports_confirmed={totals.get('imports_confirmed', 0)} scales={arguments.api_scale:g}/"
        f"{arguments.form_scale:g}/{arguments.import_scale:g} seconds={seconds:.0f}"
    )
    short = totals.get("api_calls", 0) < AT_LEAST or totals.get("form_posts", 0) < AT_LEAST
    return 1 if any(codes) or short else 0


if __name__ == "__main__":
    sys.exit(main())
