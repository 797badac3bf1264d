"""The reminder policy: on which days an occasion is announced, as pure functions (DOMAIN.md §6)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from lifecycle.clock import chinese_date
from lifecycle.config import Settings
from lifecycle.occasions.model import Occasion, OccasionKind, OccasionStatus
from lifecycle.vocab import ContactRole


@dataclass(frozen=True)
class ReminderPolicy:
    """Lead days per occasion kind (unlisted kinds get ``lead_days``), then a repeat while late."""

    lead_days: tuple[int, ...] = (60, 30, 7, 0)
    overdue_every_days: int = 7
    by_kind: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> ReminderPolicy:
        """The policy configured for this installation (the ``reminder_*`` settings)."""
        return cls(
            lead_days=tuple(settings.reminder_lead_days),
            overdue_every_days=settings.reminder_overdue_every_days,
            by_kind={k: tuple(v) for k, v in settings.reminder_lead_days_by_kind.items()},
        )

    @property
    def horizon_days(self) -> int:
        """The farthest lead of any kind: the sweep reads due dates up to as_of + this."""
        every = [self.lead_days, *self.by_kind.values()]
        return max((max(days) for days in every if days), default=0)


def day_step(due_on: date, as_of: date, *, warning: bool) -> str:
    """Where an occasion due on ``due_on`` stands on ``as_of``, as a step: "before-30", "on-day",
    "overdue-1"; a warning, which is never late, "warning-7" (days since it began)."""
    days_before = (due_on - as_of).days
    if warning:
        return f"warning-{-days_before}"
    if days_before > 0:
        return f"before-{days_before}"
    return "on-day" if days_before == 0 else f"overdue-{-days_before}"


# A step that waits with no date of its own is announced once, by the first sweep on or after its
# day (the items' unique key keeps it once whatever the day: ``stored_keys`` reads these).
ARRIVED = "arrived"
ONCE_STEPS = frozenset({ARRIVED})
# A dated duty that arose after the first lead day of its kind, told once by the next sweep
# (``arrival_step``) where no item told of it before (``ReminderRepository.told``).
NEW = "new"
# How a new duty already late reads (``told_as_of``): 「新到待办，已逾期N天」.
NEW_LATE = "newlate"
# How long a step waiting with no date of its own reads as 新到待办 (then: 已等待N天).
NEW_FOR_DAYS = 7


def leads_of(occasion: Occasion, policy: ReminderPolicy) -> tuple[int, ...]:
    """The lead days of the occasion's kind: its own, else the default (a new kind too)."""
    return policy.by_kind.get(occasion.kind.value, policy.lead_days)


def lead_step(occasion: Occasion, as_of: date, policy: ReminderPolicy) -> str | None:
    """The step announcing ``occasion`` on ``as_of`` (``day_step``), or None.

    Before the due date only the lead days count; an undone occasion is announced on its first
    day overdue, the day after its due date (DOMAIN.md §3: 「overdue on 1 January」), then every
    ``overdue_every_days`` while it stays open. A warning is never late: it is announced on its
    start and as often after it.
    """
    if occasion.status is OccasionStatus.DONE:
        return None
    if occasion.undated:
        return ARRIVED if as_of >= occasion.due_on else None
    step = day_step(occasion.due_on, as_of, warning=occasion.warning)
    days_before = (occasion.due_on - as_of).days
    if days_before >= 0 and not occasion.warning:
        return step if days_before in leads_of(occasion, policy) else None
    # Days since the warning began, or since the first day overdue.
    since = -days_before if occasion.warning else -days_before - 1
    every = policy.overdue_every_days
    if since < 0 or (since and (every <= 0 or since % every)):
        return None
    return step


def arrival_step(
    occasion: Occasion, as_of: date, policy: ReminderPolicy, since: date
) -> str | None:
    """``NEW`` when ``occasion`` is told on ``as_of`` as a new duty (DOMAIN.md §6): a dated duty
    that arose from ``since`` (the previous sweep's day) through ``as_of``, after the first lead
    day of its kind had passed (a 整改通知 issued 20 days before its deadline), or already late
    (a leader's death recorded days after it: the 附件3 owed from that day), on a day
    ``lead_step`` does not tell it (a lead day, an overdue repeat): its union hears of it on the
    next sweep, not at the next lead day or weekly repeat. A warning, a done duty or a step with
    no date of its own never."""
    arose = occasion.arose_on
    if arose is None or not since <= arose <= as_of:
        return None
    if occasion.status is OccasionStatus.DONE or occasion.undated or occasion.warning:
        return None
    leads = leads_of(occasion, policy)
    if not leads or (occasion.due_on - arose).days > max(leads):
        return None  # it arose before its first lead day: the lead days tell it
    return NEW if lead_step(occasion, as_of, policy) is None else None


def arrival_since(policy: ReminderPolicy, as_of: date, last: date | None) -> date:
    """The first day a duty told as new on ``as_of`` may have arisen: the previous sweep's day
    (``last``; one arisen later that day came after its sweep), at most the longest lead before
    (one arisen earlier was past due or on its lead days: ``arrival_step`` tells none)."""
    floor = as_of - timedelta(days=policy.horizon_days)
    return floor if last is None else max(min(last, as_of), floor)


def undated_step(step: object) -> bool:
    """Whether a digest line's step is one of a step with no date of its own (``told_as_of``)."""
    return isinstance(step, str) and (step == ARRIVED or step.startswith("waiting-"))


def told_as_of(step: str, due_on: date, day: date, *, warning: bool) -> str:
    """How an item announced at ``step`` reads in a digest of ``day`` (``step_label``): a dated
    step as of that day (「还有24天到期」, not the 「还有30天到期」 of its sweep six days before); a
    new duty 「新到待办，还有N天到期」 until it is due, then as of that day (已逾期 when late); a
    new duty already late 「新到待办，已逾期N天」; a step with no date of its own 新到待办 for
    ``NEW_FOR_DAYS``, then 「已等待N天」."""
    if step == ARRIVED:
        waited = (day - due_on).days
        return ARRIVED if waited <= NEW_FOR_DAYS else f"waiting-{waited}"
    if step == NEW:
        left = (due_on - day).days
        return f"new-{left}" if left >= 0 else f"{NEW_LATE}-{-left}"
    return day_step(due_on, day, warning=warning)


def announcement_dates(policy: ReminderPolicy, as_of: date, earliest: date) -> list[date]:
    """Every due date (from ``earliest`` on) on which some kind's occasion is announced on
    ``as_of``: the lead dates of every kind; overdue ones from the day before, warnings from
    ``as_of``, each every ``overdue_every_days`` further back. A superset for a fetch to narrow
    by; ``lead_step`` decides each occasion."""
    leads = {d for days in (policy.lead_days, *policy.by_kind.values()) for d in days}
    found = {as_of + timedelta(days=d) for d in leads if d >= 0}
    every = policy.overdue_every_days
    for start in (as_of, as_of - timedelta(days=1)):
        found.add(start)
        if every > 0:
            back = (start - earliest).days // every
            found.update(start - timedelta(days=every * k) for k in range(1, back + 1))
    return sorted(found)


# Items about money: only finance staff record grants and payments and answer audit findings
# (DOMAIN.md §1, §6) [S10][Y16].
MONEY_KINDS = frozenset({OccasionKind.MATCHING_FUNDS.value, OccasionKind.FUNDING_FINDING.value})


def reaches(role: str, kind: str) -> bool:
    """Whether a contact of ``role`` at the acting union is told of an item of ``kind``: finance
    contacts the money items, every other contact the lifecycle items (DOMAIN.md §6)."""
    money = kind in MONEY_KINDS
    return money if role == ContactRole.FINANCE.value else not money


def step_label(step: str) -> str:
    """The step in Chinese, e.g. 今日到期, 还有30天到期, 已逾期14天, 预警, 预警已持续7天,
    新到待办, 新到待办，还有20天到期, 新到待办，已逾期3天, 已等待30天 (``told_as_of``)."""
    if step == "on-day":
        return "今日到期"
    if step == ARRIVED:
        return "新到待办"
    name, _, number = step.partition("-")
    if name == NEW:
        return "新到待办，今日到期" if number == "0" else f"新到待办，还有{number}天到期"
    if name == NEW_LATE:
        return f"新到待办，已逾期{number}天"
    if name == "waiting":
        return f"已等待{number}天"
    if name == "warning":
        return "预警" if number == "0" else f"预警已持续{number}天"
    return f"还有{number}天到期" if name == "before" else f"已逾期{number}天"


# A money kind and a lifecycle kind: ``reaches`` tells only these two audiences apart.
_AUDIENCES = (OccasionKind.MATCHING_FUNDS.value, OccasionKind.CYCLE_INSPECTION.value)


@dataclass
class Routes:
    """Where the items each union must act on go (``to``), each answer worked out once."""

    roles: Mapping[int, Collection[str]]  # the contacts' roles of each union
    parents: Mapping[int, int | None]  # every union's parent
    names: Mapping[int, str]  # every union's name
    found: dict[tuple[int, bool], int | None] = field(default_factory=dict)

    def to(self, union_id: int, kind: str) -> int | None:
        """The union whose contacts hear of ``union_id``'s items of ``kind``: that union when a
        contact of it is told of the kind (``reaches``), else the nearest union above it with one,
        to pass it on (DOMAIN.md §6: none lost); None when no union up the tree has one."""
        key = (union_id, kind in MONEY_KINDS)
        if key not in self.found:
            at: int | None = union_id
            while at is not None and not any(reaches(r, kind) for r in self.roles.get(at, ())):
                at = self.parents.get(at)
            self.found[key] = at
        return self.found[key]

    def behalf(self, union_id: int, kind: str) -> str | None:
        """The name of the acting union when its items of ``kind`` go to another's contacts."""
        return None if self.to(union_id, kind) == union_id else self.names.get(union_id)

    def acting_for(self, unions: Collection[int]) -> set[int]:
        """The unions whose items go to one of ``unions``."""
        return {u for u in self.parents for kind in _AUDIENCES if self.to(u, kind) in unions}


def future_sweep_refusal(as_of: date, today: date) -> str | None:
    """Why the reminders of ``as_of`` may not be written today (None: they may): a day not yet
    come would mail every union reminders and 逾期 notices that are not yet true, and, recorded
    as swept, would stop the scheduler catching up the days it missed (DOMAIN §6). It may only
    be shown (a dry run)."""
    if as_of <= today:
        return None
    return (
        f"不能为尚未到来的日期（{chinese_date(as_of)}）生成提醒：将向各工会发出尚未发生的到期"
        f"和逾期提醒（今天是{chinese_date(today)}）"
    )


def past_sweep_refusal(as_of: date, last: date | None) -> str | None:
    """Why the reminders of ``as_of`` may not be written after those of the later day ``last``
    (None: they may): worded as of that earlier day (「还有30天到期」), they would go out now
    beside the later day's digest, which lists what is still owed then (DOMAIN §6: a digest
    true on its day). It may only be shown (a dry run)."""
    if last is None or as_of >= last:
        return None
    return (
        f"{chinese_date(last)}的提醒已经生成，不能再补生成更早日期（{chinese_date(as_of)}）的提醒："
        f"其邮件将按{chinese_date(as_of)}的情况措辞在今天发出，而{chinese_date(last)}的汇总邮件"
        "已列出当时仍需办理的事项"
    )
