"""Yearly filings: the self-check and the unit union's evaluation, before year end [Y11]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.designations.authority import authority_refusal, require_authority
from lifecycle.designations.model import Designation
from lifecycle.designations.states import is_active
from lifecycle.errors import FieldProblem, Problems
from lifecycle.files.storage import FileStorage, Upload, store_upload, upload_problems
from lifecycle.filings.model import FilingKind, YearlyFiling
from lifecycle.occasions.facts import month_day
from lifecycle.schemes import get_scheme
from lifecycle.schemes.authority import Act
from lifecycle.schemes.base import SchemeSettings
from lifecycle.schemes.texts import unset_note
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after, year_problem


@dataclass(frozen=True)
class FileYearly:
    designation_id: int
    year: int
    kind: FilingKind
    filed_on: date
    upload: Upload
    note: str | None = None


NOTE_MAX = 2000  # as the API takes it


def filing_field_problems(
    year: int | None, filed_on: date | None, *, as_of: date, note: str | None = None
) -> list[FieldProblem]:
    """What filing would refuse in the year and the date whatever the designation (a year after
    this one; a date after today or before the year; None: unreadable, already refused by the
    form): for a form refused before the use case runs, so every bad field shows at once [Y11]."""
    problems = Problems()
    if year is not None and year > as_of.year:  # no year after this one is filed yet
        problems.add("year", "invalid_year", f"备案年度不能晚于{as_of.year}年")
    not_after(problems, "filed_on", filed_on, as_of, "备案日期")
    # A year refused above is the one to correct, not the date.
    if filed_on is not None and year is not None and filed_on.year < year <= as_of.year:
        first = chinese_date(date(year, 1, 1))
        problems.add(
            "filed_on",
            "before_year",
            f"备案日期不能早于{first}：{year}年度的备案不能在该年度之前提交",
        )
    if note is not None and len(note.strip()) > NOTE_MAX:
        problems.add("note", "too_long", f"备注不能超过{NOTE_MAX}个字符")
    return problems.items


def before_naming(designation: Designation, filed_on: date) -> FieldProblem | None:
    """A filing dated before the title was named: the self-check and the evaluation are of a
    named workshop, filed with the district union that named it [Y11], so none precedes the
    naming (a title named 2026-03-07 files its 2026 self-check on or after that day)."""
    named = designation.naming_date
    if named is None or filed_on >= named:
        return None
    return FieldProblem(
        "filed_on",
        "before_naming",
        f"备案日期不能早于命名日期（{chinese_date(named)}）：工作室命名后方可报送年度自查和评估",
    )


def filed_late(settings: SchemeSettings, year: int, filed_on: date) -> date | None:
    """The due date a filing of ``year`` was filed after (None: in time, or the scheme sets no
    date): 自查和评估情况应于每年年底前报区总工会备案 [Y11]. A late filing is kept, and read
    as late by the district it is filed with."""
    if settings.yearly_filing_due is None:
        return None
    due = month_day(year, settings.yearly_filing_due)
    return due if filed_on > due else None


def closed_to_filing(designation: Designation) -> list[FieldProblem]:
    """Why the title takes no yearly filing today, whatever is typed: its scheme has none (a
    city title has the annual 考核 [S9] instead) or it is no longer under oversight [Y11]."""
    settings = get_scheme(designation.scheme_code).settings
    problems = Problems()
    if settings.yearly_filing_due is None:
        refused = f"{settings.name}不实行年度自查备案{unset_note(settings)}"  # 乐山: [L] 未作规定
        problems.add("designation_id", "no_yearly_filing", refused)
    if not is_active(designation.status):
        problems.add("designation_id", "not_active", "该工作室不在管理序列中")
    return problems.items


def filing_unavailable(uow: UnitOfWork, designation: Designation, actor: Actor) -> list[str]:
    """Why ``actor`` may not file for ``designation`` today, whatever is typed (empty: the form
    is offered): the title takes no filing, or the actor's union is not one that files [Y11]."""
    closed = [p.message for p in closed_to_filing(designation)]
    if get_scheme(designation.scheme_code).settings.yearly_filing_due is None:
        return closed
    refused = authority_refusal(uow, designation, Act.FILE, actor)
    return [*closed, refused.message] if refused is not None else closed


def filing_problems(
    uow: UnitOfWork,
    designation: Designation,
    year: int,
    kind: FilingKind,
    filed_on: date,
    *,
    as_of: date,
    live: bool,
) -> Problems:
    """Why a filing for ``year`` may not be recorded: the scheme, the title, the year, the date,
    a repeat. A ``live`` filing needs the title under oversight now; one made before the service
    needs it held in that year (up to the year it ended)."""
    problems = Problems()
    closed = closed_to_filing(designation)
    problems.items += [p for p in closed if live or p.code != "not_active"]
    year_refused = filing_year_problem(designation, year, as_of=as_of, live=live)
    if year_refused:
        problems.add("year", "invalid_year", year_refused)
    typed = filing_field_problems(year, filed_on, as_of=as_of)
    named = {p.field for p in problems.items}  # the year's range above says it already
    problems.items += [p for p in typed if not (p.field == "year" and "year" in named)]
    before = before_naming(designation, filed_on)
    if before is not None and not any(p.field == "filed_on" for p in problems.items):
        problems.items.append(before)
    # A year of any length is named above, never bound into a query.
    if not year_refused and (repeat := filing_taken(uow, designation.id, year, kind)):
        problems.items.append(repeat)
    return problems


def filing_taken(
    uow: UnitOfWork, designation_id: int, year: int, kind: FilingKind
) -> FieldProblem | None:
    """The refusal of a repeat: the title's filing of ``kind`` for ``year`` is on record (None:
    it is not) [Y11]. Also the refusal of a request that lost the race to a simultaneous one."""
    if uow.filings.find(designation_id, year, kind) is None:
        return None
    return FieldProblem("kind", "duplicate", f"{year}年度的该项备案已提交")


def filing_year_problem(
    designation: Designation, year: int, *, as_of: date, live: bool = True
) -> str | None:
    """Why ``year`` is not one the title files for [Y11], in the one wording of a year's range
    (「备案年度应在2024年至2026年之间」), page and API alike: from its naming year to this one
    (a filing made before the service: up to the year the title ended)."""
    last_year = as_of.year
    if not live and designation.ended_on is not None:
        last_year = min(last_year, designation.ended_on.year)
    first_year = designation.naming_date.year if designation.naming_date else as_of.year
    return year_problem(year, "备案年度", first_year, last_year)


def file_yearly(
    uow: UnitOfWork,
    storage: FileStorage,
    cmd: FileYearly,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> YearlyFiling:
    """Record one year's self-check or unit evaluation with its file; each once a year [Y11]."""
    designation = uow.designations.require(cmd.designation_id, scope)
    if get_scheme(designation.scheme_code).settings.yearly_filing_due is not None:
        require_authority(uow, designation, Act.FILE, actor)
    problems = filing_problems(
        uow, designation, cmd.year, cmd.kind, cmd.filed_on, as_of=as_of, live=True
    )
    if cmd.note is not None and len(cmd.note.strip()) > NOTE_MAX:
        problems.add("note", "too_long", f"备注不能超过{NOTE_MAX}个字符")
    # The file's problems name ``file``, the API's field (the page shows them beside its own).
    problems.items.extend(upload_problems(cmd.upload, storage, "file").items)
    problems.raise_if_any()
    stored = store_upload(uow, storage, cmd.upload, actor=actor, field="file")
    return uow.filings.add(
        YearlyFiling(
            designation_id=designation.id,
            year=cmd.year,
            kind=cmd.kind,
            filed_on=cmd.filed_on,
            file_id=stored.id,
            filed_by=actor.name,
            note=(cmd.note or "").strip() or None,
        ),
        # The year's filing recorded meanwhile by another request: refused as the check above.
        taken=lambda: filing_taken(uow, designation.id, cmd.year, cmd.kind),
    )
