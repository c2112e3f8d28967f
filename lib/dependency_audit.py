"""Checking the pinned requirements against the registry's advisories
(``make audit-deps``, a step of ``make test``): pip-audit reads the pins of
requirements/*.txt (hashed, so it resolves nothing and installs nothing) and
asks the advisory source about each exact version.

Four outcomes, each printed as a last line ``AUDIT result=…`` with its counts:

- **passed**: every pin was audited; every advisory found is on the allow-list.
- **failed** (exit 1): an advisory not on the allow-list, or pip-audit broke.
- **skipped**: the advisory source could not be reached, or answered for no
  pin at all (a registry mirror that serves packages but not advisories does
  this: pip-audit itself then prints "No known vulnerabilities found"). Nothing
  was checked, and the output says so in capitals; it is not a pass.
- **partial**: some pins were audited and some were not; those are named.

Skipped and partial exit 0 so that an offline machine can still run the other
steps, unless ``JEMBATAN_REQUIRE_AUDIT=1`` (then exit 2); with
``JEMBATAN_STEP_NOTE`` set to a file, the word is written there for
``make test``'s summary, which then shows the step as skipped, not ok.

The allow-list (requirements/audit-allowlist.txt) accepts an advisory with
who reviewed it, when and why; an entry that no longer matches is reported so
that it can be removed.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ALLOWLIST = Path(__file__).resolve().parent.parent / "requirements" / "audit-allowlist.txt"
PYPI_JSON = "https://pypi.org/pypi/{name}/{version}/json"
OSV_QUERY = "https://api.osv.dev/v1/query"
PROBE_TIMEOUT = 15
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# What a network failure looks like in pip-audit's error output.
_UNREACHABLE = ("ConnectionError", "ConnectTimeout", "ReadTimeout", "Max retries", "Name or service not known")


class AllowlistError(Exception):
    """The allow-list is malformed: the message names the line."""


@dataclass(frozen=True)
class Allowed:
    advisory: str
    package: str
    added: datetime.date
    reason: str


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    advisory: str
    aliases: tuple[str, ...]
    fixed_in: tuple[str, ...]

    def allowed_by(self, allowlist: Iterable[Allowed]) -> Allowed | None:
        names = {self.advisory, *self.aliases}
        return next((entry for entry in allowlist if entry.advisory in names and entry.package == self.package), None)


@dataclass
class Verdict:
    result: str
    pins: int = 0
    audited: int = 0
    not_audited: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    allowed: list[tuple[Finding, Allowed]] = field(default_factory=list)
    stale: list[Allowed] = field(default_factory=list)
    reason: str = ""

    @property
    def summary(self) -> str:
        return (
            f"AUDIT result={self.result} pins={self.pins} audited={self.audited} "
            f"not_audited={len(self.not_audited)} vulnerable={len(self.findings)} allowed={len(self.allowed)}"
        )


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_allowlist(text: str) -> list[Allowed]:
    """``advisory | package | YYYY-MM-DD | reason`` per line; ``#`` starts a comment."""
    entries: list[Allowed] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = "" if raw.lstrip().startswith("#") else raw.strip()
        if not line:
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 4 or not all(parts):
            raise AllowlistError(f"line {number}: write 'advisory | package | YYYY-MM-DD | reason'")
        advisory, package, added, reason = parts
        if not _DATE.match(added):
            raise AllowlistError(f"line {number}: the date {added!r} is not YYYY-MM-DD")
        try:
            day = datetime.date.fromisoformat(added)
        except ValueError:
            raise AllowlistError(f"line {number}: the date {added!r} is not a day of the calendar") from None
        if any(entry.advisory == advisory and entry.package == _normal(package) for entry in entries):
            raise AllowlistError(f"line {number}: {advisory} for {package} is listed twice")
        entries.append(Allowed(advisory=advisory, package=_normal(package), added=day, reason=reason))
    return entries


def pins_of(text: str) -> list[tuple[str, str]]:
    """The ``name==version`` pins of a requirements file, in order."""
    return [(_normal(match[1]), match[2]) for match in map(_PIN.match, text.splitlines()) if match]


def judge(report: Mapping[str, Any], allowlist: Sequence[Allowed]) -> Verdict:
    """The verdict on pip-audit's JSON report (``-f json``)."""
    dependencies = report.get("dependencies", [])
    verdict = Verdict(result="passed", pins=len(dependencies))
    for dependency in dependencies:
        if "skip_reason" in dependency:
            verdict.not_audited.append(f"{dependency['name']}: {dependency['skip_reason']}")
            continue
        verdict.audited += 1
        for vulnerability in dependency.get("vulns", []):
            finding = Finding(
                package=_normal(dependency["name"]),
                version=dependency["version"],
                advisory=vulnerability["id"],
                aliases=tuple(vulnerability.get("aliases", [])),
                fixed_in=tuple(vulnerability.get("fix_versions", [])),
            )
            entry = finding.allowed_by(allowlist)
            if entry is None:
                verdict.findings.append(finding)
            else:
                verdict.allowed.append((finding, entry))
    used = {id(entry) for _finding, entry in verdict.allowed}
    verdict.stale = [entry for entry in allowlist if id(entry) not in used] if verdict.audited else []
    if verdict.findings:
        verdict.result = "failed"
    elif verdict.pins and not verdict.audited:
        verdict.result = "skipped"
        verdict.reason = "the advisory source answered for none of the pins"
    elif verdict.not_audited:
        verdict.result = "partial"
    return verdict


def probe(service: str, name: str, version: str) -> str | None:
    """None when the advisory source answers for ``name==version``; else why not."""
    if service == "osv":
        body = json.dumps({"package": {"name": name, "ecosystem": "PyPI"}, "version": version}).encode()
        request = urllib.request.Request(OSV_QUERY, data=body, headers={"Content-Type": "application/json"})
        url = OSV_QUERY
    else:
        url = PYPI_JSON.format(name=name, version=version)
        request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - fixed https URL
    try:
        with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT) as response:  # noqa: S310 - fixed https URLs
            answer = json.load(response)
    except urllib.error.HTTPError as error:
        return f"{url} answered HTTP {error.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        return f"{url} could not be reached ({error})"
    except ValueError:
        return f"{url} did not answer JSON"
    if service != "osv" and "vulnerabilities" not in answer:
        return f"{url} answered without advisories"
    return None


def run_pip_audit(files: Sequence[Path], service: str) -> tuple[dict[str, Any] | None, str]:
    """pip-audit's JSON report over ``files`` (None if it wrote none) and its error output."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.json"
        command = [sys.executable, "-m", "pip_audit", "--disable-pip", "--require-hashes", "--progress-spinner=off"]
        command += ["--vulnerability-service", service, "--format", "json", "--output", str(output)]
        for path in files:
            command += ["--requirement", str(path)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own argv
        report = json.loads(output.read_text()) if output.exists() and output.stat().st_size else None
        return report, done.stderr


def audit(files: Sequence[Path], *, service: str, allowlist: Sequence[Allowed]) -> Verdict:
    pins = [pin for path in files for pin in pins_of(path.read_text())]
    if not pins:
        return Verdict(result="failed", reason="no name==version pins in " + ", ".join(map(str, files)))
    unreachable = probe(service, *pins[0])
    if unreachable is not None:
        return Verdict(result="skipped", pins=len(set(pins)), reason=unreachable)
    report, errors = run_pip_audit(files, service)
    if report is None:
        if any(sign in errors for sign in _UNREACHABLE):
            return Verdict(result="skipped", pins=len(set(pins)), reason="the advisory source stopped answering")
        return Verdict(result="failed", pins=len(set(pins)), reason="pip-audit failed: " + errors.strip()[-2000:])
    return judge(report, allowlist)


def report_lines(verdict: Verdict, service: str) -> list[str]:
    lines: list[str] = []
    if verdict.result == "skipped":
        lines.append(f"AUDIT SKIPPED: the dependencies were NOT checked against the {service} advisories.")
        lines.append(f"  Why: {verdict.reason}.")
        lines.append("  Run `make audit-deps` where the registry answers before relying on these pins.")
    for finding in verdict.findings:
        fixed = ", ".join(finding.fixed_in) or "no fixed version yet"
        lines.append(f"VULNERABLE {finding.package}=={finding.version}: {finding.advisory} (fixed in {fixed})")
    for finding, entry in verdict.allowed:
        lines.append(
            f"allowed {finding.package}=={finding.version}: {finding.advisory}, since {entry.added}: {entry.reason}"
        )
    for entry in verdict.stale:
        lines.append(f"allow-list entry no longer needed: {entry.advisory} ({entry.package}); remove it")
    if verdict.not_audited:
        lines.append(f"NOT AUDITED ({len(verdict.not_audited)} pins):")
        lines.extend(f"  {line}" for line in verdict.not_audited)
    if verdict.result == "failed" and verdict.reason:
        lines.append(f"FAILED: {verdict.reason}")
    lines.append(verdict.summary)
    return lines


def exit_code(verdict: Verdict, *, required: bool) -> int:
    if verdict.result == "failed":
        return 1
    if verdict.result in ("skipped", "partial") and required:
        return 2
    return 0


def main(argv: Sequence[str]) -> int:
    service = os.environ.get("AUDIT_SERVICE", "pypi")
    try:
        allowlist = read_allowlist(ALLOWLIST.read_text())
    except AllowlistError as error:
        print(f"{ALLOWLIST}: {error}", file=sys.stderr)
        return 1
    verdict = audit([Path(arg) for arg in argv], service=service, allowlist=allowlist)
    print("\n".join(report_lines(verdict, service)))
    note = os.environ.get("JEMBATAN_STEP_NOTE")
    if note and verdict.result in ("skipped", "partial"):
        Path(note).write_text(verdict.result)
    return exit_code(verdict, required=os.environ.get("JEMBATAN_REQUIRE_AUDIT") == "1")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
