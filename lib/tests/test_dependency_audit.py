"""lib/dependency_audit.py (make audit-deps): the allow-list, the pins, the
verdict on pip-audit's report, and above all that an audit which checked
nothing says so and is never taken for a pass."""

from __future__ import annotations

import datetime
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from lib import dependency_audit as audit
from lib.dependency_audit import Allowed, AllowlistError, judge, pins_of, read_allowlist

BASE_DIR = Path(__file__).resolve().parents[2]
REQUIREMENTS = [BASE_DIR / "requirements" / name for name in ("base.txt", "dev.txt")]
DJANGO = Allowed(advisory="GHSA-aaaa-bbbb-cccc", package="django", added=datetime.date(2026, 12, 1), reason="unused")


def _report(*dependencies: dict[str, Any]) -> dict[str, Any]:
    return {"dependencies": list(dependencies), "fixes": []}


def _vulnerable(name: str, advisory: str, *aliases: str) -> dict[str, Any]:
    vuln = {"id": advisory, "aliases": list(aliases), "fix_versions": ["9.9"], "description": ""}
    return {"name": name, "version": "1.0", "vulns": [vuln]}


def _clean(name: str) -> dict[str, Any]:
    return {"name": name, "version": "1.0", "vulns": []}


def _unanswered(name: str) -> dict[str, Any]:
    return {"name": name, "skip_reason": f"Dependency not found on PyPI and could not be audited: {name} (1.0)"}


def test_it_reads_the_committed_allow_list() -> None:
    entries = read_allowlist((BASE_DIR / "requirements" / "audit-allowlist.txt").read_text())
    assert all(entry.reason and entry.added for entry in entries)


def test_it_reads_an_entry_and_normalizes_its_package() -> None:
    text = "# a comment\n\nGHSA-aaaa-bbbb-cccc | Django_Stubs | 2026-12-01 | only mypy imports it # really\n"
    [entry] = read_allowlist(text)
    assert entry == Allowed("GHSA-aaaa-bbbb-cccc", "django-stubs", datetime.date(2026, 12, 1), entry.reason)
    assert entry.reason == "only mypy imports it # really"


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("GHSA-x | django | 2026-12-01", "advisory | package"),
        ("GHSA-x | django | 2026-12-01 |  ", "advisory | package"),
        ("GHSA-x | django | 1/12/2026 | why", "not YYYY-MM-DD"),
        ("GHSA-x | django | 2026-02-30 | why", "not a day"),
        ("GHSA-x | django | 2026-12-01 | why\nGHSA-x | Django | 2026-12-02 | again", "twice"),
    ],
)
def test_it_refuses_a_malformed_allow_list_naming_the_line(line: str, says: str) -> None:
    with pytest.raises(AllowlistError, match=says) as error:
        read_allowlist("# header\n" + line)
    assert "line " in str(error.value)


def test_it_reads_the_pins_of_a_hashed_file() -> None:
    text = "django==5.2.19 \\\n    --hash=sha256:00\n    # via -r base.in\npsycopg[binary]==3.2.9 \\\n-c base.txt\n"
    assert pins_of(text) == [("django", "5.2.19"), ("psycopg", "3.2.9")]


@pytest.mark.parametrize("path", REQUIREMENTS, ids=lambda path: path.name)
def test_it_pins_every_requirement_with_its_hashes(path: Path) -> None:
    blocks = [block for block in path.read_text().split("\n") if block and not block.startswith((" ", "#"))]
    assert blocks, "the file pins something"
    for line in blocks:
        assert "==" in line, f"{path.name}: {line!r} is not pinned"
        assert line.endswith("\\"), f"{path.name}: {line!r} has no hash"
    assert path.read_text().count("--hash=sha256:") >= len(blocks)


def test_it_passes_when_every_pin_was_audited_and_nothing_found() -> None:
    verdict = judge(_report(_clean("django"), _clean("celery")), [])
    assert verdict.result == "passed"
    assert verdict.summary == "AUDIT result=passed pins=2 audited=2 not_audited=0 vulnerable=0 allowed=0"


def test_it_fails_on_an_advisory_not_on_the_allow_list() -> None:
    verdict = judge(_report(_clean("celery"), _vulnerable("django", "GHSA-zzzz-zzzz-zzzz")), [DJANGO])
    assert verdict.result == "failed"
    assert [finding.advisory for finding in verdict.findings] == ["GHSA-zzzz-zzzz-zzzz"]
    assert verdict.stale == [DJANGO]
    lines = audit.report_lines(verdict, "pypi")
    assert "VULNERABLE django==1.0: GHSA-zzzz-zzzz-zzzz (fixed in 9.9)" in lines
    assert audit.exit_code(verdict, required=False) == 1


def test_it_allows_an_advisory_by_its_id_or_alias_for_its_package_only() -> None:
    by_alias = judge(_report(_vulnerable("Django", "PYSEC-2026-1", "GHSA-aaaa-bbbb-cccc")), [DJANGO])
    assert by_alias.result == "passed"
    assert len(by_alias.allowed) == 1
    other_package = judge(_report(_vulnerable("celery", "GHSA-aaaa-bbbb-cccc")), [DJANGO])
    assert other_package.result == "failed"


def test_it_skips_loudly_when_the_source_answered_for_no_pin() -> None:
    # What pip-audit reports against a mirror without advisories, while printing "No known vulnerabilities found".
    verdict = judge(_report(_unanswered("django"), _unanswered("celery")), [DJANGO])
    assert verdict.result == "skipped"
    assert verdict.stale == [], "nothing was checked, so no entry can be called stale"
    lines = audit.report_lines(verdict, "pypi")
    assert lines[0] == "AUDIT SKIPPED: the dependencies were NOT checked against the pypi advisories."
    assert audit.exit_code(verdict, required=False) == 0
    assert audit.exit_code(verdict, required=True) == 2


def test_it_names_the_pins_it_could_not_audit() -> None:
    verdict = judge(_report(_clean("django"), _unanswered("private-thing")), [])
    assert verdict.result == "partial"
    assert "NOT AUDITED (1 pins):" in audit.report_lines(verdict, "pypi")
    assert audit.exit_code(verdict, required=True) == 2


class _Registry(BaseHTTPRequestHandler):
    answers: dict[str, tuple[int, bytes]] = {}

    def do_GET(self) -> None:
        status, body = self.answers.get(self.path, (404, b"{}"))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Registry]]:
    server = HTTPServer(("127.0.0.1", 0), _Registry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(audit, "PYPI_JSON", f"http://127.0.0.1:{server.server_port}/pypi/{{name}}/{{version}}/json")
    _Registry.answers = {}
    yield _Registry
    server.shutdown()


def test_it_probes_the_advisory_source_before_auditing(registry: type[_Registry]) -> None:
    registry.answers["/pypi/django/5.2.19/json"] = (200, json.dumps({"info": {}, "vulnerabilities": []}).encode())
    registry.answers["/pypi/celery/5.7.0/json"] = (200, json.dumps({"info": {}}).encode())
    assert audit.probe("pypi", "django", "5.2.19") is None
    assert "answered without advisories" in str(audit.probe("pypi", "celery", "5.7.0"))
    assert "HTTP 404" in str(audit.probe("pypi", "numpy", "2.0"))


def test_it_says_so_when_the_source_cannot_be_reached(monkeypatch: pytest.MonkeyPatch) -> None:
    # Port 9 (discard) on the loopback: nothing listens there.
    monkeypatch.setattr(audit, "PYPI_JSON", "http://127.0.0.1:9/pypi/{name}/{version}/json")
    assert "could not be reached" in str(audit.probe("pypi", "django", "5.2.19"))


def _never_runs(*args: object) -> tuple[None, str]:
    raise AssertionError("pip-audit must not run when the probe failed")


def test_it_skips_without_running_pip_audit_when_the_probe_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pinned = tmp_path / "base.txt"
    pinned.write_text("django==5.2.19 \\\n    --hash=sha256:00\n")
    monkeypatch.setattr(audit, "probe", lambda *args: "https://pypi.org/... answered HTTP 404")
    monkeypatch.setattr(audit, "run_pip_audit", _never_runs)
    verdict = audit.audit([pinned], service="pypi", allowlist=[])
    assert (verdict.result, verdict.pins) == ("skipped", 1)


@pytest.mark.parametrize(
    ("errors", "result"),
    [("requests.exceptions.ConnectionError: Max retries exceeded", "skipped"), ("Traceback: KeyError", "failed")],
)
def test_it_tells_a_lost_connection_from_a_broken_audit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: str, result: str
) -> None:
    pinned = tmp_path / "base.txt"
    pinned.write_text("django==5.2.19 \\\n    --hash=sha256:00\n")
    monkeypatch.setattr(audit, "probe", lambda *args: None)
    monkeypatch.setattr(audit, "run_pip_audit", lambda *args: (None, errors))
    assert audit.audit([pinned], service="pypi", allowlist=[]).result == result


def test_it_writes_the_skip_for_make_tests_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pinned = tmp_path / "base.txt"
    pinned.write_text("django==5.2.19 \\\n    --hash=sha256:00\n")
    note = tmp_path / "note"
    monkeypatch.setenv("JEMBATAN_STEP_NOTE", str(note))
    monkeypatch.delenv("JEMBATAN_REQUIRE_AUDIT", raising=False)
    monkeypatch.setattr(audit, "probe", lambda *args: "offline")
    assert audit.main([str(pinned)]) == 0
    assert note.read_text() == "skipped"
    assert capsys.readouterr().out.splitlines()[-1].startswith("AUDIT result=skipped pins=1")
    monkeypatch.setenv("JEMBATAN_REQUIRE_AUDIT", "1")
    assert audit.main([str(pinned)]) == 2
