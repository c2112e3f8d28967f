"""requirements/static-assets.toml, the record of every third-party static
asset: every file Django's finders collect from an installed package is
recorded, each recorded package is installed at the version the record
states, and each version claimed for a vendored library is the one in the file."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

BASE_DIR = Path(__file__).resolve().parent.parent
RECORD = tomllib.loads((BASE_DIR / "requirements" / "static-assets.toml").read_text())
ASSETS: list[dict[str, Any]] = RECORD["asset"]
PINS = {
    match[1].lower(): match[2]
    for match in re.finditer(
        r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", (BASE_DIR / "requirements/dev.txt").read_text(), re.M
    )
}


def collected_from_packages() -> dict[str, Path]:
    """Every static path the finders collect that is not the project's own static/."""
    own = {Path(folder).resolve() for folder in settings.STATICFILES_DIRS}
    found: dict[str, Path] = {}
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            location = Path(storage.location).resolve()
            if location not in own:
                found[path] = location / path
    return found


def matches(path: str, glob: str) -> bool:
    """``glob`` with ``*`` inside one folder (a new vendored folder is never matched by its parent's glob)."""
    pattern = re.escape(glob).replace(r"\*", "[^/]*")
    return re.fullmatch(pattern, path) is not None


def recorded(path: str) -> list[str]:
    return [asset["name"] for asset in ASSETS if any(matches(path, glob) for glob in asset["files"])]


def test_it_records_every_static_file_a_package_brings() -> None:
    collected = collected_from_packages()
    assert len(collected) > 100, "the finders found the packages' static files"
    unrecorded = sorted(path for path in collected if not recorded(path))
    assert not unrecorded, f"record these in requirements/static-assets.toml: {unrecorded}"


def test_it_matches_a_glob_inside_one_folder_only() -> None:
    assert matches("admin/js/core.js", "admin/js/*")
    assert not matches("admin/js/vendor/new/lib.js", "admin/js/*")
    assert not matches("admin/jsx", "admin/js")


def test_it_keeps_no_entry_that_matches_nothing() -> None:
    collected = collected_from_packages()
    empty = [
        (asset["name"], glob)
        for asset in ASSETS
        for glob in asset["files"]
        if not any(matches(path, glob) for path in collected)
    ]
    assert not empty


@pytest.mark.parametrize("entry", ASSETS + RECORD["test_only"], ids=lambda entry: entry["name"])
def test_it_states_the_version_that_is_pinned_and_installed(entry: dict[str, Any]) -> None:
    for key in ("name", "version", "licence", "upstream", "used_by"):
        assert entry.get(key), f"{entry['name']}: say its {key}"
    assert importlib.metadata.version(entry["package"]) == entry["package_version"]
    assert PINS[entry["package"].lower()] == entry["package_version"]


def _file_of(entry: dict[str, Any], relative: str) -> Path:
    if entry in ASSETS:
        return collected_from_packages()[relative]
    package, _sep, inside = relative.partition("/")
    spec = importlib.util.find_spec(package)
    assert spec is not None
    assert spec.origin is not None
    return Path(spec.origin).parent / inside


@pytest.mark.parametrize(
    "entry", [entry for entry in ASSETS + RECORD["test_only"] if "check" in entry], ids=lambda entry: entry["name"]
)
def test_it_finds_the_recorded_version_in_the_file(entry: dict[str, Any]) -> None:
    check = entry["check"]
    assert check["contains"] in _file_of(entry, check["file"]).read_text(errors="replace")


def test_it_installs_the_system_assets_where_they_are_used() -> None:
    services = (BASE_DIR / "scripts" / "services.sh").read_text()
    for entry in RECORD["system"]:
        assert entry["debian_package"] in services
