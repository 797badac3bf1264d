"""A module that builds an ORM alias when imported can be imported on its own (a command, a job)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# aliased() configures every mapper: a class named in a relationship by string must be mapped.
ALIAS_AT_IMPORT = re.compile(r"^\w+ = aliased\(", re.MULTILINE)


def _aliasing_modules() -> list[str]:
    found = []
    for path in sorted((ROOT / "lifecycle").rglob("*.py")):
        if ALIAS_AT_IMPORT.search(path.read_text(encoding="utf-8")):
            found.append(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return found


def test_each_module_aliasing_at_import_and_its_importers_import_alone() -> None:
    modules = _aliasing_modules()
    assert "lifecycle.craftsman_title.repository" in modules
    # calendar_month failed so: it imports the 上海工匠 repository before any other model.
    for module in [*modules, "lifecycle.views.calendar_month"]:
        command = [sys.executable, "-c", f"import {module}"]
        done = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, f"{module}: {done.stderr[-600:]}"
