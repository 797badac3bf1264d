"""Rule pack 乐山市劳模和工匠人才创新工作室 (Leshan 2020 notice [L])."""

from __future__ import annotations

from datetime import date

from lifecycle.schemes.authority import Act, Citation, Namer, Party, by
from lifecycle.schemes.base import (
    BaseScheme,
    LeaderExitPolicy,
    NewTeam,
    OversightKind,
    RuleResult,
    SchemeSettings,
)
from lifecycle.schemes.facts import CITY_OR_ABOVE, ApplicationFacts, LeaderFacts, SchemeLevel
from lifecycle.schemes.results import checklist_result, honour_result, running_result
from lifecycle.vocab import DesignationStatus, Honour, UnionLevel

CODE = "leshan-city"
ARTICLE = "[L]"
# The notice's clauses its verdicts cite: 一 命名目标 (不重复申报); 二 申报条件 (一)–(四).
NO_REPEAT = "[L 一]"
LEADER_AND_TEAM = "[L 二（一）]"
VENUE = "[L 二（二）]"
INNOVATION = "[L 二（三）]"
PLANS = "[L 二（四）]"

# 劳模 (all levels) or 工匠人才 [L] 二（一）; the 推荐审批表 asks "是否荣获过劳模和工匠称号".
LEADER_HONOURS = frozenset(
    {
        Honour.NATIONAL_MODEL_WORKER,
        Honour.SHANGHAI_MODEL_WORKER,
        Honour.PROVINCIAL_MODEL_WORKER,
        Honour.CITY_MODEL_WORKER,
        Honour.CRAFTSMAN_TALENT,
        Honour.SHANGHAI_CRAFTSMAN,
        Honour.DISTRICT_CRAFTSMAN,
    }
)

_TITLE_HELD = frozenset(
    {DesignationStatus.NAMED, DesignationStatus.RECTIFYING, DesignationStatus.EXITED}
)

_CITED = "《关于推荐申报2020年乐山市劳模和工匠人才创新工作室的通知》"

# 市总工会将对汇总后的工作室进行评审和命名 [L 一].
AUTHORITIES = (
    (Act.NAME, by(Party.NAMING, "[L 一]", _CITED + "一")),
    (Act.REVIEW, by(Party.NAMING, "[L 一]", _CITED + "一")),
    # The notice is silent on a leader who leaves: the union that named the title keeps its
    # record, so a new leader (a 劳模 or 工匠人才 [L]) is entered by the city union.
    (Act.CHANGE_LEADER, by(Party.NAMING, "[L 一]", _CITED + "一")),
)

SETTINGS = SchemeSettings(
    code=CODE,
    name="乐山市劳模和工匠人才创新工作室",
    level=SchemeLevel.CITY,
    namer=Namer("leshan", "乐山市总工会"),  # 市总工会…评审和命名 [L 一]
    cycle_years=None,
    oversight=OversightKind.NONE,  # the 2020 notice sets no oversight
    yearly_filing_due=None,
    one_off_grant_fen=None,  # 一次性奖励 [L] 三, amount not stated: set per batch
    matching_ratio=None,
    excellence_support=False,
    rectification_deadline_days=30,  # not in [L]; service default, a setting
    rectification_counts_working_days=True,
    title_format="{unit_name}{leader_name}劳模和工匠人才创新工作室",  # 填表说明1 [L]
    leader_exit_policy=LeaderExitPolicy.NONE,
    uses_change_request_form=False,
    inspection_criteria=(  # 劳模和工匠人才创新工作室建设标准 [L]
        ("sign", "标志明显"),
        ("team", "组建团队"),
        ("hardware", "硬件到位"),
        ("funds", "经费保障"),
        ("results", "成效显著"),
        ("mechanism", "机制健全"),
    ),
    one_off_article="[L 三]",  # 一次性奖励
    earmark_article="[L 建设标准（四）]",  # 用于创新工作室各项创新活动开展的专项经费
    earmark_rule="工作室所在单位设有用于创新工作室各项创新活动开展的专项经费",
    # The reward is not the workshop's only money: 所在单位设有…专项经费 [L 建设标准（四）], so
    # spending beyond the reward is the unit's own, not an overspent finding (RULES.md [L 三]).
    overspending_is_finding=False,
    number_prefix="乐山",
    naming_article=ARTICLE,
    revocation_article=None,
    annual_assessment_due=None,  # the 2020 notice sets no oversight [L]
    occasion_due_window_days=30,
    authorities=AUTHORITIES,
    no_repeat=Citation("[L 一]", _CITED + "一"),  # 已命名的…不重复申报
    # 由各县（市、区）总工会…择优上报 [L 一]: 乐山's district-level unions, as its users know them.
    level_names=((UnionLevel.DISTRICT, "县（市、区）总工会"),),
    leader_word="带头人",  # 以劳模或工匠人才为带头人 [L 二（一）]; 附件1 负责人（带头人）
    one_off_word="一次性奖励",  # 授牌并给予一次性奖励 [L 三]
    grant_word="奖励",  # its ledger keeps 奖励记录, not 补贴记录 [L 三]
    # The 2020 notice 授牌 [L 三] and names no way a title is lost: a title ended otherwise
    # (e.g. recorded at adoption) reads as its naming cancelled, no word of another city.
    revoked_word="取消命名",
    new_team=NewTeam(
        # 由各县（市、区）总工会和市级系统工会、市属企业工会…择优上报 [L 一]
        applied_by=(
            "工作室由各县（市、区）总工会和市级系统工会、市属企业工会"
            "在符合申报条件的工作室中择优上报"
        ),
        article="[L 一]",
        # 名称统一为：单位+劳模姓名。如：xx公司张三劳模和工匠人才创新工作室 [L 附件1] 填表说明1
        title_hint="单位＋劳模姓名＋劳模和工匠人才创新工作室，如：xx公司张三劳模和工匠人才创新工作室",
    ),
)


def _c(rule: str, article: str, passed: bool, message: str) -> RuleResult:
    """A verdict of the notice's clause ``article``: it carries the citation, which whoever shows
    the message adds once (the message itself names no clause, or it would show twice)."""
    return RuleResult(rule, article, passed, message)


class LeshanCity(BaseScheme):
    """乐山市劳模和工匠人才创新工作室 [L]."""

    SETTINGS = SETTINGS

    def check_leader(self, leader: LeaderFacts, as_of: date) -> list[RuleResult]:
        """以劳模或工匠人才为带头人 [L 二（一）]."""
        r = honour_result(
            "leader_honour",
            LEADER_AND_TEAM,
            leader,
            as_of,
            accepted=LEADER_HONOURS,
            wanted="劳模或工匠人才",  # [L] 二（一）「以劳模或工匠人才为带头人」
        )
        return [_c(r.rule, LEADER_AND_TEAM, r.passed, r.message)]

    def application_rules(self, facts: ApplicationFacts, as_of: date) -> list[RuleResult]:
        """申报条件（一）—（四） [L 二] and no repeat naming [L 一]."""
        size = facts.team.size_including_leader
        running = running_result(
            "team_running", LEADER_AND_TEAM, founded_on=facts.team.founded_on, years=2, as_of=as_of
        )
        venue = checklist_result(
            "venue_equipment_funds",
            VENUE,
            "工作场地、设施设备和专项经费",
            [
                (facts.has_venue, "固定的工作场地（所）"),
                (facts.has_equipment, "设施设备"),
                (facts.has_earmarked_funds, "创新活动专项经费"),
            ],
        )
        plans = checklist_result(
            "plans_and_ledgers",
            PLANS,
            "发展规划、工作计划、制度和台账",
            [
                (facts.has_development_plan, "工作室发展规划"),
                (facts.has_annual_work_plan, "年度创新工作计划"),
                (facts.has_rules, "工作制度"),
                (facts.has_ledgers, "台账"),
            ],
        )
        return [
            _c(
                "team_size",
                LEADER_AND_TEAM,
                size >= 5,
                f"创新团队须5人以上（含带头人），现有{size}人",
            ),
            _c(running.rule, LEADER_AND_TEAM, running.passed, running.message),
            _yearly_projects(facts, as_of),
            _recognised_achievement(facts, as_of),
            _c(venue.rule, VENUE, venue.passed, venue.message),
            _c(plans.rule, PLANS, plans.passed, plans.message),
            _not_already_named(facts),
        ]


def _yearly_projects(facts: ApplicationFacts, as_of: date) -> RuleResult:
    """每年至少有1至2项创新课题或攻关项目 [L 二（三）]: this year and the last."""
    years = (as_of.year - 1, as_of.year)
    gaps = [y for y in years if facts.project_count(y) < 1]
    if gaps:
        missing = "、".join(f"{y}年" for y in gaps)
        message = f"每年至少有1至2项创新课题或攻关项目，{missing}没有"
    else:
        message = f"{years[0]}、{years[1]}年均有创新课题或攻关项目"
    return _c("yearly_projects", INNOVATION, not gaps, message)


def _recognised_achievement(facts: ApplicationFacts, as_of: date) -> RuleResult:
    """至少完成1项得到认可、具有较高应用价值、产生效益的创新成果 [L 二（三）]: one
    achievement meeting all three: 认可、具有较高应用价值、经济效益和社会效益."""
    done = [a for a in facts.achievements if a.achieved_on <= as_of]
    n = sum(1 for a in done if a.recognised and a.applied_in_production and a.has_benefit)
    if n:
        message = f"有{n}项得到认可、具有较高应用价值并产生效益的创新成果"
    else:
        # What the achievements declared lack, in the notice's words (none has all three).
        lacking = [
            words
            for words, unmet in (
                ("得到有关方面认可", [a for a in done if not a.recognised]),
                ("具有较高应用价值", [a for a in done if not a.applied_in_production]),
                ("产生较好经济效益和社会效益", [a for a in done if not a.has_benefit]),
            )
            if unmet
        ]
        said = f"现有{len(done)}项均未同时满足，未满足：{'、'.join(lacking)}" if done else "现没有"
        message = (
            "至少完成1项得到有关方面认可、具有较高应用价值，并产生较好经济效益和社会效益的"
            f"创新成果，{said}"
        )
    return _c("recognised_achievement", INNOVATION, n >= 1, message)


def _not_already_named(facts: ApplicationFacts) -> RuleResult:
    """已命名的市级及以上劳模和工匠人才创新工作室不重复申报 [L 一]."""
    named = any(
        d.status in _TITLE_HELD and (d.scheme_code == CODE or d.level in CITY_OR_ABOVE)
        for d in facts.existing_designations
    )
    message = (
        "已命名的市级及以上劳模和工匠人才创新工作室不重复申报"
        if named
        else "未获市级及以上工作室命名"
    )
    return _c("not_already_named", NO_REPEAT, not named, message)
