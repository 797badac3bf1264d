"""An open audit finding's line as each reader reads it (reading ux57a): finance staff are asked
to answer it; the unit union's contact, who answers none, is told it waits for them, and that a
wrong entry may be corrected only where the finding is on its spending (not a grant's)."""

from __future__ import annotations

from datetime import date

from lifecycle.funding.occasions import occasion_line
from lifecycle.occasions.model import Occasion, OccasionKind, OccasionStatus
from lifecycle.vocab import Role


def _finding(what: str, kind: OccasionKind = OccasionKind.FUNDING_FINDING) -> Occasion:
    return Occasion(
        kind, 7, date(2026, 10, 9), 3, OccasionStatus.DUE,
        f"审计发现待处理：{what}；请说明、退回或移交处理", "/finance/designations/7#findings",
        "funding_finding:7:1", "某工作室（YP-1）",
    )  # fmt: skip


def test_finance_is_asked_to_answer_and_the_unit_told_it_waits_for_finance() -> None:
    spent = _finding("支出超过已到账经费 860.00 元，经费须专款专用（第十六条）")
    assert occasion_line(spent, Role.FINANCE) == spent.title
    assert occasion_line(spent, Role.DISTRICT_OFFICER) == spent.title
    assert occasion_line(spent, Role.UNIT_CONTACT) == (
        "审计发现待处理：支出超过已到账经费 860.00 元，经费须专款专用（第十六条）；"
        "待财务人员核实处理；如登记有误，可更正该笔支出"
    )


def test_a_finding_on_a_grant_offers_the_unit_no_correction() -> None:
    for what in ("配套资金低于1:1 100.00 元", "拨款给不符合条件的命名 5,000.00 元"):
        line = occasion_line(_finding(what), Role.UNIT_CONTACT)
        assert line == f"审计发现待处理：{what}；待财务人员核实处理"


def test_another_kinds_line_is_its_title_for_every_reader() -> None:
    other = _finding("支出超过已到账经费", OccasionKind.MATCHING_FUNDS)
    assert occasion_line(other, Role.UNIT_CONTACT) == other.title
    assert occasion_line(_finding("缺少票据号"), None).endswith("请说明、退回或移交处理")
