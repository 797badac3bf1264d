"""A write that finds SQLite's file locked by another write says so without blaming 「他人」: the
other write may be the same user's, in another tab, and of another record (the lock is the
file's)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from lifecycle.db.engine import LOCKED, READ_ONLY, make_engine
from lifecycle.errors import ConflictError


def test_a_write_that_finds_the_file_locked_says_another_change_is_being_saved(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'locked.db'}")
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (n INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        # A deferred transaction reads its snapshot; another write commits meanwhile; the stale
        # snapshot cannot become a writer: SQLite answers "database is locked" at once.
        stale = engine.connect().execution_options(**{READ_ONLY: True})
        stale.begin()
        stale.execute(text("SELECT n FROM t")).all()
        with engine.begin() as other:
            other.execute(text("UPDATE t SET n = 2"))
        with pytest.raises(ConflictError) as caught:
            stale.execute(text("UPDATE t SET n = 3"))
        stale.rollback()
        stale.close()
    finally:
        engine.dispose()
    assert caught.value.message == LOCKED == "另一项修改正在保存，您的修改未保存，请稍后重试"
    assert "他人" not in caught.value.message
    assert caught.value.code == "conflict"
