"""Rule pack 杨浦区劳模（先进）、技师创新工作室 (Yangpu rules [Y3][Y7][Y8][Y11]–[Y15])."""

from __future__ import annotations

from datetime import date

from lifecycle.clock import chinese_date
from lifecycle.schemes.authority import Act, Citation, Namer, Party, by
from lifecycle.schemes.base import (
    BaseScheme,
    LeaderExitPolicy,
    NewTeam,
    OversightKind,
    RuleResult,
    SchemeSettings,
    TitleKind,
    add_years,
)
from lifecycle.schemes.facts import ApplicationFacts, LeaderFacts, SchemeLevel
from lifecycle.schemes.results import checklist_result, honour_result, in_service_result
from lifecycle.vocab import TECHNICIAN_OR_ABOVE, DesignationStatus, Honour, Role

CODE = "yangpu-district"
UNION_DISTRICT_CODE = "yangpu"

# 历届全国和市级劳动模范 [Y3]; 省部级 counts as 市级 (Shanghai is a province-level city).
MODEL_WORKER_HONOURS = frozenset(
    {Honour.NATIONAL_MODEL_WORKER, Honour.SHANGHAI_MODEL_WORKER, Honour.PROVINCIAL_MODEL_WORKER}
)
# 全国和市级先进个人 [Y3].
ADVANCED_HONOURS = frozenset({Honour.NATIONAL_ADVANCED_INDIVIDUAL, Honour.CITY_ADVANCED_INDIVIDUAL})
LEADER_HONOURS = MODEL_WORKER_HONOURS | ADVANCED_HONOURS

# A title, once named (even if later exited or revoked), is not applied for again [Y7].
_ONCE_NAMED = frozenset(
    {
        DesignationStatus.NAMED,
        DesignationStatus.RECTIFYING,
        DesignationStatus.EXITED,
        DesignationStatus.REVOKED,
    }
)

RULES = "《杨浦区劳模（先进）、技师创新工作室管理办法》"
_DISTRICT_OFFICERS = frozenset({Role.DISTRICT_OFFICER})

# 区总工会…审定，挂牌命名 [Y7]; 区总工会…实地走访检查…整改通知…撤牌 [Y12]. Whether a title is
# kept past the leader's legal age, or its leader replaced, is the district union's management
# of its title [Y13]; the consent is the unit's own, so its union may record it too (RULES.md
# reading 46). A street (sector) union's officer is neither.
AUTHORITIES = (
    (Act.NAME, by(Party.NAMING, "[Y7]", RULES + "第七条", _DISTRICT_OFFICERS)),
    (Act.REVIEW, by(Party.NAMING, "[Y7]", RULES + "第七条", _DISTRICT_OFFICERS)),
    (Act.INSPECT, by(Party.DISTRICT, "[Y12]", RULES + "第十二条")),
    (Act.CONFIRM_REVOCATION, by(Party.DISTRICT, "[Y12]", RULES + "第十二条")),
    (Act.CHANGE_LEADER, by(Party.DISTRICT, "[Y13]", RULES + "第十三条")),
    (Act.CONSENT, by(Party.DISTRICT, "[Y13]", RULES + "第十三条")),
    (Act.CONSENT, by(Party.UNIT, "[Y13]", RULES + "第十三条")),
    # 自查和评估情况…报区总工会备案: the unit's union files; the district union receives it and
    # may enter one filed on paper. A street (sector) union is not on that route.
    (Act.FILE, by(Party.UNIT, "[Y11]", RULES + "第十一条")),
    (Act.FILE, by(Party.DISTRICT, "[Y11]", RULES + "第十一条")),
)

SETTINGS = SchemeSettings(
    code=CODE,
    name="杨浦区劳模（先进）、技师创新工作室",
    level=SchemeLevel.DISTRICT,
    namer=Namer("yangpu", "杨浦区总工会"),  # 区总工会…审定，挂牌命名 [Y7]
    cycle_years=3,  # 每三年为一个管理周期 [Y12]
    oversight=OversightKind.CYCLE_INSPECTION,
    yearly_filing_due=(12, 31),  # 每年年底前报区总工会备案 [Y11]
    one_off_grant_fen=1_000_000,  # 一次性1万元 [Y14]
    matching_ratio=None,
    excellence_support=True,  # 优秀创新成果项目扶持 [Y15]
    # [Y12] says only 限期整改; 30 working days is this service's default, a setting.
    rectification_deadline_days=30,
    rectification_counts_working_days=True,
    title_format="{leader_name}{direction}{kind}创新工作室",  # [Y8]
    revoked_word="撤牌",  # 逾期仍不能有效整改的，将做撤牌处理 [Y12]
    leader_word="带头人",  # 创新带头人 [Y3]、带头人姓名 [Y8]、带头人超过法定退休年龄 [Y13]
    leader_exit_policy=LeaderExitPolicy.CONTINUE_WITH_CONSENT,  # [Y13]
    uses_change_request_form=False,
    inspection_criteria=(  # 五个有 [Y3]
        ("leader", "有创新带头人"),
        ("team", "有创新团队"),
        ("projects", "有攻关项目及工作计划"),
        ("achievements", "有创新成果"),
        ("venue", "有场所和制度"),
    ),
    number_prefix="杨浦",
    naming_article="[Y7]",
    revocation_article="[Y12]",
    first_year_named_by=(10, 1),  # named after 1 October: first self-check the next year [Y11]
    occasion_due_window_days=30,
    drift_project_warning_from=(10, 1),  # 每年至少1个攻关项目 [Y3]: warn from 1 October
    one_off_article="[Y14]",
    earmark_article="[Y16]",  # 专款专用、公开透明; the uses allowed and forbidden
    earmark_rule="扶持补贴经费应专款专用，不得用于对个人的奖励、津贴、补贴、差旅等方面",
    earmark_lists_uses=True,  # 可用于…硬件设备、学习用品、书籍、材料…；不得用于… [Y16]
    achievement_every_years=2,  # 每两年至少1项创新成果 [Y3]
    authorities=AUTHORITIES,
    no_repeat=Citation("[Y7]", RULES + "第七条"),  # 往年已命名的工作室不再重复申报
    new_team=NewTeam(
        applied_by="新创建的工作室由单位工会推荐申报",  # 区级工作室由单位工会推荐 [Y7]
        article="[Y7]",
        title_hint="如：带头人姓名＋攻关方向＋劳模（技师）创新工作室",  # [Y8]
    ),
)


def default_title_kind(leader: LeaderFacts, as_of: date) -> TitleKind:
    """劳模 for model workers and 先进个人, otherwise 技师 [Y8]."""
    if leader.honours_as_of(as_of) & LEADER_HONOURS:
        return TitleKind.MODEL_WORKER
    return TitleKind.TECHNICIAN


class YangpuDistrict(BaseScheme):
    """杨浦区劳模（先进）、技师创新工作室 [Y3]."""

    SETTINGS = SETTINGS

    def check_leader(self, leader: LeaderFacts, as_of: date) -> list[RuleResult]:
        """有创新带头人 [Y3], in service when created [Y13]."""
        return [
            _union_relation(leader),
            honour_result(
                "leader_honour",
                "[Y3]",
                leader,
                as_of,
                accepted=LEADER_HONOURS,
                also_ok=leader.skill_level in TECHNICIAN_OR_ABOVE,
                also_label="技师（含）以上",
            ),
            in_service_result("leader_in_service", "[Y13]", leader, "工作室创建时"),
        ]

    def application_rules(self, facts: ApplicationFacts, as_of: date) -> list[RuleResult]:
        """有创新团队、攻关项目及工作计划、创新成果、场所和制度 [Y3]; no repeat naming [Y7]."""
        return [
            _team_size(facts),
            _yearly_project(facts, as_of),
            _biennial_achievement(facts, as_of),
            checklist_result(
                "venue_and_rules",
                "[Y3]",
                "场所和制度",
                [
                    (facts.has_venue, "相对固定的基本场所"),
                    (facts.has_equipment, "设备设施"),
                    (facts.has_rules, "团队工作制度"),
                    (facts.has_activity_plan, "活动计划"),
                ],
            ),
            _not_already_named(facts),
        ]


def _union_relation(leader: LeaderFacts) -> RuleResult:
    """工会关系在杨浦 [Y3]."""
    if not leader.is_union_member:
        passed, message = False, "带头人须为工会会员且工会关系在杨浦区，现非工会会员"
    elif leader.union_district_code != UNION_DISTRICT_CODE:
        # Named by its union (浦东新区总工会), never by the region's code.
        where = leader.union_district_name or (
            "其他地区工会" if leader.union_district_code else "未登记所属工会"
        )
        passed, message = False, f"带头人工会关系须在杨浦区，现为{where}"
    else:
        passed, message = True, "带头人工会关系在杨浦区"
    return RuleResult("leader_union_relation", "[Y3]", passed, message)


def _team_size(facts: ApplicationFacts) -> RuleResult:
    """除带头人外至少3名成员 [Y3]."""
    n = facts.team.member_count_excluding_leader
    return RuleResult("team_size", "[Y3]", n >= 3, f"除带头人外至少3名成员，现有{n}名")


def _yearly_project(facts: ApplicationFacts, as_of: date) -> RuleResult:
    """每年至少1个攻关项目并有年度工作计划 [Y3]; checked for the application year."""
    year = as_of.year
    count = facts.project_count(year)
    missing = []
    if count < 1:
        missing.append(f"{year}年攻关项目或创新课题")
    if not facts.has_annual_work_plan:
        missing.append("年度工作计划")
    if missing:
        message = f"每年至少1个攻关项目并有年度工作计划，缺少：{'、'.join(missing)}"
    else:
        message = f"{year}年有{count}个攻关项目，并有年度工作计划"
    return RuleResult("yearly_project", "[Y3]", not missing, message)


def _biennial_achievement(facts: ApplicationFacts, as_of: date) -> RuleResult:
    """每两年至少1项有效益并推广应用的创新成果 [Y3]: one in the two years up to ``as_of``."""
    since = add_years(as_of, -2)
    hits = [
        a
        for a in facts.achievements
        if since < a.achieved_on <= as_of and a.has_benefit and a.applied_in_production
    ]
    window = f"{chinese_date(since)}至{chinese_date(as_of)}"
    if hits:
        return RuleResult("achievement_biennial", "[Y3]", True, f"{window}有{len(hits)}项创新成果")
    return RuleResult(
        "achievement_biennial",
        "[Y3]",
        False,
        f"每两年至少1项产生效益并在生产实践中推广应用的创新成果，{window}没有",
    )


def _not_already_named(facts: ApplicationFacts) -> RuleResult:
    """往年已命名的工作室不再重复申报 [Y7]."""
    named = any(
        d.scheme_code == CODE and d.status in _ONCE_NAMED for d in facts.existing_designations
    )
    message = "往年已命名的工作室不再重复申报" if named else "此前未获区级工作室命名"
    return RuleResult("not_already_named", "[Y7]", not named, message)
