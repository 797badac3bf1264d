"""The scheme registry and the settings (data) of the four packs."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from lifecycle.errors import ValidationFailed
from lifecycle.schemes import (
    BaseScheme,
    LeaderExitPolicy,
    OversightKind,
    Scheme,
    SchemeLevel,
    all_schemes,
    get_scheme,
    register,
    registry,
)
from lifecycle.schemes.yangpu_district import SETTINGS as YANGPU_SETTINGS
from lifecycle.unions.model import ONE_PER_REGION, REGION_LEVELS
from lifecycle.vocab import UnionLevel

CODES = {"yangpu-district", "shanghai-model-worker", "shanghai-craftsman", "leshan-city"}


def test_unknown_scheme_is_a_validation_failure_on_field_scheme() -> None:
    with pytest.raises(ValidationFailed) as exc:
        get_scheme("pudong-district")
    err = exc.value
    assert err.field == "scheme"
    assert err.code == "unknown_scheme"
    assert "未知的命名方案" in err.message
    assert "杨浦区劳模（先进）、技师创新工作室（yangpu-district）" in err.message  # named
    assert err.to_dict()["problems"] == [
        {"field": "scheme", "code": "unknown_scheme", "message": err.message}
    ]


def test_all_four_schemes_registered() -> None:
    assert {s.settings.code for s in all_schemes()} == CODES
    for code in CODES:
        scheme = get_scheme(code)
        assert isinstance(scheme, Scheme)
        assert scheme.settings.code == code


def test_yangpu_settings() -> None:
    s = get_scheme("yangpu-district").settings
    assert s.level is SchemeLevel.DISTRICT
    assert s.cycle_years == 3
    assert s.one_off_grant_fen == 1_000_000
    assert s.matching_ratio is None
    assert s.oversight is OversightKind.CYCLE_INSPECTION
    assert s.yearly_filing_due == (12, 31)
    assert s.excellence_support is True
    assert s.rectification_deadline_days == 30
    assert s.rectification_counts_working_days is True
    assert s.leader_exit_policy is LeaderExitPolicy.CONTINUE_WITH_CONSENT
    assert s.uses_change_request_form is False
    assert [c for c, _ in s.inspection_criteria] == [
        "leader",
        "team",
        "projects",
        "achievements",
        "venue",
    ]


@pytest.mark.parametrize("code", ["shanghai-model-worker", "shanghai-craftsman"])
def test_shanghai_settings(code: str) -> None:
    s = get_scheme(code).settings
    assert s.level is SchemeLevel.CITY
    assert s.one_off_grant_fen == 2_000_000
    assert s.matching_ratio == Decimal(1)
    assert s.cycle_years is None
    assert s.yearly_filing_due is None
    assert s.uses_change_request_form is True
    assert len(s.inspection_criteria) == 5


def test_shanghai_oversight_and_exit_policies() -> None:
    mw = get_scheme("shanghai-model-worker").settings
    cr = get_scheme("shanghai-craftsman").settings
    assert mw.oversight is OversightKind.ANNUAL_ASSESSMENT
    assert mw.leader_exit_policy is LeaderExitPolicy.REVOKE
    assert cr.oversight is OversightKind.DYNAMIC
    assert cr.leader_exit_policy is LeaderExitPolicy.CHANGE_REQUEST


def test_leshan_settings() -> None:
    s = get_scheme("leshan-city").settings
    assert s.level is SchemeLevel.CITY
    assert s.one_off_grant_fen is None
    assert s.oversight is OversightKind.NONE
    assert s.leader_exit_policy is LeaderExitPolicy.NONE
    assert len(s.inspection_criteria) == 6


def test_registering_a_code_twice_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_SCHEMES", dict(registry._SCHEMES))
    with pytest.raises(ValueError, match="already registered"):
        register(get_scheme("yangpu-district"))


def test_a_fifth_scheme_is_one_register_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_SCHEMES", dict(registry._SCHEMES))

    class Fifth(BaseScheme):
        SETTINGS = replace(YANGPU_SETTINGS, code="test-district", name="测试区")

    register(Fifth())
    assert get_scheme("test-district").settings.name == "测试区"
    assert len(all_schemes()) == 5


def test_every_packs_naming_union_sits_at_a_level_carrying_each_region_once() -> None:
    # The pack names the union of its region at its level [Y7][S7][C 二（五）][L 一]: that level
    # must be one where a region is carried once (create_union, uq_unions_level_region).
    levels = {UnionLevel(s.settings.level.value) for s in all_schemes()}
    assert levels <= REGION_LEVELS
    assert {UnionLevel(v) for v in SchemeLevel if v in set(UnionLevel)} == REGION_LEVELS
    assert ONE_PER_REGION.startswith(
        "level IN (" + ", ".join(f"'{v}'" for v in sorted(REGION_LEVELS)) + ")"
    )
