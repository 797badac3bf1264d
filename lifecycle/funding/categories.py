"""Expenditure categories: the uses [Y16] allows and the ones it forbids (also [S10] 专款专用)."""

from __future__ import annotations

from enum import StrEnum

from lifecycle.funding.vocab import EARMARK_FINDING_LABEL, FINDING_KIND_LABELS, FindingKind
from lifecycle.schemes import all_schemes


class ExpenditureCategory(StrEnum):
    """What the money was spent on, as reported [Y16]."""

    EQUIPMENT = "equipment"  # 与生产、研发项目相关的硬件设备
    LEARNING_SUPPLIES = "learning_supplies"  # 学习用品
    BOOKS = "books"  # 书籍
    MATERIALS = "materials"  # 材料
    TRAINING_EXCHANGE = "training_exchange"  # 与创新项目相关的培训交流活动
    PERSONAL_REWARD = "personal_reward"  # 对个人的奖励
    ALLOWANCE = "allowance"  # 津贴
    SUBSIDY = "subsidy"  # 补贴
    TRAVEL = "travel"  # 差旅


CATEGORY_LABELS = {
    ExpenditureCategory.EQUIPMENT: "硬件设备",
    ExpenditureCategory.LEARNING_SUPPLIES: "学习用品",
    ExpenditureCategory.BOOKS: "书籍",
    ExpenditureCategory.MATERIALS: "材料",
    ExpenditureCategory.TRAINING_EXCHANGE: "培训交流",
    ExpenditureCategory.PERSONAL_REWARD: "个人奖励",
    ExpenditureCategory.ALLOWANCE: "津贴",
    ExpenditureCategory.SUBSIDY: "补贴",
    ExpenditureCategory.TRAVEL: "差旅",
}

# 「不得用于对个人的奖励、津贴、补贴、差旅等方面」 [Y16]
FORBIDDEN_CATEGORIES = frozenset(
    {
        ExpenditureCategory.PERSONAL_REWARD,
        ExpenditureCategory.ALLOWANCE,
        ExpenditureCategory.SUBSIDY,
        ExpenditureCategory.TRAVEL,
    }
)

_BY_LABEL = {label: category for category, label in CATEGORY_LABELS.items()}


def is_forbidden(category: ExpenditureCategory) -> bool:
    """Whether spending on this category is an audit finding: [Y16] forbids it in words, the
    other schemes' 专款专用 articles by our reading (RULES.md reading 35a)."""
    return category in FORBIDDEN_CATEGORIES


# Only [Y16] lists the uses it forbids; elsewhere the four are findings by our reading (35a),
# so a page says so as the service's practice, never as the words of the scheme's article.
EARMARK_READING = (
    "该条未逐项列明支出用途；对个人的奖励、津贴、补贴、差旅不属工作室创新活动的专项用途，"
    "如实登记后列为审计发现，由财务人员核实"
)
# The same reading in a finding on one such expenditure, after the article it cites.
FINDING_READING = (
    "该条未列明禁止用途，此类支出不属工作室创新活动的专项用途，列为审计发现，由财务人员核实"
)
LISTED_USES = "可列支与生产、研发项目相关的硬件设备，学习用品、书籍、材料及与创新项目相关的培训交流"


def forbidden_mark(category: ExpenditureCategory, *, lists_uses: bool) -> str:
    """How a page marks a category: 属禁止用途 where the scheme's article lists it [Y16],
    列为审计发现 where only our reading makes it a finding (35a); empty for allowed uses."""
    if not is_forbidden(category):
        return ""
    return "属禁止用途" if lists_uses else "列为审计发现"


def category_from_text(value: str) -> ExpenditureCategory | None:
    """A category from its Chinese label (as in the template) or its code; None if unknown."""
    cleaned = value.strip()
    if cleaned in _BY_LABEL:
        return _BY_LABEL[cleaned]
    try:
        return ExpenditureCategory(cleaned)
    except ValueError:
        return None


def finding_kind_label(kind: FindingKind, article: object) -> str:
    """A finding's kind as its users read it: a forbidden use is 属禁止用途 only under an article
    that lists the uses ([Y16]); under [S10], [C], [L] it is a finding by reading 35a."""
    listing = {s.settings.earmark_article for s in all_schemes() if s.settings.earmark_lists_uses}
    # A finding stored before findings named their article was judged by [Y16]'s list alone.
    if kind is FindingKind.FORBIDDEN_CATEGORY and article is not None and article not in listing:
        return EARMARK_FINDING_LABEL
    return FINDING_KIND_LABELS[kind]
