"""A finding resolved 已退回 records the money returned as a fact [Y16][S10] (reading 33r).

「专款专用」 money spent or granted against the rule goes back to the union that paid it: the
refund is recorded with the resolution, by the finance staff who answer the finding, with its
amount, date and the reference of the transfer, and counted against what the title received.
It may not exceed what the finding is about, and only a finding about money the title received
(a use, a spending after the end, a spending without or with a reused receipt, a grant it should
not have had) can be refunded: an overspent part was never the union's money, matching owed is
the district's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.errors import Problems, ValidationFailed
from lifecycle.funding.model import AuditFinding, FundingRefund
from lifecycle.funding.plausible import implausible_amount
from lifecycle.funding.vocab import FINDING_KIND_LABELS, FindingKind
from lifecycle.money import format_fen, parse_yuan
from lifecycle.validation import not_after, require_text

REFERENCE_MAX = 100
# The findings about money the title received (spent or granted against 专款专用).
REFUNDABLE = frozenset(
    {
        FindingKind.FORBIDDEN_CATEGORY,
        FindingKind.AFTER_END,
        FindingKind.MISSING_RECEIPT,
        FindingKind.DUPLICATE_RECEIPT,
        FindingKind.INELIGIBLE_GRANT,
    }
)


@dataclass(frozen=True)
class Refund:
    """The money returned, as typed: amount in yuan, date, the reference of the transfer."""

    amount_yuan: str | None = None
    refunded_on: date | None = None
    reference: str | None = None

    @property
    def given(self) -> bool:
        return bool(
            (self.amount_yuan or "").strip() or self.refunded_on or (self.reference or "").strip()
        )


def refund_problems(
    problems: Problems, finding: AuditFinding, refund: Refund | None, *, as_of: date
) -> int | None:
    """Add what refuses the refund of a finding resolved 已退回; its amount in fen when readable."""
    if finding.kind not in REFUNDABLE:
        label = FINDING_KIND_LABELS[finding.kind]
        problems.add(
            "outcome",
            "nothing_to_refund",
            f"「{label}」不涉及工作室已收到的经费，无款可退，不能以“已退回”处理"
            "（请选择“已说明”或“已移交处理”）",
        )
        return None
    refund = refund or Refund()
    fen = _amount(problems, refund.amount_yuan)
    concerned = finding.amount_fen or 0
    if fen is not None and fen > concerned:
        problems.add(
            "refund_yuan",
            "refund_exceeds_finding",
            f"退回金额不能超过该审计发现所涉金额（{format_fen(concerned)} 元）",
        )
        fen = None
    if refund.refunded_on is None:
        problems.add("refunded_on", "required", "请填写退回日期")
    else:
        not_after(problems, "refunded_on", refund.refunded_on, as_of, "退回日期")
        if refund.refunded_on < finding.occurred_on:
            problems.add(
                "refunded_on",
                "before_finding",
                f"退回日期不能早于该发现所涉事项的日期（{chinese_date(finding.occurred_on)}）",
            )
    require_text(problems, "refund_ref", refund.reference, "退回凭证号", REFERENCE_MAX)
    return fen


def not_refunded_problems(problems: Problems, refund: Refund | None) -> None:
    """A refund typed beside another outcome: only 已退回 returns money."""
    if refund is not None and refund.given:
        problems.add(
            "refund_yuan",
            "not_refunded",
            "只有处理结果为“已退回”时才登记退回金额、退回日期和退回凭证号",
        )


def new_refund(finding: AuditFinding, refund: Refund, fen: int, *, actor: Actor) -> FundingRefund:
    assert refund.refunded_on is not None
    assert refund.reference is not None
    return FundingRefund(
        finding_id=finding.id,
        designation_id=finding.designation_id,
        amount_fen=fen,
        refunded_on=refund.refunded_on,
        reference=refund.reference.strip(),
        recorded_by=actor.name,
        recorded_by_user_id=actor.user_id,
    )


def _amount(problems: Problems, amount_yuan: str | None) -> int | None:
    """The typed refund in fen: required, readable, more than zero, plausible; None: refused."""
    if not (amount_yuan or "").strip():
        problems.add("refund_yuan", "required", "请填写退回金额（元）")
        return None
    try:
        fen = parse_yuan(amount_yuan or "", field="refund_yuan")
    except ValidationFailed as err:
        problems.add("refund_yuan", err.code, err.message)
        return None
    if fen <= 0:
        problems.add("refund_yuan", "zero_amount", "金额必须大于零")
        return None
    if (implausible := implausible_amount(fen, "refund_yuan")) is not None:
        problems.items.append(implausible)
        return None
    return fen
