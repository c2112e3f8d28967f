from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def import_files(settings: Settings, tmp_path: Path) -> Path:
    """Uploaded files go to a folder of the test's own, never to var/."""
    settings.IMPORT_FILES_DIR = tmp_path / "imports"
    return settings.IMPORT_FILES_DIR  # type: ignore[no-any-return]
