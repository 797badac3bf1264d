"""Without PostgreSQL its test variants skip with a reason; under CI they fail instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOWHERE = "postgresql://postgres@127.0.0.1:9/test"  # the discard port: nothing listens there
# One test on both backends: its SQLite variant runs, its PostgreSQL variant needs the server.
BOTH_BACKENDS = "tests/integration/test_migrations.py::test_models_match_migrations"


def _pytest(extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WORKSHOPS_REQUIRE_POSTGRES"}
    env |= {"WORKSHOPS_TEST_POSTGRES_URL": NOWHERE, **extra_env}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         BOTH_BACKENDS],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_postgres_tests_skip_with_a_reason_when_no_server_answers():
    result = _pytest({})
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "PostgreSQL not reachable at postgresql+psycopg://postgres@127.0.0.1:9/test"
        in result.stdout
    )
    assert " passed" in result.stdout
    assert " skipped" in result.stdout


def test_postgres_tests_fail_when_required():
    result = _pytest({"WORKSHOPS_REQUIRE_POSTGRES": "1"})
    assert result.returncode != 0
    assert "WORKSHOPS_REQUIRE_POSTGRES=1" in result.stdout
