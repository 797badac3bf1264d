"""A second district's rule pack, for tests only: 浦东's titles kept as Yangpu's are.

A pack names the union of its region at its level, and one union per level carries a region
(``uq_unions_level_region``), so only 杨浦区总工会 holds Yangpu titles. A test about a second
district's titles with their oversight (cycle inspections, 整改通知, filings, calls) gives that
district a pack of its own, as a new district would get one (CONTRIBUTING: a new scheme is a new
module plus one ``register`` call): Yangpu's rules under another code, named by 浦东新区总工会
(region "pudong"), registered for one test by the ``pudong_pack`` fixture (``tests/conftest.py``).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from lifecycle.intake import packs as intake_packs
from lifecycle.intake.packs.yangpu import PACK as YANGPU_INTAKE
from lifecycle.schemes import registry
from lifecycle.schemes.authority import Namer
from lifecycle.schemes.yangpu_district import SETTINGS as YANGPU_SETTINGS
from lifecycle.schemes.yangpu_district import YangpuDistrict

CODE = "test-pudong-district"
SETTINGS = replace(
    YANGPU_SETTINGS,
    code=CODE,
    name="浦东新区创新工作室（测试方案）",
    namer=Namer("pudong", "浦东新区总工会"),
    number_prefix="浦东",
)
INTAKE = replace(YANGPU_INTAKE, scheme_code=CODE)


class PudongDistrict(YangpuDistrict):
    """Yangpu's rules, named by the union of region "pudong" (tests only)."""

    SETTINGS = SETTINGS


def register_for(monkeypatch: pytest.MonkeyPatch) -> str:
    """Register the pack and its intake for the calling test only; its scheme code."""
    monkeypatch.setattr(registry, "_SCHEMES", dict(registry._SCHEMES))
    registry.register(PudongDistrict())
    monkeypatch.setitem(intake_packs.PACKS, CODE, INTAKE)
    return CODE
