"""[S7] the source of a city title: the workshop's own district title, named and running a year."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.designations.recommendation import NewCityTitle, SourceTitle, source_problems
from lifecycle.vocab import DesignationStatus as S

NAMED_ON = date(2026, 3, 1)


def _title(*, recorded: bool = False, level: str = "city", on: date | None = NAMED_ON):
    return NewCityTitle(7, level, on, recorded=recorded, running_years=1)


def _source(
    *, workshop: int = 7, level: str = "district", status: S = S.NAMED, on=date(2025, 3, 1)
):  # type: ignore[no-untyped-def]
    return SourceTitle(workshop, level, status, on)


def test_the_workshops_own_district_title_named_a_year_before_is_the_source() -> None:
    assert source_problems(_title(), _source()) == []


@pytest.mark.parametrize(
    ("source", "wanted"),
    [
        (_source(workshop=8), "本工作室自己的区局级命名"),
        (_source(level="city"), "区局（产业）工会命名的工作室"),
        (_source(status=S.REJECTED, on=None), "现为“未通过”"),
        (_source(status=S.RECTIFYING), "现为“整改中”"),
        (_source(on=date(2025, 3, 2)), "至2026年3月1日未满1年"),
        (_source(on=date(2026, 4, 1)), "不能晚于本次命名日期"),
    ],
)
def test_a_source_the_rule_refuses_at_a_naming_names_why(source: SourceTitle, wanted: str) -> None:
    (message,) = source_problems(_title(), source)
    assert wanted in message
    assert message.endswith("（《上海市“劳模创新工作室”管理办法（修订）》第七条）")


def test_a_recorded_title_keeps_a_young_or_since_ended_source_but_not_a_later_one() -> None:
    recorded = _title(recorded=True)
    assert source_problems(recorded, _source(on=date(2025, 12, 1))) == []
    assert source_problems(recorded, _source(status=S.REVOKED)) == []
    assert source_problems(recorded, _source(status=S.RECTIFYING)) == []
    assert len(source_problems(recorded, _source(on=date(2026, 4, 1)))) == 1
    assert len(source_problems(recorded, _source(status=S.APPLIED, on=None))) == 1


def test_a_district_title_has_no_source_and_an_application_is_not_timed() -> None:
    assert "区局级命名不填写推荐来源" in source_problems(_title(level="district"), _source())[0]
    assert source_problems(_title(on=None), _source(on=date(2026, 10, 1))) == []
