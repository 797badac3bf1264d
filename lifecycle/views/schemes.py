"""Read model of the schemes list (API and CLI): each pack's settings, the union that names its
titles [Y7][S7][C 二（五）][L 一] and the measures its 附件3 allows [S9][C 三（六）]."""

from __future__ import annotations

from dataclasses import dataclass

from lifecycle.changes.checks import allowed_measures
from lifecycle.changes.model import CHANGE_MEASURE_LABELS, ChangeMeasure
from lifecycle.designations.authority import namer_union
from lifecycle.errors import NotFound
from lifecycle.schemes import SchemeSettings, all_schemes
from lifecycle.schemes.facts import SchemeLevel
from lifecycle.uow import UnitOfWork


@dataclass(frozen=True)
class NamingUnion:
    """The union that names a scheme's titles: the union tree's (``id`` None where the tree has
    no union of the pack's region at the scheme's level, then the pack's own wording)."""

    id: int | None
    name: str
    region: str
    level: SchemeLevel


@dataclass(frozen=True)
class SchemeRow:
    """One scheme as listed: its settings, its naming union, its 附件3 measures with labels."""

    settings: SchemeSettings
    naming_union: NamingUnion
    change_measures: tuple[tuple[ChangeMeasure, str], ...]


def scheme_row(uow: UnitOfWork, settings: SchemeSettings) -> SchemeRow:
    """One scheme with its naming union resolved in the union tree."""
    union = namer_union(uow, settings.code)
    naming = NamingUnion(
        id=union.id if union is not None else None,
        name=union.name if union is not None else settings.namer.name,
        region=settings.namer.region,
        level=settings.level,
    )
    measures = tuple((m, CHANGE_MEASURE_LABELS[m]) for m in allowed_measures(settings))
    return SchemeRow(settings=settings, naming_union=naming, change_measures=measures)


def scheme_rows(uow: UnitOfWork) -> list[SchemeRow]:
    """Every registered scheme, in registration order."""
    return [scheme_row(uow, s.settings) for s in all_schemes()]


def scheme_by_code(uow: UnitOfWork, code: str) -> SchemeRow:
    """One scheme by its code, or NotFound."""
    for s in all_schemes():
        if s.settings.code == code:
            return scheme_row(uow, s.settings)
    raise NotFound("没有这个命名方案", field="code")
