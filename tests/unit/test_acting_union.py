"""Pure rule: which union acts on an application's stage, from the levels on the unions' paths."""

from __future__ import annotations

from lifecycle.intake.acting import acting_union_id
from lifecycle.intake.routes import Stage
from lifecycle.unions.model import nearest_at_level, path_ids
from lifecycle.vocab import UnionLevel as L

# 市总 1 ─ 区总 2 ─ 街镇 3 ─ 单位 4;  区总 2 ─ 单位 5 (no sector union above it)
LEVELS = {1: L.CITY, 2: L.DISTRICT, 3: L.SECTOR, 4: L.UNIT, 5: L.UNIT}


def _stage(level: L) -> Stage:
    return Stage(code=level.value, label=level.value, level=level, article="[Y7]")


def test_the_path_names_its_unions_root_first():
    assert path_ids("/1/2/3/4/") == (1, 2, 3, 4)
    assert path_ids("/") == ()


def test_the_nearest_union_at_a_level_is_the_union_itself_or_its_closest_ancestor():
    assert nearest_at_level("/1/2/3/4/", LEVELS, L.UNIT) == 4
    assert nearest_at_level("/1/2/3/4/", LEVELS, L.SECTOR) == 3
    assert nearest_at_level("/1/2/3/4/", LEVELS, L.CITY) == 1
    assert nearest_at_level("/1/2/5/", LEVELS, L.SECTOR) is None


def test_each_stage_falls_to_the_unit_its_sector_or_district_or_the_namer():
    assert acting_union_id(_stage(L.UNIT), "/1/2/3/4/", 2, LEVELS) == 4
    assert acting_union_id(_stage(L.SECTOR), "/1/2/3/4/", 2, LEVELS) == 3
    # No sector union above the unit: the district does the 初审 ([Y7]).
    assert acting_union_id(_stage(L.SECTOR), "/1/2/5/", 2, LEVELS) == 2
    # The namer's own level: the namer, even where the unit has another union at that level.
    assert acting_union_id(_stage(L.DISTRICT), "/1/2/5/", 2, LEVELS) == 2
    assert acting_union_id(_stage(L.CITY), "/1/2/5/", 1, LEVELS) == 1


def test_no_union_at_the_stages_level_leaves_the_step_without_an_actor():
    assert acting_union_id(_stage(L.CITY), "/2/5/", 2, {2: L.DISTRICT, 5: L.UNIT}) is None
