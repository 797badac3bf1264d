"""The ceiling of one amount of a title's funds: a grant, an approved or requested support, an
expenditure (reading F-PLAUSIBLE in docs/RULES.md).

No text caps a grant: [Y14] fixes 1万元 and [S10] 贰万元 with the district's matching 「不少于
1:1」, [Y15] leaves the support to the 主席办公会议 and [L 三] the reward to the city. A single
amount of a workshop's funds beyond 一百万元 (fifty times the largest fixed grant) is a slip of
the keyboard (99,999,999 for 9,999.99), not a decision: it is refused, naming the field, before
it reaches a ledger that is corrected only by a recorded change and feeds every audit."""

from __future__ import annotations

from lifecycle.errors import FieldProblem
from lifecycle.money import format_fen

PLAUSIBLE_MAX_FEN = 1_000_000_00  # 1,000,000.00 元


def implausible_amount(amount_fen: int, field: str) -> FieldProblem | None:
    """The refusal of an amount above the ceiling, else None."""
    if amount_fen <= PLAUSIBLE_MAX_FEN:
        return None
    return FieldProblem(
        field,
        "amount_implausible",
        f"金额 {format_fen(amount_fen)} 元超出创新工作室单笔经费的合理范围"
        f"（不超过 {format_fen(PLAUSIBLE_MAX_FEN)} 元），请核对是否多填了位数",
    )
