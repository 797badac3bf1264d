"""Typed mail messages: one context model per kind, rendered from its three templates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from lifecycle import clock
from lifecycle.citations import finalize
from lifecycle.funding.occasions import matching_finding
from lifecycle.occasions.model import WARNING_KINDS
from lifecycle.reminders.policy import undated_step
from lifecycle.schemes import LeaderExitPolicy, all_schemes, get_scheme

WEEKDAYS = "一二三四五六日"
# What the recipient should do for each occasion kind, citing the rule by its id: the templates
# render every id as the regulation's own title and article (``lifecycle.citations``), so no
# title is spelled twice. A kind not listed gets the default; an item whose payload carries its
# own ``action`` (an application's or a 上海工匠 stage's, ``Occasion.action``) says that.
DEFAULT_ACTION = "请登录系统查看该事项并按规定办理。"

ACTIONS = {
    "cycle_inspection": (
        "请在管理周期届满前安排实地检查，逐项核查“五个有”并录入检查结果（[Y12]）。"
    ),
    "self_check_filing": "请督促工作室在12月31日前完成年度自查并备案（[Y11]）。",
    "unit_evaluation_filing": "请在12月31日前完成单位工会年度评估并备案（[Y11]）。",
    "annual_assessment": (
        "请在年度期末按所在单位工会、区局（产业）工会的顺序完成考核并录入结论；"
        "区局（产业）工会考核不合格的向上海市总工会申请摘牌，由市总工会决定（[S9]）。"
    ),
    "rectification_deadline": (
        "整改通知的主送单位请按通知逐项整改，整改完成后将整改情况形成书面报告，于整改期限届满前"
        "报送发出通知的区总工会；区总工会收到报告后请在整改期限前组织复查并录入复查结论，"
        "逾期仍不能有效整改的撤牌（[Y12]）。"
    ),
    "revocation_pending": "整改期限已过仍未通过复查，请按规定办理撤牌（[Y12]）。",
    "drift_no_project": "本年度尚未登记攻关项目，请督促工作室制定计划并登记项目（[Y3]）。",
    "drift_no_achievement": ("近期无有效益并推广应用的创新成果，请督促工作室登记成果（[Y3]）。"),
    "leader_consent_missing": (
        "带头人超过法定退休年龄后继续领衔，须登记本人愿意继续领衔及所在单位同意；"
        "否则请办理带头人变更（[Y13]）。"
    ),
    "leader_retirement": (
        "带头人即将达到法定退休年龄，请提前了解本人意愿并做好安排：杨浦区工作室带头人本人愿意"
        "继续领衔且经所在单位同意的，可继续保留工作室（[Y13]）；上海市劳模、工匠创新工作室"
        "领衔人退休的，应及时报送管理变更申请（附件3）（[S9][C 三（六）]）。"
    ),
    "change_request_due": (
        "领衔人退休、离职、身故等不能继续领衔的：上海市劳模、工匠创新工作室应及时报送管理变更"
        "申请（附件3），经市总工会审核后决定领衔人变更、退出管理序列或摘牌（[S9][C 三（六）]）；"
        "杨浦区工作室请办理带头人变更，退休带头人本人愿意且经所在单位同意的可继续领衔（[Y13]）。"
    ),
    "change_request_step": (
        "请在管理变更申请（附件3）上签署本级意见并注明日期；经市总工会审核后采取领衔人变更、"
        "退出管理序列（保留工作室称号）或摘牌等措施（[C 三（六）]）。"
    ),
    "matching_funds": (
        "上海市总工会一次性补贴到位后，区局（产业）工会应给予不少于1:1的资金支持，"
        "请落实配套资金并登记到位情况（[S10]）。"
    ),
    "leader_title_missing": (
        "领衔人须获“上海工匠”称号：请补登其称号，或报送管理变更申请（附件3）变更领衔人"
        "（[C 一（一）]）。"
    ),
    "funding_finding": (
        "扶持经费须专款专用、公开透明：请核实该审计发现并登记处理结果（已说明、已退回或已移交"
        "处理）；款项退回拨款工会的，请同时登记退回金额、日期和凭证号（[Y16]）。"
    ),
}
# A district matching shortfall found by the audit breaches the matching article, not the
# earmarking one (``funding.occasions.matching_finding``); the scheme's own article replaces
# [S10] (上海工匠: [C 三（一）]).
MATCHING_FINDING_ACTION = (
    "上海市总工会一次性补贴到位后，区局（产业）工会应给予不少于1:1的配套资金支持：请核实该"
    "审计发现，落实配套资金并登记处理结果（已说明、已退回或已移交处理）（[S10]）。"
)


# A leader's items say what the title's own scheme asks, by its rule for a leader who leaves
# (``SchemeSettings.leader_exit_policy``), in its word for the leader: Yangpu's 带头人 may go on
# leading with consent [Y13]; a 上海市劳模创新工作室 applies for 摘牌 [S9]; a 上海市工匠创新
# 工作室 reports on 附件3 for the city's measure [C 三（六）]. An item of no known scheme (an old
# payload) keeps ``ACTIONS``' words for every scheme.
SCHEME_ACTIONS: dict[tuple[str, LeaderExitPolicy], str] = {
    ("leader_retirement", LeaderExitPolicy.CONTINUE_WITH_CONSENT): (
        "带头人即将达到法定退休年龄，请提前了解本人意愿并做好安排：本人愿意继续领衔工作室且经"
        "所在单位同意的，可继续保留工作室；否则请办理带头人变更（[Y13]）。"
    ),
    ("leader_retirement", LeaderExitPolicy.REVOKE): (
        "领衔人即将达到法定退休年龄，请提前做好安排：领衔劳模退休不能继续发挥示范引领作用的，"
        "应及时报送管理变更申请（附件3），向上海市总工会申请摘牌（[S9]）。"
    ),
    ("leader_retirement", LeaderExitPolicy.CHANGE_REQUEST): (
        "领衔人即将达到法定退休年龄，请提前做好安排：领衔工匠退休的，应及时报送管理变更申请"
        "（附件3），经市总工会审核后采取领衔人变更、退出管理序列（保留工作室称号或摘牌）等措施"
        "（[C 三（六）]）。"
    ),
    ("leader_retirement", LeaderExitPolicy.NONE): (
        "带头人即将达到法定退休年龄，请提前了解本人意愿并做好安排。"
    ),
    ("change_request_due", LeaderExitPolicy.CONTINUE_WITH_CONSENT): (
        "带头人不能继续领衔的，请办理带头人变更（同时持有市级称号的，随该称号的管理变更申请"
        "（附件3）变更）；退休带头人本人愿意继续领衔且经所在单位同意的，可继续保留工作室"
        "（[Y13]）。"
    ),
    ("change_request_due", LeaderExitPolicy.REVOKE): (
        "领衔劳模已故、离职、退休等不能继续发挥示范引领作用的，应及时报送管理变更申请（附件3），"
        "向上海市总工会申请摘牌（[S9]）。"
    ),
    # 附件3 of a 劳模 title decides only its 摘牌 [S9] (``changes.checks.MEASURES_BY_POLICY``).
    ("change_request_step", LeaderExitPolicy.REVOKE): (
        "请在管理变更申请（附件3）上签署本级意见并注明日期；领衔劳模已故、离职、退休等不能继续"
        "发挥示范引领作用的，由上海市总工会审定摘牌，取消其上海市“劳模创新工作室”称号（[S9]）。"
    ),
    ("change_request_due", LeaderExitPolicy.CHANGE_REQUEST): (
        "领衔工匠退休、离职、身故或发生其他情况，不能继续发挥示范引领作用的，应及时报送管理变更"
        "申请（附件3），经市总工会审核后采取领衔人变更、退出管理序列（保留工作室称号或摘牌）等"
        "措施（[C 三（六）]）。"
    ),
}


def action_of(kind: str, scheme_code: str | None, finding: str | None = None) -> str:
    """What the recipient should do for an item of ``kind`` of a title of ``scheme_code``
    (``finding``: an audit finding's kind, whose article it cites)."""
    matching = kind == "funding_finding" and matching_finding(finding)
    text = MATCHING_FINDING_ACTION if matching else ACTIONS.get(kind, DEFAULT_ACTION)
    if scheme_code not in {s.settings.code for s in all_schemes()}:
        return text
    settings = get_scheme(scheme_code).settings
    if matching or kind == "matching_funds":  # the scheme's own article (上海工匠: [C 三（一）])
        return text.replace("[S10]", settings.matching_article)
    if kind == "funding_finding" and settings.earmark_article:  # its earmarking article
        return text.replace("[Y16]", settings.earmark_article)
    return SCHEME_ACTIONS.get((kind, settings.leader_exit_policy), text)


def chinese_date(day: date) -> str:
    """2026年3月15日（星期日）."""
    return f"{clock.chinese_date(day)}（星期{WEEKDAYS[day.weekday()]}）"


@dataclass(frozen=True)
class DigestItem:
    """One line of a reminder digest: what, for which title, by when, what to do, where."""

    kind_label: str
    title: str
    subject: str
    due_on: date
    step_label: str
    action: str
    url: str
    on_behalf_of: str | None = None  # a union without contacts the recipient passes it on to
    # A step with no deadline (无规定办理期限, announced once as 新到待办): ``due_on`` is the day
    # it began waiting, no due date.
    undated: bool = False
    warning: bool = False  # a warning (WARNING_KINDS): ``due_on`` is when it starts, no due date

    @property
    def due_text(self) -> str:
        return chinese_date(self.due_on)


@dataclass(frozen=True)
class DigestSection:
    """The digest's items of one union: the recipient's own (``on_behalf_of`` None), or those of
    a union without contacts the recipient passes on, each item with its number in the mail."""

    on_behalf_of: str | None
    items: tuple[tuple[int, DigestItem], ...]


@dataclass(frozen=True)
class ReminderDigest:
    """The daily digest of one recipient (template ``reminder_digest``) (DOMAIN.md §6)."""

    recipient_name: str
    as_of: date
    items: tuple[DigestItem, ...]
    base_url: str

    @property
    def as_of_text(self) -> str:
        return chinese_date(self.as_of)

    @property
    def sections(self) -> tuple[DigestSection, ...]:
        """The items by whose they are: the recipient's union's own first, then each union to
        pass items on to, in the order of its most urgent item, so that one union's list can be
        forwarded whole; the items keep their order and are numbered through the mail."""
        groups: dict[str | None, list[DigestItem]] = {None: []}
        for item in self.items:
            groups.setdefault(item.on_behalf_of, []).append(item)
        numbered, n = [], 0
        for union, items in groups.items():
            if items:
                numbered.append(DigestSection(union, tuple(enumerate(items, start=n + 1))))
                n += len(items)
        return tuple(numbered)

    @property
    def intro(self) -> str:
        """What the mail lists: the recipient's union's own items, or also (or only) those it
        passes on to unions without contacts (not 「您所在工会负责的」 then)."""
        passed = sum(1 for i in self.items if i.on_behalf_of)
        total = len(self.items)
        if not passed:
            return f"您所在工会负责的以下{total}项创新工作室管理事项需要办理："
        if passed == total:
            return f"以下{total}项创新工作室管理事项需要您转告尚未登记联系人的工会办理："
        return (
            f"以下{total}项创新工作室管理事项需要办理，其中{passed}项请转告尚未登记联系人的"
            "工会办理："
        )

    @property
    def as_of_day(self) -> str:
        """The sweep's day as the subject says it: 2026年3月8日."""
        return clock.chinese_date(self.as_of)

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any], base_url: str) -> ReminderDigest:
        """Rebuild the context from the outbox payload written by the sweep."""
        base = base_url.rstrip("/")
        items = tuple(
            DigestItem(
                kind_label=i["kind_label"],
                title=i["title"],
                subject=i["subject"],
                due_on=date.fromisoformat(i["due_on"]),
                step_label=i["step_label"],
                action=i.get("action") or action_of(i["kind"], i.get("scheme"), i.get("finding")),
                url=f"{base}{i['link']}",
                on_behalf_of=i.get("on_behalf_of"),
                undated=undated_step(i.get("step")),
                warning=i["kind"] in WARNING_KINDS,
            )
            for i in payload["items"]
        )
        return cls(
            recipient_name=payload["name"],
            as_of=date.fromisoformat(payload["as_of"]),
            items=items,
            base_url=base,
        )


# Message kinds as the outbox names them → the context model that renders them.
MESSAGE_KINDS: dict[str, type[ReminderDigest]] = {"reminder_digest": ReminderDigest}


@dataclass(frozen=True)
class Rendered:
    """Subject, plain text and HTML of one mail."""

    subject: str
    text: str
    html: str


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment (built on first use); HTML templates are autoescaped."""
    return Environment(
        loader=PackageLoader("notifications", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        auto_reload=False,  # templates ship with the code: no stat of three files per mail
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,  # rule ids as Chinese citations
    )


ENDS = (".subject.txt", ".txt", ".html")  # a kind's templates: subject, plain text, HTML


def render_payload(kind: str, payload: Mapping[str, Any], base_url: str) -> Rendered:
    """Render an outbox message of ``kind`` from its stored payload: ``kind.subject.txt``,
    ``kind.txt`` and ``kind.html`` with the context model of that kind."""
    values = {"m": MESSAGE_KINDS[kind].from_payload(payload, base_url)}
    subject, text, html = (environment().get_template(kind + end).render(values) for end in ENDS)
    return Rendered(" ".join(subject.split()), text, html)
