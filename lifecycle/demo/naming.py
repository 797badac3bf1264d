"""What the demo's records are called: a title by its scheme's format, the ID-card area of a
union, a document number in the year it was issued (pure)."""

from __future__ import annotations

from datetime import date

from lifecycle.demo.data import UNIONS_BY_KEY
from lifecycle.demo.spec import DesignationSpec, HostUnit, WorkshopSpec
from lifecycle.schemes import get_scheme
from lifecycle.schemes.base import TitleKind
from lifecycle.schemes.yangpu_district import LEADER_HONOURS as YANGPU_MODEL_HONOURS


def title_of(spec: WorkshopSpec, d: DesignationSpec, host: HostUnit) -> str:
    """The designation's official title: given, or built by the scheme's title format."""
    if d.title is not None:
        return d.title
    honours = {h.honour for h in spec.leader.honours}
    kind = d.kind or (
        TitleKind.MODEL_WORKER if honours & YANGPU_MODEL_HONOURS else TitleKind.TECHNICIAN
    )
    title = get_scheme(d.scheme).title_for(
        spec.leader.name, spec.direction, kind, unit_name=host.name
    )
    if title is None:
        raise ValueError(f"{d.scheme} sets no title format: the demo data must give the title")
    return title


def id_area_of(key: str) -> str:
    """The ID-card area code of the nearest union at or above ``key`` that sets one."""
    spec = UNIONS_BY_KEY[key]
    while spec.id_area is None:
        assert spec.parent is not None, f"no ID-card area above {key}"
        spec = UNIONS_BY_KEY[spec.parent]
    return spec.id_area


def document_number(template: str | None, on: date) -> str | None:
    """A document number, ``{year}`` being the year it was issued."""
    return template.format(year=on.year) if template is not None else None
