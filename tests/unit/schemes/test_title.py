"""Official workshop titles built from each scheme's title format ([Y8], [S2], [L])."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.errors import ValidationFailed
from lifecycle.schemes import HonourFact, LeaderFacts, TitleKind, get_scheme
from lifecycle.schemes.yangpu_district import default_title_kind
from lifecycle.vocab import EmploymentStatus, Gender, Honour, SkillLevel


def test_yangpu_title_from_leader_direction_kind() -> None:
    title = get_scheme("yangpu-district").title_for("张三", "数控加工", TitleKind.TECHNICIAN)
    assert title == "张三数控加工技师创新工作室"


def test_yangpu_model_worker_title() -> None:
    title = get_scheme("yangpu-district").title_for("李四", "智能电网", TitleKind.MODEL_WORKER)
    assert title == "李四智能电网劳模创新工作室"


@pytest.mark.parametrize(
    ("direction", "kind", "field"),
    [
        (None, TitleKind.TECHNICIAN, "direction"),
        ("  ", TitleKind.TECHNICIAN, "direction"),
        ("数控加工", None, "kind"),
    ],
)
def test_yangpu_title_needs_every_element(
    direction: str | None, kind: TitleKind | None, field: str
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        get_scheme("yangpu-district").title_for("张三", direction, kind)
    assert exc.value.field == field
    assert exc.value.code == "title_part_missing"


def test_yangpu_default_title_kind() -> None:
    base = LeaderFacts(
        birth_date=date(1980, 1, 1),
        gender=Gender.FEMALE,
        employment_status=EmploymentStatus.EMPLOYED,
        skill_level=SkillLevel.SENIOR_TECHNICIAN,
        honours=(),
        union_district_code="yangpu",
        is_union_member=True,
    )
    assert default_title_kind(base, date(2025, 1, 1)) is TitleKind.TECHNICIAN
    honoured = LeaderFacts(
        birth_date=base.birth_date,
        gender=base.gender,
        employment_status=base.employment_status,
        skill_level=base.skill_level,
        honours=(HonourFact(Honour.SHANGHAI_MODEL_WORKER, 2020),),
        union_district_code="yangpu",
        is_union_member=True,
    )
    assert default_title_kind(honoured, date(2025, 1, 1)) is TitleKind.MODEL_WORKER


def test_leshan_title_from_unit_and_leader() -> None:
    title = get_scheme("leshan-city").title_for("张三", unit_name="乐山某某公司")
    assert title == "乐山某某公司张三劳模和工匠人才创新工作室"


def test_leshan_title_needs_unit() -> None:
    with pytest.raises(ValidationFailed) as exc:
        get_scheme("leshan-city").title_for("张三")
    assert exc.value.field == "unit_name"


def test_shanghai_model_worker_title_is_named_after_the_model_worker() -> None:
    assert get_scheme("shanghai-model-worker").title_for("李斌") == "李斌劳模创新工作室"


def test_craftsman_has_no_title_format() -> None:
    assert get_scheme("shanghai-craftsman").title_for("王五", "焊接") is None


def test_leader_name_is_required() -> None:
    with pytest.raises(ValidationFailed) as exc:
        get_scheme("leshan-city").title_for("", unit_name="乐山某某公司")
    assert exc.value.field == "leader_name"
