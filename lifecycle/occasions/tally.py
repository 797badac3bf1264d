"""The dashboard's figures kept beside the occasion index: entries counted per union subtree.

An index entry counts once for every union on its unit's path (the city, the district, …, the
unit), under its kind, due date and ``Timeline`` days; ``mine`` counts it again for the union that
acts on it. A full build counts every entry (``counted``); a rewrite of some designations adds the
difference between their old and new entries (``difference``). Nothing here decides a status: the
days come from the rule (``model.timeline``) through the entries, and a read compares them with
``as_of``. ``tests/integration/test_occasion_tally.py`` recounts the tally from the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

# (union, kind, due_on, overdue_from, shows_from, shows_until): the tally's primary key.
KEY_COLUMNS = ("union_id", "kind", "due_on", "overdue_from", "shows_from", "shows_until")
Key = tuple[int, str, date, date, date, date]
Counts = dict[Key, list[int]]  # key → [entries, mine]


@lru_cache(maxsize=16384)
def path_ids(path: str) -> tuple[int, ...]:
    """The unions on a path, root first ("/1/4/9/" → (1, 4, 9))."""
    return tuple(int(part) for part in path.split("/") if part)


def add(counts: Counts, entries: Iterable[Mapping[Any, Any]], sign: int = 1) -> None:
    """Count ``entries`` (index rows) into ``counts``, or out of them with ``sign`` = -1."""
    for e in entries:
        kind, acting = e["kind"], e["union_id"]
        days = (e["due_on"], e["overdue_from"], e["shows_from"], e["shows_until"])
        for node in path_ids(e["scope_path"]):
            found = counts.setdefault((node, kind, *days), [0, 0])
            found[0] += sign
            if node == acting:
                found[1] += sign


def counted(entries: Iterable[Mapping[str, Any]], counts: Counts) -> Iterator[Mapping[str, Any]]:
    """Pass ``entries`` through, counting each into ``counts`` (a full build writes and counts in
    one pass)."""
    for e in entries:
        add(counts, (e,))
        yield e


def rows(counts: Counts) -> Iterator[dict[str, Any]]:
    """The tally rows of ``counts`` (keys whose counts did not change are left out)."""
    for key in sorted(counts):  # one order for every writer: concurrent upserts do not deadlock
        entries, mine = counts[key]
        if entries or mine:
            yield dict(
                zip(KEY_COLUMNS, key, strict=True),
                due_month=key[2].replace(day=1),
                entries=entries,
                mine=mine,
            )
