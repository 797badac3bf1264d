"""Rule pack 上海市劳模创新工作室 (Shanghai rules [S2][S3][S7][S9][S10])."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from lifecycle.clock import chinese_date
from lifecycle.schemes.authority import Act, Namer, Party, by
from lifecycle.schemes.base import (
    BaseScheme,
    LeaderExitPolicy,
    OversightKind,
    RuleResult,
    SchemeSettings,
    add_years,
)
from lifecycle.schemes.facts import (
    ApplicationFacts,
    ExistingDesignation,
    LeaderFacts,
    SchemeLevel,
)
from lifecycle.schemes.results import (
    checklist_result,
    honour_result,
    in_service_result,
    projects_in_recent_years,
    running_result,
)
from lifecycle.vocab import DESIGNATION_STATUS_LABELS, DesignationStatus, Honour

CODE = "shanghai-model-worker"

# 省部级（含）以上劳模、全国五一劳动奖章获得者 [S3].
LEADER_HONOURS = frozenset(
    {
        Honour.NATIONAL_MODEL_WORKER,
        Honour.SHANGHAI_MODEL_WORKER,
        Honour.PROVINCIAL_MODEL_WORKER,
        Honour.NATIONAL_MAY_DAY_MEDAL,
    }
)

# "近年来" [S3] read as the application year and the two before it.
RECENT_PROJECT_YEARS = 3

RULES = "《上海市“劳模创新工作室”管理办法（修订）》"
CHANGE_NOTICE = "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（六）"

# 市总工会…择优命名 [S7]; 所在单位工会、区局（产业）工会每年期末…考核…向上海市总工会申请摘牌 [S9];
# leader events on the 附件3 form, decided by the city (reading 40 of docs/RULES.md) [C 三（六）].
AUTHORITIES = (
    (Act.NAME, by(Party.NAMING, "[S7]", RULES + "第七条")),
    (Act.REVIEW, by(Party.NAMING, "[S7]", RULES + "第七条")),
    (Act.ASSESS_UNIT, by(Party.UNIT, "[S9]", RULES + "第九条")),
    (Act.ASSESS_DISTRICT, by(Party.DISTRICT, "[S9]", RULES + "第九条")),
    (Act.ASSESS_CITY, by(Party.NAMING, "[S9]", RULES + "第九条")),
    (Act.DECIDE_CHANGE, by(Party.NAMING, "[C 三（六）]", CHANGE_NOTICE)),
    (Act.DELIST, by(Party.NAMING, "[S9]", RULES + "第九条")),
)

SETTINGS = SchemeSettings(
    code=CODE,
    name="上海市劳模创新工作室",
    level=SchemeLevel.CITY,
    namer=Namer("shanghai", "上海市总工会"),  # 上海市总工会…择优命名 [S7]
    cycle_years=None,
    oversight=OversightKind.ANNUAL_ASSESSMENT,  # 每年期末管理考核 [S9]
    yearly_filing_due=None,
    one_off_grant_fen=2_000_000,  # 一次性贰万元 [S10]
    matching_ratio=Decimal("1"),  # 区局（产业）工会不少于1:1 [S10]
    excellence_support=False,
    # No rectification step in [S9]; the setting applies only if a union opts to rectify first.
    rectification_deadline_days=30,
    rectification_counts_working_days=True,
    title_format="{leader_name}劳模创新工作室",  # 以劳模名字命名 [S2]
    leader_exit_policy=LeaderExitPolicy.REVOKE,  # 领衔劳模已故、离职、退休 → 摘牌 [S9]
    uses_change_request_form=True,
    change_decider="上海市总工会",  # 向上海市总工会申请摘牌 [S9]; 市总工会…择优命名 [S7]
    change_form_leader="领衔劳模",  # 「领衔劳模已故、离职、退休」 [S9] 第九条
    inspection_criteria=(  # 基本条件 [S3]
        ("leader", "有劳模领衔"),
        ("team", "有创新团队"),
        ("projects", "有攻关项目"),
        ("achievements", "有创新成果"),
        ("venue", "有场地经费"),
    ),
    number_prefix="沪劳创",
    naming_article="[S7]",
    revocation_article="[S9]",
    # 「每年期末」: every title named by the year end owes that year's 考核, the naming year's
    # too (reading D1a) [S9]; its steps are dated in the year's last quarter or after (D1b).
    first_year_named_by=(12, 31),
    annual_assessment_opens=(10, 1),
    one_off_article="[S10]",
    earmark_article="[S10]",  # 专款专用、公开透明; 使用符合市总工会相关财务规定
    earmark_rule=(
        "工作经费补贴和区级配套资金应专款专用、公开透明，活动经费使用符合上海市总工会相关财务规定"
    ),
    annual_assessment_due=(12, 31),  # 每年期末 [S9]
    occasion_due_window_days=30,
    authorities=AUTHORITIES,
    source_running_years=1,  # 已命名并运行一年以上的…中推荐申报 [S7]
)


class ShanghaiModelWorker(BaseScheme):
    """上海市劳模创新工作室 [S3]."""

    SETTINGS = SETTINGS

    def source_rule(self, held: Iterable[ExistingDesignation], as_of: date) -> RuleResult:
        """The city title comes from a district title [S7] (``recommended_from_district``)."""
        return recommended_from_district(held, as_of)

    def check_leader(self, leader: LeaderFacts, as_of: date) -> list[RuleResult]:
        """有劳模领衔 [S3]; a leader who died, left or retired means 摘牌 [S9]."""
        return [
            honour_result("leader_honour", "[S3]", leader, as_of, accepted=LEADER_HONOURS),
            in_service_result("leader_in_service", "[S9]", leader, "", SETTINGS.leader_word),
        ]

    def application_rules(self, facts: ApplicationFacts, as_of: date) -> list[RuleResult]:
        """有创新团队、攻关项目、创新成果、场地经费 [S3]; recommended from a district title [S7]."""
        team = facts.team
        return [
            RuleResult(
                "team_not_administrative",
                "[S3]",
                not team.is_administrative_unit,
                "团队须为非成建制的部室"
                + ("，现为成建制部室" if team.is_administrative_unit else ""),
            ),
            running_result(
                "team_running", "[S3]", founded_on=team.founded_on, years=1, as_of=as_of
            ),
            _recognised_project(facts, as_of),
            _achievement_with_benefit(facts, as_of),
            checklist_result(
                "venue_and_funds",
                "[S3]",
                "场地经费",
                [
                    (facts.has_venue, "相对固定的活动场所"),
                    (facts.has_earmarked_funds, "创新活动专项经费"),
                ],
            ),
            recommended_from_district(facts.existing_designations, as_of),
            _national_model_worker_priority(facts.leader, as_of),
        ]


def _recognised_project(facts: ApplicationFacts, as_of: date) -> RuleResult:
    """近年来至少1个获得认可或认定的创新课题或攻关项目 [S3]."""
    n, window = projects_in_recent_years(facts, as_of, RECENT_PROJECT_YEARS, lambda p: p.recognised)
    message = (
        f"{window}有{n}个获得认可或认定的攻关项目"
        if n
        else f"近年来至少1个获得有关方面认可或认定的创新课题或攻关项目，{window}没有"
    )
    return RuleResult("recognised_project", "[S3]", n >= 1, message)


def _achievement_with_benefit(facts: ApplicationFacts, as_of: date) -> RuleResult:
    """创新成果产生一定经济效益和社会效益 [S3]."""
    n = sum(1 for a in facts.achievements if a.has_benefit and a.achieved_on <= as_of)
    message = (
        f"有{n}项产生效益的创新成果" if n else "须有产生一定经济效益和社会效益的创新成果，现没有"
    )
    return RuleResult("achievement_benefit", "[S3]", n >= 1, message)


def source_accepted(title: ExistingDesignation, as_of: date) -> bool:
    """Whether ``title`` is one the city title may be recommended from on ``as_of``: a district
    title 已命名 (not under 整改, reading 8) and running one year or more [S7]."""
    return (
        title.level is SchemeLevel.DISTRICT
        and title.status is DesignationStatus.NAMED
        and title.named_on is not None
        and add_years(title.named_on, 1) <= as_of
    )


def recommended_from_district(held: Iterable[ExistingDesignation], as_of: date) -> RuleResult:
    """原则上从区局（产业）工会已命名并运行一年以上的工作室中推荐 [S7]: the one rule the
    submission, the call page's offer and the application page read."""
    district = [d for d in held if d.level is SchemeLevel.DISTRICT]
    ok = [d for d in district if source_accepted(d, as_of)]
    if ok:
        chosen = ok[0]
        assert chosen.named_on is not None  # accepted above
        message = (
            f"已获区局级命名（{_named(chosen)}，{chinese_date(chosen.named_on)}命名），运行一年以上"
        )
        return RuleResult("recommended_from_district", "[S7]", True, message)
    message = "须从区局（产业）工会已命名并运行一年以上的工作室中推荐，"
    if not district:
        message += "现无区局级命名"
    else:
        message += "现无符合的区局级命名：" + "；".join(_why_not(d, as_of) for d in district)
    return RuleResult("recommended_from_district", "[S7]", False, message)


def _named(title: ExistingDesignation) -> str:
    name = title.scheme_name or "区局级命名"
    return f"{name} {title.number}" if title.number else name


def _why_not(title: ExistingDesignation, as_of: date) -> str:
    """Why one district title is not a source on ``as_of``: its status, else its year."""
    if title.status is not DesignationStatus.NAMED or title.named_on is None:
        label = title.status_label or DESIGNATION_STATUS_LABELS[title.status]
        return f"{_named(title)}现为“{label}”"
    return f"{_named(title)}于{chinese_date(title.named_on)}命名，至{chinese_date(as_of)}未满一年"


def _national_model_worker_priority(leader: LeaderFacts, as_of: date) -> RuleResult:
    """全国劳模领衔的可优先命名 [S7] (a preference, not a condition)."""
    national = Honour.NATIONAL_MODEL_WORKER in leader.honours_as_of(as_of)
    message = "全国劳模领衔，可优先命名" if national else "非全国劳模领衔，不适用优先命名"
    return RuleResult("national_model_worker_priority", "[S7]", national, message, advisory=True)
