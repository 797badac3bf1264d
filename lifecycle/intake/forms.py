"""Application forms as data: each scheme pack declares its fields; one validator reads them all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from lifecycle.clock import chinese_date
from lifecycle.errors import Problems
from lifecycle.phones import phone_problem
from lifecycle.validation import (
    iso_date,
    iso_written,
    missing_day,
    plain_decimal,
    plain_int,
    year_problem,
)


class FieldKind(StrEnum):
    """How a form field is entered and checked."""

    TEXT = "text"  # one line
    PHONE = "phone"  # one line: a mainland mobile or landline (reading IN4)
    LONGTEXT = "longtext"  # a narrative, counted in characters
    INT = "int"  # a count (≥ 0)
    NUMBER = "number"  # a decimal amount or area, kept as text
    BOOL = "bool"  # □是 □否
    CHOICE = "choice"  # one of the printed boxes
    DATE = "date"
    YEAR = "year"  # a calendar year (YYYY), not after the year of the check
    TABLE = "table"  # rows of sub-fields (members, projects, awards)


class RegisterFact(StrEnum):
    """A fact of the team's register (工作室登记) that a form field restates and a rule reads."""

    HOST_UNIT_NATURE = "host_unit_nature"  # 单位性质: the non-public share [C 二（二）]
    FOUNDED_ON = "founded_on"  # 创建时间: 有效运行2年以上 [L 二（一）]
    TEAM_SIZE = "team_size"  # 共（人）, the leader included: 5人以上 [L 二（一）]


@dataclass(frozen=True)
class FieldSpec:
    """One field of an original form; 「不得缺项、漏项」 makes every `required` field binding."""

    name: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    required: bool = True
    max_len: int = 200
    min_chars: int | None = None  # ≥N字, enforced
    max_chars: int | None = None  # ≤N字 / N字以内, enforced
    guide_chars: int | None = None  # 约N字 / N字左右: shown as a count, never enforced
    choices: tuple[tuple[str, str], ...] = ()
    columns: tuple[FieldSpec, ...] = ()  # TABLE only
    rows: int = 5  # TABLE: rows offered on the page
    min_rows: int = 0  # TABLE: rows required
    section: str = ""
    article: str = ""
    past: bool = False  # DATE: a fact already happened, not after the day of the check
    bounds: tuple[int, int] = (0, 10_000_000)  # INT: the least and the most it may be
    # The register's fact the field restates: its value is the register's (``registered.py``).
    register: RegisterFact | None = None


@dataclass(frozen=True)
class FormSpec:
    """A whole application form: its title, its article and its fields in printed order."""

    title: str
    article: str
    fields: tuple[FieldSpec, ...]

    def field(self, name: str) -> FieldSpec:
        """The field called ``name``; KeyError when the form has none."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


@dataclass(frozen=True)
class CharCount:
    """A narrative's length against its guide or limits, shown beside the field."""

    name: str
    label: str
    count: int
    guide: int | None
    minimum: int | None
    maximum: int | None


def char_count(text: str) -> int:
    """Characters a reader counts: everything except whitespace (字数)."""
    return sum(1 for ch in text if not ch.isspace())


def counts(spec: FormSpec, data: dict[str, Any]) -> list[CharCount]:
    """The length of every narrative field of a form, for display [C 附件1][L 附件1][L 附件3]."""
    return [
        CharCount(
            f.name,
            f.label,
            char_count(str(data.get(f.name) or "")),
            f.guide_chars,
            f.min_chars,
            f.max_chars,
        )
        for f in spec.fields
        if f.kind is FieldKind.LONGTEXT
    ]


@dataclass(frozen=True)
class _Check:
    """How a form is checked: completely (submission) or as a draft, on which day; ``sent``: as
    the caller sent it, whose boxes the form does not have are refused."""

    complete: bool
    as_of: date
    sent: bool = True


def clean_form(
    spec: FormSpec,
    raw: dict[str, Any],
    *,
    complete: bool,
    as_of: date,
    as_saved: bool = False,
) -> tuple[dict[str, Any], Problems]:
    """Typed values of a form; with ``complete`` every required field and every limit binds.
    A fact's date or year after ``as_of`` is refused either way (Asia/Shanghai).

    A box the form does not have (``foo``, a column no row of its table has) is refused by
    name, never dropped unsaid; ``as_saved``: the form as saved earlier (only its own boxes
    then, or a box a later edition of the form no longer prints, which is left)."""
    problems = Problems()
    data: dict[str, Any] = {}
    check = _Check(complete, as_of, sent=not as_saved)
    if check.sent:
        for name in _unknown(raw, spec.fields):
            problems.add(name, "extra_forbidden", f"{spec.title}没有「{_shown(name)}」这一栏")
    for f in spec.fields:
        data[f.name] = _clean(f, raw.get(f.name), problems, f.name, check)
    return data, problems


def _unknown(raw: dict[str, Any], fields: tuple[FieldSpec, ...]) -> list[str]:
    """The boxes of ``raw`` that none of ``fields`` is, in the order sent."""
    names = {f.name for f in fields}
    return [str(name) for name in raw if name not in names]


def _shown(name: str) -> str:
    """A box's name as a message quotes it: a long one cut short (the path keeps it whole)."""
    return name if len(name) <= 40 else f"{name[:40]}…"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _clean(f: FieldSpec, value: Any, problems: Problems, path: str, check: _Check) -> Any:
    if f.kind is FieldKind.TABLE:
        return _clean_table(f, value, problems, path, check)
    if f.kind is FieldKind.BOOL:
        return _bool(f, value, problems, path)
    if _blank(value):
        # A field restating the register is never missing: the register fills it in.
        if check.complete and f.required and f.register is None:
            problems.add(path, "required", f"{f.label}不得缺项（必填）")
        return None
    text = str(value).strip()
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        problems.add(path, "invalid_characters", f"{f.label}含有不可见的控制字符")
        return None
    if f.kind is FieldKind.INT:
        return _int(f, text, problems, path)
    if f.kind is FieldKind.NUMBER:
        return _number(f, text, problems, path)
    if f.kind is FieldKind.YEAR:
        return _year(f, text, problems, path, check.as_of)
    if f.kind is FieldKind.DATE:
        return _date(f, text, problems, path, check.as_of)
    if f.kind is FieldKind.CHOICE:
        if text not in {c for c, _ in f.choices}:
            problems.add(path, "invalid_choice", f"{f.label}不在可选范围内")
        return text
    if f.kind is FieldKind.LONGTEXT:
        _limits(f, text, problems, path, complete=check.complete)
        return text
    if len(text) > f.max_len:
        problems.add(path, "too_long", f"{f.label}不能超过{f.max_len}个字符")
    elif f.kind is FieldKind.PHONE and (why := phone_problem(text, f.label)):
        problems.add(path, "not_a_phone", why)
    return text


def _limits(f: FieldSpec, text: str, problems: Problems, path: str, *, complete: bool) -> None:
    n = char_count(text)
    # A limit the form's own article sets is cited; the service's box size is not a regulation's.
    cited = f"（{f.article}）" if f.article else ""
    if f.max_chars is not None and n > f.max_chars:
        problems.add(path, "too_many_chars", f"{f.label}应在{f.max_chars}字以内，现为{n}字{cited}")
    if complete and f.min_chars is not None and n < f.min_chars:
        problems.add(path, "too_few_chars", f"{f.label}应不少于{f.min_chars}字，现为{n}字{cited}")


def _year(f: FieldSpec, text: str, problems: Problems, path: str, as_of: date) -> int | str:
    """A four-digit calendar year, not after the year of ``as_of`` (the one year rule)."""
    year = plain_int(text)
    if year is None:
        problems.add(path, "invalid_year", f"{f.label}应为四位年份（如{as_of.year}）")
        return text
    if why := year_problem(year, f.label, last=as_of.year):
        problems.add(path, "out_of_range", why)
    return year


def _date(f: FieldSpec, text: str, problems: Problems, path: str, as_of: date) -> str:
    """An ISO date; a fact's date (``past``) not after ``as_of``."""
    # Only as written YYYY-MM-DD, as every page's and body's date: Python also reads 「20261101」.
    day = iso_date(text, f.label)
    if isinstance(day, str):
        if missing := missing_day(text):  # 「没有2026-02-30这一天」, as every date field says
            problems.add(path, "no_such_day", f"{f.label}有误：{missing}")
        elif iso_written(text):  # a real day outside the supported range
            problems.add(path, "out_of_range", day)
        else:
            problems.add(path, "invalid_date", f"{f.label}不是有效日期（YYYY-MM-DD）")
        return text
    if f.past and day > as_of:
        problems.add(path, "in_future", f"{f.label}不能晚于今天（{chinese_date(as_of)}）")
    return day.isoformat()


_YES = frozenset({"1", "true", "on", "yes", "是"})
_NO = frozenset({"", "0", "false", "off", "no", "否"})


def _bool(f: FieldSpec, value: Any, problems: Problems, path: str) -> bool:
    """□是 □否: left empty is 否; anything but yes or no is refused, never read as 否."""
    if isinstance(value, bool) or value is None:
        return bool(value)
    said = str(value).strip().lower() if isinstance(value, str | int) else None
    if said in _YES:
        return True
    if said not in _NO:
        problems.add(path, "invalid_bool", f"{f.label}应为“是”或“否”")
    return False


def _int(f: FieldSpec, text: str, problems: Problems, path: str) -> int | str:
    n = plain_int(text)
    if n is None:
        problems.add(path, "invalid_int", f"{f.label}应为整数")
        return text
    low, high = f.bounds
    if not low <= n <= high:
        problems.add(path, "out_of_range", f"{f.label}应为{low}至{high}之间的整数")
    return n


NUMBER_MAX = 1_000_000_000  # any area or amount a form states


def _number(f: FieldSpec, text: str, problems: Problems, path: str) -> str:
    """An amount or area as a form's reader writes it (「120」「85.5」); 「1e3」 is refused, not
    printed on the form as typed (reading IN2)."""
    d = plain_decimal(text)
    if d is None:
        problems.add(path, "invalid_number", f"{f.label}应为数字，如 120 或 85.5")
    elif d < 0:
        problems.add(path, "out_of_range", f"{f.label}应为不小于0的数字")
    elif d > NUMBER_MAX:
        problems.add(path, "out_of_range", f"{f.label}不能大于{NUMBER_MAX}")
    return text


def _clean_table(
    f: FieldSpec, value: Any, problems: Problems, path: str, check: _Check
) -> list[dict[str, Any]]:
    if not _blank(value) and not isinstance(value, list):
        problems.add(path, "invalid_table", f"{f.label}应逐行填写（每行一组栏目）")
    rows = value if isinstance(value, list) else []
    kept: list[dict[str, Any]] = []
    for at, row in enumerate(rows):
        if not isinstance(row, dict):
            if not _blank(row):  # a row that is no row: refused, not dropped
                problems.add(f"{path}.{at}", "invalid_row", f"{f.label}第{at + 1}行应为一组栏目")
            continue
        if check.sent:
            for name in _unknown(row, f.columns):
                problems.add(
                    f"{path}.{at}.{name}",
                    "extra_forbidden",
                    f"{f.label}没有「{_shown(name)}」这一栏（第{at + 1}行）",
                )
        if all(_blank(row.get(c.name)) or row.get(c.name) is False for c in f.columns):
            continue  # an empty printed row is not an entry
        # A cell's path names its row as sent (an empty row before it is counted), so the API's
        # caller and the page are pointed at the row typed, though empty rows are not kept; its
        # message names that row too (「攻关项目（创新课题）第2行：…」), read apart from the cell.
        start = len(problems.items)
        kept.append(
            {
                c.name: _clean(c, row.get(c.name), problems, f"{path}.{at}.{c.name}", check)
                for c in f.columns
            }
        )
        for p in problems.items[start:]:
            p.message = f"{f.label}第{at + 1}行：{p.message}"
    if check.complete and len(kept) < f.min_rows:
        problems.add(path, "too_few_rows", f"{f.label}至少填写{f.min_rows}行")
    return kept


def blank_rows(f: FieldSpec, data: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The rows a page shows: the entered ones, then empty ones up to ``rows``."""
    rows = list(data or [])
    return rows + [{} for _ in range(max(0, f.rows - len(rows)))] if f.rows else rows


__all__ = [
    "CharCount",
    "FieldKind",
    "FieldSpec",
    "FormSpec",
    "RegisterFact",
    "blank_rows",
    "char_count",
    "clean_form",
    "counts",
]
