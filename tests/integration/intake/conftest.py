"""Intake tests keep uploaded attachments under the test's own tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lifecycle.files.storage import FileStorage
from tests.intake_factories import STORAGE


@pytest.fixture(autouse=True)
def intake_storage(tmp_path: Path) -> Iterator[FileStorage]:
    storage = FileStorage(tmp_path / "files")
    STORAGE.append(storage)
    yield storage
    STORAGE.remove(storage)
