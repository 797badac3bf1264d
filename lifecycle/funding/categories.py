"""Expenditure categories: the uses [Y16] allows and the ones it forbids (also [S10] 专款专用)."""

from __future__ import annotations

from enum import StrEnum


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
    """Whether [Y16] forbids spending the subsidy on this category."""
    return category in FORBIDDEN_CATEGORIES


def category_from_text(value: str) -> ExpenditureCategory | None:
    """A category from its Chinese label (as in the template) or its code; None if unknown."""
    cleaned = value.strip()
    if cleaned in _BY_LABEL:
        return _BY_LABEL[cleaned]
    try:
        return ExpenditureCategory(cleaned)
    except ValueError:
        return None
