"""The registry at a glance: designations per scheme and status (the placeholder home page)."""

from __future__ import annotations

from dataclasses import dataclass

from lifecycle.schemes import all_schemes
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DESIGNATION_STATUS_LABELS, DesignationStatus


@dataclass(frozen=True)
class SchemeRow:
    code: str
    name: str
    counts: dict[str, int]
    total: int


@dataclass(frozen=True)
class Overview:
    statuses: list[tuple[str, str]]
    rows: list[SchemeRow]
    total: int


def registry_overview(uow: UnitOfWork, scope: Scope) -> Overview:
    """Counts of designations by scheme and status inside `scope`."""
    counts = uow.designations.count_by_scheme_and_status(scope)
    statuses = [(s.value, DESIGNATION_STATUS_LABELS[s]) for s in DesignationStatus]
    rows = []
    for scheme in all_schemes():
        per = {s: counts.get((scheme.settings.code, s), 0) for s, _ in statuses}
        rows.append(SchemeRow(scheme.settings.code, scheme.settings.name, per, sum(per.values())))
    return Overview(statuses, rows, sum(r.total for r in rows))
