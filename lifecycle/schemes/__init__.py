"""Scheme rule packs: settings plus pure eligibility rules per naming scheme (DOMAIN.md §2)."""

from lifecycle.schemes.base import (
    BaseScheme,
    EligibilityReport,
    LeaderExitPolicy,
    OversightKind,
    RuleResult,
    Scheme,
    SchemeSettings,
    TitleKind,
)
from lifecycle.schemes.facts import (
    AchievementFact,
    ApplicationFacts,
    ExistingDesignation,
    HonourFact,
    LeaderFacts,
    ProjectFact,
    SchemeLevel,
    TeamFacts,
)
from lifecycle.schemes.registry import all_schemes, get_scheme, register

__all__ = [
    "AchievementFact",
    "ApplicationFacts",
    "BaseScheme",
    "EligibilityReport",
    "ExistingDesignation",
    "HonourFact",
    "LeaderExitPolicy",
    "LeaderFacts",
    "OversightKind",
    "ProjectFact",
    "RuleResult",
    "Scheme",
    "SchemeLevel",
    "SchemeSettings",
    "TeamFacts",
    "TitleKind",
    "all_schemes",
    "get_scheme",
    "register",
]
