"""Which achievement, at which year-end filing, may be put forward for excellence support [Y15]:
「对于…的工作室，可在年底向区总工会备案时，提出优秀创新成果项目扶持资金申请」 (reading 35c)."""

from __future__ import annotations

from datetime import date

from lifecycle.clock import chinese_date
from lifecycle.vocab import DesignationStatus


def excellence_refusal(*, achieved_on: date, naming_date: date | None) -> str | None:
    """Why an achievement may not be put forward at all, or None: the support is for what the
    named workshop achieved; one dated before the naming is the team's record that led to the
    title, not the named workshop's result."""
    if naming_date is not None and achieved_on < naming_date:
        return (
            f"该成果取得于{chinese_date(achieved_on)}，早于工作室命名日期"
            f"（{chinese_date(naming_date)}），不能申请优秀成果项目扶持（[Y15]）"
        )
    return None


def filing_refusal(*, achieved_on: date, year: int, filed_on: date) -> str | None:
    """Why an achievement may not be put forward at the year-end filing of ``year`` on
    ``filed_on``, or None: not one not yet made that day, nor one of a later year."""
    if achieved_on > filed_on:
        return (
            f"该成果取得于{chinese_date(achieved_on)}，晚于申请日期（{chinese_date(filed_on)}），"
            "尚未取得的成果不能申请优秀成果项目扶持（[Y15]）"
        )
    if achieved_on.year > year:
        return (
            f"该成果取得于{chinese_date(achieved_on)}，不属于{year}年度，"
            f"应在{achieved_on.year}年度年底备案时申请扶持（[Y15]）"
        )
    return None


def support_year_refusal(*, year: int, naming_date: date | None) -> str | None:
    """Why an application cannot be made at the year-end filing of ``year``, or None: that is the
    named workshop's yearly filing [Y11], so as that filing no year before the naming year."""
    if naming_date is not None and year < naming_date.year:
        return (
            f"备案年度不能早于命名年度：该工作室于{chinese_date(naming_date)}命名，"
            f"最早在{naming_date.year}年度年底备案时申请扶持（[Y15]）"
        )
    return None


def status_refusal(status: DesignationStatus) -> str | None:
    """Why a title in ``status`` may not apply now, or None: the application goes with the
    year-end filing of a workshop holding its title [Y11][Y15], not one applied for, rejected,
    under 整改 or ended."""
    if status is not DesignationStatus.NAMED:
        return "只有处于「已命名」状态的工作室可以申请扶持"
    return None
