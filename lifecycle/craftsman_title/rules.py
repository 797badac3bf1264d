"""Eligibility, windows and the false-declaration bar of the 上海工匠 selection [G]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from lifecycle import phones
from lifecycle.clock import chinese_date, chinese_month_day
from lifecycle.phones import PHONE_SHAPES
from lifecycle.validation import year_problem

BAR_YEARS = 3  # 3年内不再接受该单位或个人的申报 [G] 五（三）
UNDERSTANDING_MAX = 100  # 对"工匠精神"的理解（100字以内）附件1
# One 工匠五力 item's evidence (附件1 注2: a summary the unit stamps, the material attached):
# bounded so the stored JSON stays a form's size; the API has always taken this much.
EVIDENCE_MAX = 2000
# 附件1's counts: 工作年限 within a working life; 专利数 (附件1) and 附件3's head counts up to one
# ceiling, on the page and in the API alike; 荣誉 as the API takes them.
YEARS_WORKED_MAX = 70
COUNT_MAX = 1_000_000
# No year's call is older, as the API has always taken it; a local selection's 开展年份 from 1950.
FIRST_CALL_YEAR, FIRST_LOCAL_YEAR = 2015, 1950
HONOURS_MAX = 2000
# 个人自述"500字左右" 附件1, read as 300 to 700 characters (docs/RULES.md).
STATEMENT_MIN, STATEMENT_MAX = 300, 700


class Channel(StrEnum):
    UNIT = "unit"  # 单位推荐 [G] 二（一）
    ASSOCIATION = "association"  # 社团推荐 [G] 二（二）
    SELF = "self"  # 个人自荐 [G] 二（三）


CHANNEL_LABELS = {
    Channel.UNIT: "单位推荐",
    Channel.ASSOCIATION: "社团推荐",
    Channel.SELF: "个人自荐",
}


class Group(StrEnum):
    """The 11 组别 of 附件1 注1."""

    METALLURGY = "metallurgy"
    CONSTRUCTION = "construction"
    COMPUTING = "computing"
    INSTRUMENTS = "instruments"
    PHARMA = "pharma"
    MEDICINE = "medicine"
    GREENING = "greening"
    CATERING = "catering"
    CRAFT_DESIGN = "craft_design"
    TRANSPORT = "transport"
    OTHER = "other"


GROUP_LABELS = {
    Group.METALLURGY: "冶金、机械和电气",
    Group.CONSTRUCTION: "土木建筑",
    Group.COMPUTING: "计算机通信",
    Group.INSTRUMENTS: "仪电",
    Group.PHARMA: "医药",
    Group.MEDICINE: "医学",
    Group.GREENING: "绿化",
    Group.CATERING: "餐饮",
    Group.CRAFT_DESIGN: "工艺设计",
    Group.TRANSPORT: "交通运输",
    Group.OTHER: "其它",
}

# 工匠五力 and their three items each (附件1; evidence stamped by the unit, 注2).
FIVE_POWERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "leading": ("引领力", ("勇挑重担", "追求卓越", "示范带动")),
    "practice": ("实践力", ("技能精湛", "业绩突出", "持续学习")),
    "innovation": ("创新力", ("业务洞察", "价值创造")),
    "tackling": ("攻关力", ("担当重任", "协同配合", "直面难题")),
    "heritage": ("传承力", ("总结继承", "培养人才", "应用智能")),
}


@dataclass(frozen=True)
class Windows:
    """The year's dates: the self-application window and the unions' and associations' deadline."""

    year: int
    self_opens: date
    self_closes: date
    union_deadline: date


def windows_2024() -> Windows:
    """申报时间为6月12日至7月15日 [G] 二（三）; 7月15日前完成网上申报 [G] 五（四）."""
    return Windows(2024, date(2024, 6, 12), date(2024, 7, 15), date(2024, 7, 15))


def call_year_problem(year: int) -> str | None:
    """Why a call may not be for ``year`` of any length (None: it may), by the one year rule."""
    return year_problem(year, "年度", FIRST_CALL_YEAR)


def closed_call_message(union_deadline: date, as_of: date) -> str:
    """Why a call is not opened after its last window: every application is judged on the day
    it is filed, so such a call could take none [G] 五（四） (reading G12)."""
    return (
        f"区局（产业）工会及社团申报截止日期（{chinese_date(union_deadline)}）已过，"
        "个人自荐和推荐申报均已截止，不能开启已截止的年度选树；"
        f"截止日期应不早于今天（{chinese_date(as_of)}）"
    )


def self_window_note(
    self_opens: date, self_closes: date, union_deadline: date, as_of: date
) -> str | None:
    """What a call says while its self window is shut and the unions' still open (None when not):
    opened late, the call takes recommendations only [G] 二（三）、五（四） (reading G12)."""
    if as_of <= self_closes or as_of > union_deadline:
        return None
    return (
        f"个人自荐申报时间（{chinese_date(self_opens)}至{chinese_date(self_closes)}）已过，"
        "不再受理个人自荐；区局（产业）工会及社团推荐申报受理至"
        f"{chinese_date(union_deadline)}"
    )


def call_closed_note(
    year: int, self_opens: date, self_closes: date, union_deadline: date, as_of: date
) -> str | None:
    """What a call says once its last window has shut (None while one is open): it takes no
    new application, each being judged on the day it is filed [G] 二（三）、五（四）."""
    if as_of <= union_deadline:
        return None
    return cited(
        f"{year}年度申报已截止：个人自荐申报时间为{chinese_date(self_opens)}至"
        f"{chinese_date(self_closes)}，区局（产业）工会及社团应于{chinese_date(union_deadline)}"
        "前完成网上申报，不再受理新的申报",
        year,
        "二（三）、五（四）",
    )


def since_year_problem(since_year: int, selection_year: int) -> str | None:
    """Why a local selection cannot have run since ``since_year`` (None: it can): from 1950 to
    the selection's own year [G] 附件3."""
    return year_problem(since_year, "开展年份", FIRST_LOCAL_YEAR, selection_year)


def years_worked_problem(years: int) -> str | None:
    """Why 工作年限 of any length is not a working life's (None when it is) [G] 附件1."""
    if 0 <= years <= YEARS_WORKED_MAX:
        return None
    return f"工作年限应在0至{YEARS_WORKED_MAX}年之间"


def count_problem(count: int, label: str) -> str | None:
    """Why a count of 附件1 or 附件3 is none (None when it is one): not negative, not past
    ``COUNT_MAX``, said for a number of any length (reading IN3)."""
    if count < 0:
        return f"{label}应为不小于0的整数"
    if count > COUNT_MAX:
        return f"{label}不能大于{COUNT_MAX}"
    return None


def notice_of(year: int) -> str:
    """The notice a call of ``year`` is issued under, as users read it: the 2024 one is [G];
    each year's call is issued under a notice of the same name and its own year."""
    return f"《关于开展{year}年度“上海工匠”培养选树工作的通知》"


def cited(message: str, year: int, clause: str) -> str:
    """A message citing ``clause`` of the notice of the call's own year."""
    return f"{message}（{notice_of(year)}{clause}）"


@dataclass(frozen=True)
class Refusal:
    """Why an application cannot be accepted: machine code, clause, Chinese message."""

    code: str
    clause: str
    message: str
    field: str


@dataclass(frozen=True)
class Candidate:
    """The facts the rules read about one application (no session, no clock)."""

    channel: Channel
    applied_on: date  # the date on the 申报审批表
    filed_on: date  # the day it is filed (网上申报): today
    chinese_nationality: bool
    union_member: bool
    front_line: bool
    deputy_bureau_or_above: bool
    org_managed_unit_head: bool
    retired: bool
    holds_local_title: bool
    local_title_exception: str | None
    recommender_ran_local_selection: bool
    person_barred_until: date | None
    unit_barred_until: date | None
    # The person's record says they no longer work (离职, 已故): its label; None in service or
    # retired (retirement has its own 「原则上」 refusal) [G] 一 「面向…在职职工」.
    not_employed: str | None = None


def _r(year: int, code: str, clause: str, message: str, field: str) -> Refusal:
    return Refusal(code, clause, cited(message, year, clause), field)


def _day(d: date) -> str:
    return chinese_date(d)


def future_refusal(applied_on: date, filed_on: date) -> Refusal | None:
    """The 申报日期 is the form's date: not after the day it is filed."""
    if applied_on > filed_on:
        return Refusal(
            "applied_after_today", "", f"申报日期不能晚于今天（{_day(filed_on)}）", "applied_on"
        )
    return None


def window_refusal(
    channel: Channel, applied_on: date, filed_on: date, w: Windows
) -> Refusal | None:
    """Self 06-12..07-15 inclusive [G] 二（三）; unions and associations by 07-15 [G] 五（四）.

    Judged on the day the application is filed online (today), and on the form's own date when
    that is not later: a form dated inside the window but filed after it is late.
    """
    days = [filed_on] + ([applied_on] if applied_on < filed_on else [])
    self_ = channel == Channel.SELF
    opens = w.self_opens if self_ else None
    closes = w.self_closes if self_ else w.union_deadline
    if all((opens is None or opens <= d) and d <= closes for d in days):
        return None
    # Say why a form dated in time is late: it is filed today.
    today = f"，今天（{_day(filed_on)}）已截止" if filed_on > closes >= applied_on else ""
    if self_:
        first, last = chinese_month_day(w.self_opens), chinese_month_day(w.self_closes)
        window = f"个人自荐申报时间为{first}至{last}"
        return _r(w.year, "outside_self_window", "二（三）", window + today, "applied_on")
    deadline = f"区局（产业）工会及社团应于{_day(w.union_deadline)}前完成网上申报"
    return _r(w.year, "after_union_deadline", "五（四）", deadline + today, "applied_on")


def channel_refusal(channel: Channel, year: int, *, association_member: bool) -> Refusal | None:
    """社团推荐 is the association's own channel for its own members [G] 二（二）."""
    if association_member and channel != Channel.ASSOCIATION:
        return _r(
            year,
            "association_member",
            "二（二）",
            "社团登记的会员由社团从“社团推荐”渠道申报",
            "channel",
        )
    if not association_member and channel == Channel.ASSOCIATION:
        return _r(
            year,
            "not_association_member",
            "二（二）",
            "社团推荐的申请对象应为该社团登记的会员，由社团账户申报",
            "channel",
        )
    return None


def barred_until(found_on: date) -> date:
    """The last day a finding bars new applications: 3 years counted from the finding date.

    [G] 五（三）"3年内不再接受": the finding date is day one, so a finding on 2024-07-01 bars up to
    and including 2027-06-30; an application on 2027-07-01 is accepted.
    """
    try:
        end = found_on.replace(year=found_on.year + BAR_YEARS)
    except ValueError:  # 29 February: three years later has none
        end = found_on.replace(year=found_on.year + BAR_YEARS, month=3, day=1)
    return end - timedelta(days=1)


def declaration_refusals(
    year: int,
    *,
    chinese_nationality: bool,
    front_line: bool,
    deputy_bureau_or_above: bool,
    org_managed_unit_head: bool,
) -> list[Refusal]:
    """The clauses the applicant's own declarations on 附件1 fail [G] 一."""
    out: list[Refusal] = []
    if not chinese_nationality:
        out.append(
            _r(year, "nationality", "一", "“上海工匠”一般应具有中国国籍", "chinese_nationality")
        )
    if not front_line:
        out.append(
            _r(year, "not_front_line", "一", "应在一线从事生产、技术、研发等工作", "front_line")
        )
    if deputy_bureau_or_above:
        out.append(
            _r(
                year,
                "deputy_bureau_cadre",
                "一",
                "副局级或相当于副局级以上领导干部原则上不参与推荐申报",
                "deputy_bureau_or_above",
            )
        )
    if org_managed_unit_head:
        out.append(
            _r(
                year,
                "org_managed_unit_head",
                "一",
                "由中央、市委组织部、市级相关委办管理的企事业单位负责人原则上不参与推荐申报",
                "org_managed_unit_head",
            )
        )
    return out


def refusals(c: Candidate, w: Windows) -> list[Refusal]:
    """Every clause the application fails; empty when it may be accepted (membership aside)."""
    out: list[Refusal] = [
        r
        for r in (
            future_refusal(c.applied_on, c.filed_on),
            window_refusal(c.channel, c.applied_on, c.filed_on, w),
        )
        if r is not None
    ]
    # 不再接受…申报: judged on the day the application is filed.
    if c.person_barred_until and c.filed_on <= c.person_barred_until:
        out.append(
            _r(
                w.year,
                "barred_false_declaration",
                "五（三）",
                f"该申报人曾被认定瞒报、虚报，{chinese_date(c.person_barred_until)}前不再接受申报",
                "person_id",
            )
        )
    if c.channel != Channel.SELF and c.unit_barred_until and c.filed_on <= c.unit_barred_until:
        out.append(
            _r(
                w.year,
                "unit_barred_false_declaration",
                "五（三）",
                f"推荐单位曾被认定瞒报、虚报，{chinese_date(c.unit_barred_until)}前不再接受其申报",
                "unit_union_id",
            )
        )
    if c.channel != Channel.SELF and not c.recommender_ran_local_selection:
        out.append(
            _r(
                w.year,
                "no_local_selection",
                "五（二）",
                "未开展本地区（系统、行业）工匠培养选树的区局（产业）工会、社团，不得以单位或社团推荐形式申报",
                "channel",
            )
        )
    out += declaration_refusals(
        w.year,
        chinese_nationality=c.chinese_nationality,
        front_line=c.front_line,
        deputy_bureau_or_above=c.deputy_bureau_or_above,
        org_managed_unit_head=c.org_managed_unit_head,
    )
    if c.retired:
        out.append(_r(w.year, "retired", "一", "退休职工原则上不参与推荐申报", "person_id"))
    if c.not_employed is not None:
        out.append(
            _r(
                w.year,
                "not_in_service",
                "一",
                f"“上海工匠”面向在职职工，申报人登记为{c.not_employed}，不能申报",
                "person_id",
            )
        )
    if (
        c.channel != Channel.SELF
        and not c.holds_local_title
        and not (c.local_title_exception or "").strip()
    ):
        out.append(
            _r(
                w.year,
                "no_local_title",
                "五（二）",
                "未获得本地区（系统、行业）工匠的候选人原则上不得作为推荐对象；如属例外，请说明理由",
                "local_title_exception",
            )
        )
    return out


def must_join_union(c: Candidate) -> bool:
    """A non-member is sent to 入会 first, not refused [G] 二（二）（三）."""
    return not c.union_member


def join_union_message(year: int) -> str:
    """Where a non-member is sent, citing the notice of the call's year [G] 二（二）（三）."""
    return cited(
        "申报人尚未成为工会会员：请通过“申工社”微信公众号或随申办“我要入会”完成入会，"
        "入会后申报继续受理",
        year,
        "二（二）（三）",
    )


def text_length_problems(understanding: str, statement: str) -> list[tuple[str, str]]:
    """附件1: 工匠精神 ≤100字; 个人自述 约500字 (300–700, docs/RULES.md)."""
    out: list[tuple[str, str]] = []
    if not understanding.strip():
        out.append(("understanding", "请填写对“工匠精神”的理解"))
    elif (m := len(understanding.strip())) > UNDERSTANDING_MAX:
        out.append(("understanding", f"对“工匠精神”的理解应在{UNDERSTANDING_MAX}字以内，现为{m}字"))
    n = len(statement.strip())
    if not STATEMENT_MIN <= n <= STATEMENT_MAX:
        out.append(
            ("statement", f"个人自述应为500字左右（{STATEMENT_MIN}至{STATEMENT_MAX}字），现为{n}字")
        )
    return out


# 附件1's 联系电话 (reading P36d): a mainland mobile or landline, the one phone rule.
PHONE_PROBLEM = f"申报人联系电话应为{PHONE_SHAPES}"


def phone_problem(phone: str) -> str | None:
    """Why ``phone`` is no 联系电话 a reviewer can call (None when it is one, or blank: a blank
    one is the required-field check's to name)."""
    return phones.phone_problem(phone, "申报人联系电话")


def mask_phone(phone: str | None) -> str | None:
    """138****5678: a phone as lists show it."""
    if not phone:
        return None
    p = phone.strip()
    return p[:3] + "****" + p[-4:] if len(p) >= 8 else "****"


def mask_address(address: str | None) -> str | None:
    """The first six characters of a home address, the rest hidden."""
    if not address:
        return None
    return address.strip()[:6] + "****"


def not_employed_pass_refusal(label: str, year: int) -> str:
    """A stage is not passed for an applicant recorded since as no longer working (离职, 已故:
    ``label``): the title is for 在职职工 [G] 一; the application is closed as not passed."""
    return cited(
        f"“上海工匠”面向在职职工，申报人现登记为{label}，本环节不能通过，请作不通过办理", year, "一"
    )


def grant_reference(
    year: int, notice_from: date | None, notice_to: date | None, granted_on: date, app_id: int
) -> str:
    """The 授予依据 a 上海工匠 granted by the selection in the service carries: its own record,
    the 社会公示 it passed ([G] 三（五）) and the day it was granted ([G] 四 选树命名), with the
    application's number (a hand-entered one carries its 公示 list or 批准文号 likewise)."""
    notice = (
        f"社会公示（{chinese_date(notice_from)}至{chinese_date(notice_to)}）期满，"
        if notice_from is not None and notice_to is not None
        else "社会公示期满，"
    )
    return (
        f"{year}年度“上海工匠”选树{notice}{chinese_date(granted_on)}授予"
        f"（本系统选树申报第{app_id}号）"
    )
