"""Pure intake rules: the call's window, a batch's ranking and shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.clock import chinese_date
from lifecycle.intake.packs.base import BatchRules
from lifecycle.schemes.base import RuleResult
from lifecycle.vocab import UnionLevel


def within_window(opens_on: date, deadline: date, on: date, article: str) -> RuleResult:
    """「…前」 includes the deadline day itself (Asia/Shanghai): on ≤ deadline is in time; the
    dates written as Chinese text writes them (2026年12月1日)."""
    if on < opens_on:
        return RuleResult(
            "call_not_open", article, False, f"申报尚未开始，受理自{chinese_date(opens_on)}起"
        )
    if on > deadline:
        return RuleResult(
            "deadline_passed",
            article,
            False,
            f"申报已截止：截止日期为{chinese_date(deadline)}（含当日，北京时间），"
            f"提交日期为{chinese_date(on)}",
        )
    return RuleResult("within_window", article, True, "在申报期限内")


@dataclass(frozen=True)
class BatchItem:
    """One recommended application as the batch rules see it."""

    rank: int | None
    non_public: bool


@dataclass(frozen=True)
class BatchFacts:
    """A recommending union's batch: who recommends, what, and when."""

    is_district_union: bool  # 区总工会 / 县（市、区）总工会 (a geographic district), not 局/产业
    items: tuple[BatchItem, ...]
    # What the union already sent to the same call in earlier batches: a supplementary batch is
    # judged with them, as the union's whole recommendation (reading I7).
    earlier: tuple[BatchItem, ...] = ()


def is_district_union(level: UnionLevel, region_code: str | None) -> bool:
    """区总工会 / 县（市、区）总工会: a union at the district level carrying its region; not a
    局/产业 union (no region), nor a 社团, which shares the region of the union it sits under:
    the share of 「各区总工会推荐的」 is theirs alone [C 二（二）][L 一]."""
    return level is UnionLevel.DISTRICT and region_code is not None


def minimum_non_public(n: int, share_num: int, share_den: int) -> int:
    """The fewest non-public items among ``n`` for a share of num/den: rounded up (⌈n·share⌉)."""
    return -(-n * share_num // share_den)


def _together(facts: BatchFacts) -> str:
    """How a supplementary batch's count reads: with what the union already sent."""
    if not facts.earlier:
        return f"共{len(facts.items)}个"
    total = len(facts.earlier) + len(facts.items)
    return f"连同已报送的{len(facts.earlier)}个共{total}个"


def check_batch(rules: BatchRules, facts: BatchFacts) -> list[RuleResult]:
    """Every batch rule of the scheme; a batch with a failed rule cannot be submitted. The
    minimum, the ranking and the non-public share are of the union's whole recommendation to
    the call, its earlier batches included (reading I7)."""
    items = facts.items
    whole = facts.earlier + items
    found: list[RuleResult] = []
    if not items:
        found.append(RuleResult("batch_empty", "", False, "推荐批次中没有申报"))
    if rules.min_per_district_union and facts.is_district_union:
        m = rules.min_per_district_union
        counted = _together(facts) if facts.earlier else f"本批次{len(items)}个"
        found.append(
            RuleResult(
                "batch_minimum",
                rules.article_minimum,
                len(whole) >= m,
                # 「县（市、区）总工会、高新区工会至少申报2个」 [L 一]: both, by the notice's words.
                f"县（市、区）总工会、高新区工会至少申报{m}个，{counted}",
            )
        )
    if rules.ranking_required and len(whole) > 1:
        ranks = sorted(i.rank for i in whole if i.rank is not None)
        ok = ranks == list(range(1, len(whole) + 1))
        follow = (
            f"；补充批次接续已报送批次的排序，自{len(facts.earlier) + 1}起" if facts.earlier else ""
        )
        found.append(
            RuleResult(
                "batch_ranking",
                rules.article_ranking,
                ok,
                f"申报数量1个以上的须排序（1、2、3……各不相同）{follow}"
                if not ok
                else f"已排序（1至{len(whole)}）",
            )
        )
    if rules.non_public_share is not None and facts.is_district_union and items:
        share = rules.non_public_share
        need = minimum_non_public(len(whole), share.numerator, share.denominator)
        have = sum(1 for i in whole if i.non_public)
        found.append(
            RuleResult(
                "batch_non_public",
                rules.article_non_public,
                have >= need,
                f"区总工会推荐的非公企业比例应不少于{share.numerator * 100 // share.denominator}%："
                f"{_together(facts)}，须至少{need}个非公企业，现有{have}个",
            )
        )
    return found
