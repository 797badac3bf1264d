"""The ICS feed says an inspection's result once it is recorded, as the 日历 page does."""

from __future__ import annotations

from datetime import date

from lifecycle.feeds.ics import result_note
from lifecycle.inspections.model import Inspection, InspectionKind, InspectionResult


def _inspection(result: InspectionResult | None) -> Inspection:
    return Inspection(
        designation_id=1,
        kind=InspectionKind.CYCLE_END,
        scheduled_on=date(2026, 12, 31),
        place="工作室现场",
        inspectors="王干事",
        scheduled_by="王干事",
        result=result,
    )


def test_a_scheduled_inspection_has_no_result_and_a_recorded_one_says_it() -> None:
    assert result_note(_inspection(None)) == ""
    assert result_note(_inspection(InspectionResult.PASS)) == "（合格）"
    assert result_note(_inspection(InspectionResult.FAIL)) == "（不合格）"
