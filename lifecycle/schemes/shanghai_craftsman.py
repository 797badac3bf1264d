"""Rule pack 上海市工匠创新工作室 (2024 naming notice [C])."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from lifecycle.clock import chinese_date
from lifecycle.schemes.authority import Act, Namer, Party, by
from lifecycle.schemes.base import (
    BaseScheme,
    LeaderExitPolicy,
    LeaderTitle,
    OversightKind,
    RuleResult,
    SchemeSettings,
    add_years,
    leader_title_missing,
)
from lifecycle.schemes.facts import (
    ApplicationFacts,
    ExistingDesignation,
    LeaderFacts,
    SchemeLevel,
)
from lifecycle.schemes.results import checklist_result, in_service_result, projects_in_recent_years
from lifecycle.vocab import DesignationStatus, Honour

CODE = "shanghai-craftsman"
MODEL_WORKER_SCHEME_CODE = "shanghai-model-worker"
# The notice's clauses its verdicts cite: 一、基本条件 (一)–(五); 三（六） 动态管理.
LEADER = "[C 一（一）]"
TEAM = "[C 一（二）]"
PROJECTS = "[C 一（三）]"
ACHIEVEMENTS = "[C 一（四）]"
VENUE = "[C 一（五）]"
DYNAMIC = "[C 三（六）]"

# "近三年内" [C] read as the application year and the two before it.
RECENT_PROJECT_YEARS = 3

# 已获得"上海市劳模创新工作室"称号: the title is held while named, rectifying or exited.
_TITLE_HELD = frozenset(
    {DesignationStatus.NAMED, DesignationStatus.RECTIFYING, DesignationStatus.EXITED}
)

_CITED = "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》"

# 领衔人必须是“上海工匠” [C 一（一）]: of every leader, the first and each one after a change.
LEADER_TITLE = LeaderTitle(Honour.SHANGHAI_CRAFTSMAN, LEADER)

# 上海市总工会颁发证书及奖牌 [C 二（五）]; 附件3 报告…经市总工会审核后采取…措施 [C 三（六）].
AUTHORITIES = (
    (Act.NAME, by(Party.NAMING, "[C 二（五）]", _CITED + "二（五）")),
    (Act.REVIEW, by(Party.NAMING, "[C 二（四）]", _CITED + "二（四）")),
    (Act.DECIDE_CHANGE, by(Party.NAMING, "[C 三（六）]", _CITED + "三（六）")),
    (Act.DELIST, by(Party.NAMING, "[C 三（六）]", _CITED + "三（六）")),
)

SETTINGS = SchemeSettings(
    code=CODE,
    name="上海市工匠创新工作室",
    level=SchemeLevel.CITY,
    namer=Namer("shanghai", "上海市总工会"),  # 由上海市总工会颁发证书及奖牌 [C 二（五）]
    cycle_years=None,
    oversight=OversightKind.DYNAMIC,  # 区局（产业）工会动态管理 [C] 三（六）
    yearly_filing_due=None,
    one_off_grant_fen=2_000_000,  # 经费资助参照市劳模创新工作室 [C] 三（一）→ [S10]
    matching_ratio=Decimal("1"),
    excellence_support=False,
    # The notice sets no rectification step; the setting applies only if a union opts to use one.
    rectification_deadline_days=30,
    rectification_counts_working_days=True,
    title_format=None,
    leader_exit_policy=LeaderExitPolicy.CHANGE_REQUEST,  # 附件3 [C]
    uses_change_request_form=True,
    change_decider="市创建命名办公室",  # 向市工匠创新工作室创建命名办公室报告（附件3） [C 三（六）]
    inspection_criteria=(  # 基本条件 [C] 一
        ("leader", "有创新带头人"),
        ("team", "有创新团队"),
        ("projects", "有攻关项目"),
        ("achievements", "有创新成果"),
        ("venue", "有场所和制度（经费）"),
    ),
    number_prefix="沪工匠创",
    leader_title=LEADER_TITLE,
    naming_article="[C 二（五）]",
    revocation_article=DYNAMIC,
    one_off_article="[C 三（一）]",  # 经费资助参照市劳模创新工作室
    matching_article="[C 三（一）]",  # the same reference brings [S10]'s 1:1 matching
    earmark_article="[C 一（五）]",  # 保证经费专款专用、公开透明
    city_award_article=ACHIEVEMENTS,  # 创新成果获得市级以上奖项的优先考虑
    earmark_rule="工作室应有一定的年度经费投入，保证经费专款专用、公开透明",
    annual_assessment_due=None,  # 动态管理 [C]: no fixed yearly 考核 date
    occasion_due_window_days=30,
    authorities=AUTHORITIES,
)


def _c(
    rule: str, article: str, passed: bool, message: str, *, advisory: bool = False
) -> RuleResult:
    """A verdict of the 2024 notice's clause ``article``: it carries the citation, which whoever
    shows the message adds once (the message itself names no regulation, or it would show twice)."""
    return RuleResult(rule, article, passed, message, advisory=advisory)


class ShanghaiCraftsman(BaseScheme):
    """上海市工匠创新工作室 [C]."""

    SETTINGS = SETTINGS
    HELD_TITLE_RULES = frozenset({"not_model_worker_studio"})  # [C 一（二）]

    def title_bars(self, held: Iterable[ExistingDesignation]) -> tuple[RuleResult, ...]:
        """A team holding a 上海市劳模创新工作室 title does not take part [C] 一（二）: known
        before its form is filled in, so it is not offered the call nor starts an application."""
        result = _model_worker_title_result(held)
        return () if result.passed else (result,)

    def check_leader(self, leader: LeaderFacts, as_of: date) -> list[RuleResult]:
        """领衔人必须是"上海工匠"，愿意参加劳模工匠助企行 [C] 一（一）."""
        craftsman = not leader_title_missing(SETTINGS, leader.honours_as_of(as_of))
        willing = leader.willing_to_join_activities
        in_service = in_service_result(
            "leader_in_service", DYNAMIC, leader, "", SETTINGS.leader_word
        )
        return [
            _c(
                "leader_shanghai_craftsman",
                LEADER,
                craftsman,
                "领衔人是“上海工匠”" if craftsman else "领衔人必须是“上海工匠”，现不是",
            ),
            _c(
                "leader_willing_activities",
                LEADER,
                willing,
                "领衔人愿意参加劳模工匠助企行等社会公益活动"
                if willing
                else "领衔人须愿意参加劳模工匠助企行等社会公益活动",
            ),
            # 领衔工匠退休、离职、身故 leads to a 附件3 change request [C] 三（六）.
            _c(in_service.rule, DYNAMIC, in_service.passed, in_service.message),
        ]

    def application_rules(self, facts: ApplicationFacts, as_of: date) -> list[RuleResult]:
        """有创新团队、攻关项目、创新成果、场所和制度（经费）[C] 一（二）—（五）."""
        team = facts.team
        running = add_years(team.founded_on, 1) <= as_of
        return [
            _c(
                "team_crosses_lines",
                TEAM,
                team.crosses_administrative_lines,
                "团队人员构成原则上要打破固有行政体制"
                + ("" if team.crosses_administrative_lines else "，现未打破"),
            ),
            _c(
                "team_running",
                TEAM,
                running,
                f"团队原则上需成立运作1年以上，成立于{chinese_date(team.founded_on)}"
                + ("" if running else f"，至{chinese_date(as_of)}未满1年"),
            ),
            _not_model_worker_studio(facts),
            _main_business_project(facts, as_of),
            _applied_achievement(facts, as_of),
            _venue_rules_funds(facts),
            _c(
                "skill_master_studio_preferred",
                TEAM,
                team.holds_skill_master_studio,
                "获得“上海市技能大师工作室”等称号的优先考虑",
                advisory=True,
            ),
            _c(
                "city_award_preferred",
                ACHIEVEMENTS,
                any(a.city_level_award for a in facts.achievements if a.achieved_on <= as_of),
                "创新成果获得市级以上奖项的优先考虑",
                advisory=True,
            ),
        ]


def _not_model_worker_studio(facts: ApplicationFacts) -> RuleResult:
    """已获得"上海市劳模创新工作室"称号的不参加 [C] 一（二）."""
    return _model_worker_title_result(facts.existing_designations)


def _model_worker_title_result(existing: Iterable[ExistingDesignation]) -> RuleResult:
    """Whether the team holds (named, rectifying or exited) a 上海市劳模创新工作室 title
    [C] 一（二）."""
    held = any(
        d.scheme_code == MODEL_WORKER_SCHEME_CODE and d.status in _TITLE_HELD for d in existing
    )
    message = (
        "已获得“上海市劳模创新工作室”称号的不参加本次创建活动"
        if held
        else "未获得“上海市劳模创新工作室”称号"
    )
    return _c("not_model_worker_studio", TEAM, not held, message)


def _venue_rules_funds(facts: ApplicationFacts) -> RuleResult:
    """有场所和制度（经费）: 场所、设备设施、制度和计划、年度经费投入 [C] 一（五）."""
    r = checklist_result(
        "venue_rules_funds",
        VENUE,
        "场所和制度（经费）",
        [
            (facts.has_venue, "活动场所"),
            (facts.has_equipment, "设备设施"),
            (facts.has_rules, "团队工作制度"),
            (facts.has_activity_plan, "工作计划"),
            (facts.has_earmarked_funds, "年度经费投入"),
        ],
    )
    return _c(r.rule, VENUE, r.passed, r.message)


def _main_business_project(facts: ApplicationFacts, as_of: date) -> RuleResult:
    """近三年内至少一个与主营业务相关的攻关项目或创新课题 [C] 一（三）."""
    n, window = projects_in_recent_years(
        facts, as_of, RECENT_PROJECT_YEARS, lambda p: p.tied_to_main_business
    )
    message = (
        f"{window}有{n}个与所在单位主营业务相关的攻关项目"
        if n
        else f"近三年内至少一个与所在单位主营业务相关的攻关项目或创新课题，{window}没有"
    )
    return _c("project_main_business", PROJECTS, n >= 1, message)


def _applied_achievement(facts: ApplicationFacts, as_of: date) -> RuleResult:
    """在生产实践中推广、应用的技术创新优秀成果 [C] 一（四）."""
    n = sum(1 for a in facts.achievements if a.applied_in_production and a.achieved_on <= as_of)
    message = (
        f"有{n}项在生产实践中推广、应用的创新成果"
        if n
        else "须有在生产实践中推广、应用的技术创新优秀成果，现没有"
    )
    return _c("achievement_applied", ACHIEVEMENTS, n >= 1, message)
