"""The snapshot cache: an answer is reused only under the very version it was computed under."""

from __future__ import annotations

import threading
from typing import Any

from lifecycle.db.snapshot_cache import MISSING, SnapshotCache


class Versioned(SnapshotCache):
    """The cache with the database version given by the test instead of read from a session."""

    def __init__(self) -> None:
        super().__init__(max_entries=2)
        self.version: Any = 1

    def _version(self, session: Any) -> Any:  # type: ignore[override]
        return self.version


def test_an_answer_is_reused_only_while_the_version_stands():
    cache, calls = Versioned(), []

    def compute() -> int:
        calls.append(cache.version)
        return len(calls)

    assert cache.get(None, "a", compute) == 1  # type: ignore[arg-type]
    assert cache.get(None, "a", compute) == 1  # type: ignore[arg-type]
    cache.version = 2
    assert cache.get(None, "a", compute) == 2  # type: ignore[arg-type]
    cache.version = None  # no version (not a read-only unit): never cached
    assert cache.get(None, "a", compute) == 3  # type: ignore[arg-type]
    assert cache.get(None, "a", compute) == 4  # type: ignore[arg-type]
    cache.version, cache.enabled = 2, False
    assert cache.get(None, "a", compute) == 5  # type: ignore[arg-type]
    assert (cache.hits, cache.misses) == (1, 2)


def test_the_oldest_entry_makes_room():
    cache = Versioned()
    for key in ("a", "b", "c"):
        cache.get(None, key, lambda k=key: k)  # type: ignore[arg-type, misc]
    assert cache.get(None, "a", lambda: "again") == "again"  # type: ignore[arg-type]
    assert cache.get(None, "c", lambda: "unused") == "c"  # type: ignore[arg-type]


def test_concurrent_readers_of_one_version_share_one_computation():
    cache, calls = Versioned(), []
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        calls.append(1)
        started.set()
        release.wait(10)
        return "answer"

    answers: list[str] = []
    first = threading.Thread(target=lambda: answers.append(cache.get(None, "k", slow)))  # type: ignore[arg-type]
    first.start()
    started.wait(10)
    others = [
        threading.Thread(target=lambda: answers.append(cache.get(None, "k", slow)))  # type: ignore[arg-type]
        for _ in range(3)
    ]
    for t in others:
        t.start()
    release.set()
    for t in (first, *others):
        t.join(10)
    assert answers == ["answer"] * 4
    assert len(calls) == 1


def test_peek_and_put_hold_an_answer_under_the_version_given():
    cache = SnapshotCache()
    assert cache.peek("k", 1) is MISSING
    cache.put("k", 1, "one")
    assert cache.peek("k", 1) == "one"
    assert cache.peek("k", 2) is MISSING  # the database moved: not served
    cache.put("k", None, "unversioned")  # no version (e.g. a test's connection): never kept
    assert cache.peek("k", None) is MISSING
    assert cache.peek("k", 1) == "one"
    cache.enabled = False
    assert cache.peek("k", 1) is MISSING
    assert (cache.hits, cache.misses) == (2, 1)
