"""修改记录: who changed one record, when, and each field before and after: the audit log
(``lifecycle.audit``) as officers and finance auditors read it, newest first."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any

from lifecycle.accounts.permissions import Permission
from lifecycle.audit.model import AuditEntry
from lifecycle.audit.recorder import REDACTED_COLUMNS
from lifecycle.changes.model import (
    ATTACHMENT_KIND_LABELS,
    CHANGE_MEASURE_LABELS,
    CHANGE_REASON_LABELS,
    CHANGE_STATUS_LABELS,
    CHANGE_STEP_LABELS,
    ChangeRequest,
    ChangeStep,
    status_labels,
    step_labels,
)
from lifecycle.clock import chinese_date, to_shanghai
from lifecycle.designations.model import Designation
from lifecycle.errors import NotFound
from lifecycle.funding.model import Grant
from lifecycle.funding.vocab import GRANT_KIND_LABELS, GrantKind, grant_kind_label
from lifecycle.inspections.model import INSPECTION_KIND_LABELS, INSPECTION_RESULT_LABELS
from lifecycle.money import format_fen
from lifecycle.notices.model import NOTICE_STATUS_LABELS, RectificationNotice
from lifecycle.schemes.registry import all_schemes, get_scheme
from lifecycle.schemes.words import designation_status_labels
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.history_labels import FIELD_LABELS, NAMED_COLUMNS
from lifecycle.views.history_refs import Names, link_of, references
from lifecycle.views.home_tree import home_tree
from lifecycle.views.removed_contacts import RemovedContact, removed_contact
from lifecycle.vocab import (
    CONTACT_ROLE_LABELS,
    DESIGNATION_STATUS_LABELS,
    EMPLOYMENT_STATUS_LABELS,
    GENDER_LABELS,
    RETIREMENT_GROUP_LABELS,
    ROLE_LABELS,
    SKILL_LEVEL_LABELS,
    UNIT_NATURE_LABELS,
    UnionLevel,
)
from lifecycle.workshops.model import Workshop

PER_PAGE = 50
ACTION_LABELS = {"insert": "新建", "update": "修改", "delete": "删除"}
EMPTY = "（空）"
REDACTED = "***"  # what the audit log keeps of a secret (``REDACTED_COLUMNS``)
HIDDEN = "（已隐去）"
UNSEEN = "（不在管辖范围内或已删除）"  # a named record the reader may not see, never its id
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # the log keeps dates ISO; pages show 2026年4月1日
# The log keeps "***" before and after a new password: that it changed is all there is to show.
CHANGED_HIDDEN = "（已更改，已隐去）"
ACTIVE_LABELS = {True: "启用", False: "已停用"}


SCHEME_NAMES = {s.settings.code: s.settings.name for s in all_schemes()}


def _labels(labels: Mapping[Any, str]) -> dict[str, str]:
    return {(k.value if isinstance(k, Enum) else str(k)): v for k, v in labels.items()}


class Record(StrEnum):
    """The records whose 修改记录 can be read (the part of their page's address)."""

    DESIGNATION = "designation"
    WORKSHOP = "workshop"
    PERSON = "person"
    INSPECTION = "inspection"
    NOTICE = "notice"
    CHANGE_REQUEST = "change"
    GRANT = "grant"
    USER = "user"
    CONTACT = "contact"


@dataclass(frozen=True)
class RecordKind:
    """Where a record's entries are logged, what it is called, and how the reader reaches it."""

    table: str
    label: str
    find: Callable[[UnitOfWork, int, Scope], Any]  # the record in scope, else None
    page: Callable[[Any], str]  # the address of the record's page ("": it has none)
    values: Mapping[str, Mapping[str, str]]  # column → stored value → label
    title: Callable[[Any], str]  # what the record found is called on its page
    names: Mapping[str, str] = field(default_factory=dict)  # its own labels of some columns
    # Read within the caller's own subtree (where they act) rather than their read scope: the
    # rule of the record's audit API (``Reach.ACT`` of ``GET /api/v1/users/{user_id}/audit``).
    acting: bool = False
    # What the record's page asks beyond reading (its link is shown only to those holding it).
    page_needs: Permission | None = None
    # Labels of values that depend on the record found, over ``values`` (column → value → label).
    own_values: Callable[[UnitOfWork, Any, Scope], Mapping[str, Mapping[str, str]]] | None = None
    # Its name where that depends on more than the record (a grant's scheme), over ``title``.
    own_title: Callable[[UnitOfWork, Any, Scope], str] | None = None
    # Labels of columns that depend on the record found (a request's deciding body), over ``names``.
    own_names: Callable[[UnitOfWork, Any, Scope], Mapping[str, str]] | None = None
    # What it is called where that depends on the record too (a grant's scheme), over ``label``.
    own_label: Callable[[UnitOfWork, Any, Scope], str] | None = None
    # Rows of other tables that belong to the record (a request's attached files): their
    # entries are part of its 修改记录, each titled by what was done (table → action → label).
    parts: Callable[[Any], Sequence[tuple[str, int]]] | None = None
    part_actions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def _change_statuses(
    uow: UnitOfWork, request: ChangeRequest, scope: Scope
) -> dict[str, dict[str, str]]:
    """A 附件3 request's statuses as its title's scheme names its deciding body: 上海市总工会
    for a 劳模 title [S9], the craftsman notice's 市创建命名办公室 [C 三（六）]."""
    designation = uow.designations.get(request.designation_id, scope)
    if designation is None:  # the title is read wherever its request is (``change_page``)
        return {}
    return {
        "status": _labels(status_labels(designation.scheme_code)),
        "step": _labels(step_labels(designation.scheme_code)),
    }


def _designation_statuses(
    _uow: UnitOfWork, designation: Designation, _scope: Scope
) -> dict[str, dict[str, str]]:
    """A title's statuses in its scheme's words: 撤牌 [Y12], 摘牌 [S9][C 三（六）]."""
    return {"status": _labels(designation_status_labels(designation.scheme_code))}


def _designation_names(_uow: UnitOfWork, designation: Designation, _scope: Scope) -> dict[str, str]:
    """A title's district-level union as its scheme names that level: 乐山's 县（市、区）总工会
    [L 一], not Shanghai's 区（局）工会."""
    renamed = dict(get_scheme(designation.scheme_code).settings.level_names)
    level = renamed.get(UnionLevel.DISTRICT)
    return {"district_union_id": f"所在{level}"} if level else {}


def _workshop_names(uow: UnitOfWork, workshop: Workshop, scope: Scope) -> dict[str, str]:
    """A team's leader in the words of its city tree's schemes (乐山's 带头人 [L 二（一）])."""
    union = uow.unions.get(workshop.unit_union_id, scope)
    if union is None:
        return {}
    return {"leader_person_id": home_tree(uow, union.path).leader_word}


def _change_deciders(uow: UnitOfWork, request: ChangeRequest, scope: Scope) -> dict[str, str]:
    """The steps' columns named as the form and its page name the steps (本单位工会意见,
    区局（产业）工会审核; not the 年度考核's 基层工会, 区（局）工会), the city step's by the
    title's deciding body: 上海市总工会 for a 劳模 title [S9], else the office [C]."""
    designation = uow.designations.get(request.designation_id, scope)
    if designation is None:
        return {}
    decider = get_scheme(designation.scheme_code).settings.change_decider
    unit, district = CHANGE_STEP_LABELS[ChangeStep.UNIT], CHANGE_STEP_LABELS[ChangeStep.DISTRICT]
    unit_union = unit.removesuffix("意见")  # 本单位工会
    return {
        "unit_on": f"{unit}日期",
        "unit_signer": f"{unit_union}签署人",
        "unit_opinion": unit,
        "district_on": f"{district}日期",
        "district_signer": f"{district.removesuffix('审核')}签署人",
        "district_opinion": f"{district}意见",
        "city_on": f"{decider}审定日期",
        "city_signer": f"{decider}签署人",
        "city_opinion": f"{decider}意见",
    }


def _change_files(request: ChangeRequest) -> list[tuple[str, int]]:
    """The files attached to a 附件3 request: who attached which, when, is its history [C]."""
    return [("change_request_attachments", a.id) for a in request.attachments]


def _notice_reports(notice: RectificationNotice) -> list[tuple[str, int]]:
    """The written 整改 reports sent on a notice: who sent which, when, is its history [Y12]."""
    return [("rectification_reports", r.id) for r in notice.reports]


def _grant_kinds(uow: UnitOfWork, grant: Grant, scope: Scope) -> dict[str, dict[str, str]]:
    """A grant's kinds as its title's scheme names them (乐山's 一次性奖励 [L 三]), and its
    title by name and number, not 「#3」."""
    designation = uow.designations.get(grant.designation_id, scope)
    if designation is None:  # the title is read wherever its grant is (``get_grant``)
        return {}
    settings = get_scheme(designation.scheme_code).settings
    title = f"{designation.title}（{designation.number or '未编号'}）"
    return {
        "kind": {k.value: grant_kind_label(k, settings) for k in GrantKind},
        "designation_id": {str(designation.id): title},
    }


def _grant_label(uow: UnitOfWork, grant: Grant, scope: Scope) -> str:
    """A grant's record as its title's scheme names its money (乐山's 奖励记录 [L 三])."""
    designation = uow.designations.get(grant.designation_id, scope)
    if designation is None:  # the title is read wherever its grant is (``get_grant``)
        return "补贴记录"
    return f"{get_scheme(designation.scheme_code).settings.grant_word}记录"


def _grant_title(uow: UnitOfWork, grant: Grant, scope: Scope) -> str:
    kinds = _grant_kinds(uow, grant, scope).get("kind", _labels(GRANT_KIND_LABELS))
    return f"{kinds[grant.kind.value]} {grant.approval_ref}"


RECORDS: dict[Record, RecordKind] = {
    Record.DESIGNATION: RecordKind(
        "designations",
        "命名记录",
        lambda u, i, s: u.designations.get(i, s),
        lambda d: f"/designations/{d.id}",
        {"status": _labels(DESIGNATION_STATUS_LABELS)},
        lambda d: f"{d.title}（{d.number or '未编号'}）",
        own_values=_designation_statuses,
        own_names=_designation_names,
    ),
    Record.WORKSHOP: RecordKind(
        "workshops",
        "工作室",
        lambda u, i, s: u.workshops.get(i, s),
        lambda _: "",
        {"host_unit_nature": _labels(UNIT_NATURE_LABELS)},
        lambda w: str(w.name),
        {"name": "工作室名称"},
        own_names=_workshop_names,
    ),
    Record.PERSON: RecordKind(
        "persons",
        "人员",
        lambda u, i, s: u.persons.get(i, s),
        lambda p: f"/persons/{p.id}",
        {
            "gender": _labels(GENDER_LABELS),
            "retirement_group": _labels(RETIREMENT_GROUP_LABELS),
            "employment_status": _labels(EMPLOYMENT_STATUS_LABELS),
            "skill_level": _labels(SKILL_LEVEL_LABELS),
        },
        lambda p: str(p.name),
        {"name": "姓名"},
    ),
    Record.INSPECTION: RecordKind(
        "inspections",
        "检查记录",
        lambda u, i, s: u.inspections.get(i, s),
        lambda i: f"/inspections/{i.id}",
        {"kind": _labels(INSPECTION_KIND_LABELS), "result": _labels(INSPECTION_RESULT_LABELS)},
        lambda i: f"{INSPECTION_KIND_LABELS[i.kind]} {chinese_date(i.scheduled_on)}",
    ),
    Record.NOTICE: RecordKind(
        "rectification_notices",
        "整改通知",
        lambda u, i, s: u.notices.get(i, s),
        lambda n: f"/notices/{n.id}",
        {"status": _labels(NOTICE_STATUS_LABELS)},
        lambda n: str(n.number),
        {"reported_on": "报送日期", "union_id": "报送工会", "description": "报告说明"},
        parts=_notice_reports,
        part_actions={"rectification_reports": {"insert": "报送整改情况报告"}},
    ),
    Record.CHANGE_REQUEST: RecordKind(
        "change_requests",
        "管理变更申请",
        lambda u, i, s: u.change_requests.get(i, s),
        lambda r: f"/changes/{r.id}",
        {
            "status": _labels(CHANGE_STATUS_LABELS),
            "reason": _labels(CHANGE_REASON_LABELS),
            "measure": _labels(CHANGE_MEASURE_LABELS),
            "kind": _labels(ATTACHMENT_KIND_LABELS),
        },
        lambda r: f"第{r.id}号",
        {"description": "附件说明", "kind": "附件类别"},
        own_values=_change_statuses,
        own_names=_change_deciders,
        parts=_change_files,
        part_actions={"change_request_attachments": {"insert": "上传附件"}},
    ),
    Record.GRANT: RecordKind(
        "funding_grants",
        "补贴记录",
        lambda u, i, s: u.funding.get_grant(i, s),
        lambda g: f"/finance/designations/{g.designation_id}#grant-{g.id}",
        {"kind": _labels(GRANT_KIND_LABELS)},
        lambda g: f"{GRANT_KIND_LABELS[g.kind]} {g.approval_ref}",
        own_values=_grant_kinds,
        own_title=_grant_title,
        own_label=_grant_label,
    ),
    Record.USER: RecordKind(
        "users",
        "用户账号",
        lambda u, i, s: u.accounts.get_user(i, s),
        lambda u: f"/admin/users/{u.id}",
        {"role": _labels(ROLE_LABELS), "active": _labels(ACTIVE_LABELS)},
        lambda u: f"{u.display_name}（{u.username}）",
        acting=True,
        page_needs=Permission.USERS_MANAGE,
    ),
    Record.CONTACT: RecordKind(
        "union_contacts",
        "工会联系人",
        # A removed contact's 修改记录 stays readable: found in the log of its removal.
        lambda u, i, s: u.unions.contact_in(i, s) or removed_contact(u, i, s),
        lambda c: "" if isinstance(c, RemovedContact) else f"/admin/contacts#contact-{c.id}",
        {"role": _labels(CONTACT_ROLE_LABELS)},
        lambda c: (
            f"{c.name}（{c.email}）" + ("（已移除）" if isinstance(c, RemovedContact) else "")
        ),
        {"name": "姓名", "union_id": "工会", "role": "联系人类别"},
        page_needs=Permission.CONTACTS_MANAGE,
    ),
}


@dataclass(frozen=True)
class FieldChange:
    """One field of one entry: its label, and its value before and after as the page shows."""

    label: str
    before: str
    after: str
    before_url: str = ""  # the page of the record a value names, where the reader may open it
    after_url: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime  # Asia/Shanghai
    actor: str
    action: str  # 新建 / 修改 / 删除
    changes: tuple[FieldChange, ...]
    reason: str | None  # why, where the change's use case asked
    subject: str = ""  # what was done to a part of the record (上传附件), over ``action``


@dataclass(frozen=True)
class History:
    """One page of a record's 修改记录, newest first."""

    record: Record
    record_id: int
    label: str
    title: str  # the record's own name (title, name, number…)
    page_url: str  # "" where the record has no page of its own
    entries: tuple[HistoryEntry, ...]
    total: int
    page: int
    pages: int


def show_value(column: str, value: Any, kind: RecordKind, names: Names) -> str:
    """A logged value as the page shows it (the log keeps JSON: enums by value, dates ISO)."""
    if value is None or value == "":
        return EMPTY
    if value == REDACTED or column in REDACTED_COLUMNS:  # never a secret, however logged
        return HIDDEN
    if column in kind.values:
        return kind.values[column].get(str(value), str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if column == "amount_fen" and isinstance(value, int):
        return format_fen(value)
    for group, columns in NAMED_COLUMNS.items():
        if column in columns and isinstance(value, int):  # by its name, never the internal id
            return names.get(group, {}).get(value) or UNSEEN
    if column == "scheme_code":
        return SCHEME_NAMES.get(str(value), str(value))
    if column.endswith("_id") and isinstance(value, int):
        return f"#{value}"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or EMPTY
    if isinstance(value, str) and ISO_DAY.fullmatch(value):  # a date as every page shows it
        try:
            return chinese_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and "T" in value[10:11]:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            local = to_shanghai(moment)
            return f"{chinese_date(local.date())} {local:%H:%M}"
    return str(value)


def changes_of(
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    kind: RecordKind,
    names: Names,
    *,
    links: Names | None = None,
) -> tuple[FieldChange, ...]:
    """The shown fields of one entry: all that a new row set (or a deleted row held), else
    those an update changed; in the order of ``FIELD_LABELS``."""
    old, new = before or {}, after or {}
    pages = links or {}
    shown = []
    for column, label in FIELD_LABELS.items():
        if column not in old and column not in new:
            continue
        was, now = old.get(column), new.get(column)
        name = kind.names.get(column, label)
        if action == "update" and was == now:
            if column in REDACTED_COLUMNS and now not in (None, ""):
                shown.append(FieldChange(name, HIDDEN, CHANGED_HIDDEN))
            continue
        if action == "insert" and now in (None, ""):
            continue
        shown.append(
            FieldChange(
                name,
                "" if action == "insert" else show_value(column, was, kind, names),
                "" if action == "delete" else show_value(column, now, kind, names),
                "" if action == "insert" else link_of(column, was, pages),
                "" if action == "delete" else link_of(column, now, pages),
            )
        )
    return tuple(shown)


def referenced_ids(entries: Sequence[AuditEntry]) -> dict[str, set[int]]:
    """The ids of the other records (``NAMED_COLUMNS``) the entries' shown columns name."""
    found: dict[str, set[int]] = {group: set() for group in NAMED_COLUMNS}
    for entry in entries:
        for values in (entry.before or {}, entry.after or {}):
            for column, value in values.items():
                if isinstance(value, int) and not isinstance(value, bool):
                    for group, columns in NAMED_COLUMNS.items():
                        if column in columns:
                            found[group].add(value)
    return found


def record_keys(record: Record, record_id: int, found: Any) -> list[tuple[str, int]]:
    """Where the audit log holds the record's entries: its own row and those of its parts."""
    kind = RECORDS[record]
    return [(kind.table, record_id), *(kind.parts(found) if kind.parts is not None else ())]


def record_history(
    uow: UnitOfWork, record: Record, record_id: int, *, scope: Scope, page: int = 1
) -> History:
    """One page of the record's 修改记录; NotFound when it is not in ``scope``."""
    kind = RECORDS[record]
    found = kind.find(uow, record_id, scope)
    if found is None:
        raise NotFound(f"{kind.label}不存在或不在管辖范围内", field="record_id")
    if kind.own_values is not None:
        kind = replace(kind, values={**kind.values, **kind.own_values(uow, found, scope)})
    if kind.own_names is not None:
        kind = replace(kind, names={**kind.names, **kind.own_names(uow, found, scope)})
    keys = record_keys(record, record_id, found)
    total = uow.audit.count_for_records(keys)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    rows = uow.audit.for_records(
        keys, limit=PER_PAGE, offset=(page - 1) * PER_PAGE, newest_first=True
    )
    refs = references(uow, referenced_ids(rows), scope)
    entries = tuple(
        HistoryEntry(
            to_shanghai(row.at),
            row.actor_name,
            ACTION_LABELS.get(row.action, row.action),
            changes_of(row.action, row.before, row.after, kind, refs.names, links=refs.links),
            row.reason,
            kind.part_actions.get(row.entity, {}).get(row.action, ""),
        )
        for row in rows
    )
    url = kind.page(found)
    title = kind.title(found) if kind.own_title is None else kind.own_title(uow, found, scope)
    label = kind.label if kind.own_label is None else kind.own_label(uow, found, scope)
    return History(record, record_id, label, title, url, entries, total, page, pages)
