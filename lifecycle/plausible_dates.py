"""Plausible dates: when what a record says happened can have happened (docs/RULES.md, 日期).

One rule for every use case that records a person or an event of a team: a birth date gives an
age within working life, a person joins a team at working age, an event lies between the team's
founding (or, before any team, the service's earliest date) and today. Dates the regulations
say must be recorded as reported are not judged here: an expenditure after the title ended is
an audit finding [Y16], not a refusal.
"""

from __future__ import annotations

from datetime import date

from lifecycle.clock import chinese_date
from lifecycle.errors import Problems

# 《中华人民共和国劳动法》第十五条：禁止用人单位招用未满十六周岁的未成年人。
MIN_WORKING_AGE = 16
# Older than any member, leader or honoured worker still on a register (retired leaders may
# continue [Y13], honours are kept for life); a birth date older than this is a typing error.
MAX_AGE = 100
# No union workshop, fund or ledger of the regulations [Y][S][C][G][L] is older than the
# People's Republic: the earliest date a team can have been founded on.
EARLIEST_FOUNDING = date(1949, 10, 1)
LABOUR_LAW_15 = "《中华人民共和国劳动法》第十五条"


def age_on(birth: date, day: date) -> int:
    """Whole years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def birth_date_problems(problems: Problems, field: str, birth: date, as_of: date) -> None:
    """A birth date giving an age of 16 (the legal working age) to 100 today."""
    if birth > as_of:
        problems.add(field, "date_in_future", f"出生日期不能晚于{chinese_date(as_of)}")
        return
    age = age_on(birth, as_of)
    if age < MIN_WORKING_AGE:
        problems.add(
            field,
            "too_young",
            f"出生日期不合理：按此日期现年{age}岁，未满{MIN_WORKING_AGE}周岁（{LABOUR_LAW_15}）",
        )
    elif age > MAX_AGE:
        problems.add(field, "too_old", f"出生日期不合理：按此日期现年{age}岁，超过{MAX_AGE}周岁")


def joining_age_problems(
    problems: Problems, field: str, joined_on: date, birth: date, label: str = "加入日期"
) -> None:
    """A person joins a team on or after their 16th birthday, the legal working age
    (《劳动法》第十五条)."""
    if joined_on < birth:
        problems.add(
            field, "before_birth", f"{label}不能早于该人员的出生日期（{chinese_date(birth)}）"
        )
        return
    age = age_on(birth, joined_on)
    if age < MIN_WORKING_AGE:
        problems.add(
            field,
            "too_young",
            f"{label}不合理：该人员生于{chinese_date(birth)}，加入时{age}岁，"
            f"未满{MIN_WORKING_AGE}周岁（{LABOUR_LAW_15}）",
        )


def years_of_work_problems(
    problems: Problems, field: str, years: int, birth: date, as_of: date
) -> None:
    """A member's years of work (工作年限) fit in the working life the person has had by today:
    from the 16th birthday, the legal working age (《劳动法》第十五条), on."""
    age = age_on(birth, as_of)
    most = max(age - MIN_WORKING_AGE, 0)
    if years > most:
        problems.add(
            field,
            "beyond_working_life",
            f"工作年限不合理：该人员生于{chinese_date(birth)}，现年{age}岁，"
            f"自{MIN_WORKING_AGE}周岁起至今最多工作{most}年（{LABOUR_LAW_15}）",
        )


def leading_age_problems(
    problems: Problems, field: str, on: date, birth: date, *, when: str, label: str = "带头人"
) -> None:
    """A person leads a team from ``on`` (its founding, or taking over) only on or after their
    16th birthday, as a member joins it (《劳动法》第十五条)."""
    if on < birth:
        problems.add(
            field,
            "before_birth",
            f"{label}不合理：{when}（{chinese_date(on)}）早于该人员的出生日期（{chinese_date(birth)}）",
        )
        return
    age = age_on(birth, on)
    if age < MIN_WORKING_AGE:
        problems.add(
            field,
            "too_young",
            f"{label}不合理：该人员生于{chinese_date(birth)}，{when}{age}岁，"
            f"未满{MIN_WORKING_AGE}周岁（{LABOUR_LAW_15}）",
        )


def event_date_problems(
    problems: Problems,
    field: str,
    value: date,
    label: str,
    *,
    as_of: date | None,
    founded_on: date | None = None,
) -> None:
    """A date of something that happened to a team: not before its founding (unknown: the
    earliest founding there can be) and, where ``as_of`` is given, not after today."""
    if as_of is not None and value > as_of:
        problems.add(field, "date_in_future", f"{label}不能晚于{chinese_date(as_of)}")
    if founded_on is not None and value < founded_on:
        problems.add(
            field,
            "before_founding",
            f"{label}不能早于工作室成立日期（{chinese_date(founded_on)}）",
        )
    elif value < EARLIEST_FOUNDING:
        problems.add(field, "date_too_early", f"{label}不能早于{chinese_date(EARLIEST_FOUNDING)}")


# One round a year ([Y7] 「一般于每年年底开展」, [C] 四, [L] 四, [G] 二（三）): a call's window from
# its opening to its deadline spans at most two years, and a call published today is for this
# year's round or the next (reading P36i).
CALL_WINDOW_MAX_DAYS = 731  # two years: a late round may stay open into the next (reading I4)
CALL_YEARS_AHEAD = 1


def call_year_ahead_problem(year: int, as_of: date) -> str | None:
    """Why a call published on ``as_of`` may not be for ``year`` (None: it may): not a round
    further ahead than the next year's (reading P36i)."""
    last = as_of.year + CALL_YEARS_AHEAD
    if year <= last:
        return None
    return f"年度不合理：今天（{chinese_date(as_of)}）只能发布{last}年度及以前的通知，每年一轮"


def window_too_long(opens_on: date, deadline: date) -> bool:
    """Whether a call's window spans more than one yearly round (reading P36i)."""
    return (deadline - opens_on).days > CALL_WINDOW_MAX_DAYS


def call_window_problems(
    problems: Problems, opens_on: date, deadline: date, *, field: str = "deadline"
) -> None:
    """A call's window from ``opens_on`` to ``deadline`` spans at most two years, a round of the
    yearly rounds (reading P36i); refused beside ``field``."""
    if window_too_long(opens_on, deadline):
        problems.add(
            field,
            "window_too_long",
            f"受理期限不合理：{chinese_date(opens_on)}至{chinese_date(deadline)}超过两年，"
            "申报每年一轮，受理期限最长两年",
        )
