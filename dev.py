#!/usr/bin/env python3
"""Set everything up and run it, with nothing but Python >= 3.11 on the machine.

    python3 dev.py run    # install, migrate, load the demo, serve on http://127.0.0.1:8000
    python3 dev.py test   # install, then lint, type-check and run every test
    python3 dev.py test tests/unit -x   # the same, with your own pytest arguments

Both create `.venv/` beside this file on first use and reinstall when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def _run(*args: str | Path) -> None:
    print("$", " ".join(str(a) for a in args), flush=True)
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, check=False)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_environment() -> None:
    """Create the virtual environment and install the project when needed."""
    if sys.version_info < (3, 11):
        sys.exit("需要 Python 3.11 或更高版本 (Python >= 3.11 is required)")
    python = BIN / "python"
    if not python.exists():
        print("创建虚拟环境 .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / ".installed-from"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != digest:
        print("[1/2] 升级 pip …", flush=True)
        _run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        # Not quiet: the first install takes minutes, and pip's lines show it is progressing.
        print("[2/2] 安装依赖（首次运行约需几分钟，下面逐项显示进度）…", flush=True)
        _run(python, "-m", "pip", "install", "--progress-bar", "on", "-e", f"{ROOT}[dev]")
        stamp.write_text(digest)
        print("依赖安装完成。", flush=True)


def run_service(extra: list[str]) -> None:
    """Migrate, load the demo data and serve (SQLite unless DATABASE_URL says otherwise)."""
    ensure_environment()
    os.execv(str(BIN / "workshops"), [str(BIN / "workshops"), "up", *extra])


def _workers() -> int:
    """How many pytest worker processes: WORKSHOPS_TEST_WORKERS, else one a core (at most 4)."""
    chosen = os.environ.get("WORKSHOPS_TEST_WORKERS", "")
    return int(chosen) if chosen.isdigit() else min(4, os.cpu_count() or 1)


def _pytest_args(extra: list[str]) -> list[str]:
    """The user's pytest arguments, spread over worker processes (pytest-xdist) unless they
    chose a number of workers themselves, turned xdist off or asked for a debugger."""
    chosen = any(a.startswith(("-n", "--numprocesses", "--dist")) for a in extra)
    xdist_off = any(a in ("no:xdist", "-pno:xdist") for a in extra)
    debugging = any(a in ("--pdb", "--trace") for a in extra)
    workers = _workers()
    if chosen or xdist_off or debugging or workers < 2:
        return extra
    # worksteal: an idle worker takes queued tests from a busy one, so the few long tests
    # (schemathesis, browser) do not leave one worker running alone at the end.
    return ["-n", str(workers), "--dist", "worksteal", *extra]


def run_tests(extra: list[str]) -> None:
    """Lint, type-check and run the whole test suite."""
    ensure_environment()
    _run(BIN / "ruff", "check", ".")
    _run(BIN / "ruff", "format", "--check", ".")
    _run(BIN / "mypy")
    _run(BIN / "python", "-m", "pytest", *_pytest_args(extra))


def main() -> None:
    commands = {"run": run_service, "test": run_tests}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
