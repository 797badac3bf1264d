"""Generators of the drift warnings: no project this year, no achievement for years [Y3]."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from lifecycle.occasions.facts import DesignationFacts, Window, month_day, occasion
from lifecycle.occasions.model import Occasion, OccasionKind
from lifecycle.schemes.base import SchemeSettings, add_years

_NUMERALS = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五"}


def no_project(
    facts: DesignationFacts, settings: SchemeSettings, window: Window, as_of: date
) -> Iterator[Occasion]:
    """每年至少1个攻关项目 [Y3]: warn from ``drift_project_warning_from`` until one is recorded."""
    warn_md = settings.drift_project_warning_from
    if warn_md is None:
        return
    assert facts.naming_date is not None
    # A year's warning lapses at its end (the cycle-end inspection then judges the year).
    for year in range(min(window.start.year, as_of.year), min(window.end.year, as_of.year) + 1):
        warn_on = month_day(year, warn_md)
        if warn_on > as_of or facts.naming_date >= warn_on or year in facts.project_years:
            continue
        if window.admits(warn_on, done=False):
            yield occasion(
                facts,
                settings,
                as_of,
                OccasionKind.DRIFT_NO_PROJECT,
                due_on=warn_on,
                union_id=facts.unit_union_id,
                title=f"{year}年度尚未登记攻关项目",
                key=f"{facts.id}:{year}",
                standing=True,
                visible_until=date(year, 12, 31),
            )


def no_achievement(
    facts: DesignationFacts, settings: SchemeSettings, window: Window, as_of: date
) -> Iterator[Occasion]:
    """每两年至少1项有效益并推广应用的创新成果 [Y3]: warn the day after N years without one."""
    every = settings.achievement_every_years
    if every is None:
        return
    assert facts.naming_date is not None
    base = facts.last_achievement_on or facts.naming_date
    warn_on = add_years(base, every) + timedelta(days=1)
    if facts.cutover_on is not None and warn_on < facts.cutover_on:
        # Nothing before the cut-over was recorded here: the years are counted from it.
        base = facts.cutover_on
        warn_on = add_years(base, every) + timedelta(days=1)
    if warn_on <= as_of and window.admits(warn_on, done=False):
        yield occasion(
            facts,
            settings,
            as_of,
            OccasionKind.DRIFT_NO_ACHIEVEMENT,
            due_on=warn_on,
            union_id=facts.unit_union_id,
            title=f"近{_NUMERALS.get(every, str(every))}年无创新成果",
            # A new achievement starts a new episode: a new key, so a new reminder.
            key=f"{facts.id}:{base.isoformat()}",
            standing=True,
        )
