"""修改记录: who changed one record, when, and each field before and after: the audit log
(``lifecycle.audit``) as officers and finance auditors read it, newest first."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any

from lifecycle.accounts.permissions import Permission
from lifecycle.audit.model import AuditEntry
from lifecycle.audit.recorder import REDACTED_COLUMNS
from lifecycle.changes.model import (
    CHANGE_MEASURE_LABELS,
    CHANGE_REASON_LABELS,
    CHANGE_STATUS_LABELS,
    ChangeRequest,
    status_labels,
)
from lifecycle.clock import to_shanghai
from lifecycle.errors import NotFound
from lifecycle.funding.model import Grant
from lifecycle.funding.vocab import GRANT_KIND_LABELS, GrantKind, grant_kind_label
from lifecycle.inspections.model import INSPECTION_KIND_LABELS, INSPECTION_RESULT_LABELS
from lifecycle.money import format_fen
from lifecycle.notices.model import NOTICE_STATUS_LABELS
from lifecycle.schemes.registry import all_schemes, get_scheme
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
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
)

PER_PAGE = 50
ACTION_LABELS = {"insert": "新建", "update": "修改", "delete": "删除"}
EMPTY = "（空）"
REDACTED = "***"  # what the audit log keeps of a secret (``REDACTED_COLUMNS``)
HIDDEN = "（已隐去）"
# The log keeps "***" before and after a new password: that it changed is all there is to show.
CHANGED_HIDDEN = "（已更改，已隐去）"
ACTIVE_LABELS = {True: "启用", False: "已停用"}

# Every column a history shows, in Chinese; the rest (ids, versions, timestamps of the row
# itself, the union path) is bookkeeping the entry's own time and actor already say.
FIELD_LABELS = {
    # designations
    "workshop_id": "工作室",
    "scheme_code": "命名类别",
    "number": "编号",
    "title": "名称",
    "status": "状态",
    "applied_on": "申报日期",
    "naming_date": "命名日期",
    "ended_on": "终止日期",
    "naming_union_id": "命名工会",
    "district_union_id": "所在区（局）工会",
    "recommended_from_id": "推荐来源",
    # persons
    "name": "名称",
    "gender": "性别",
    "birth_date": "出生日期",
    "retirement_group": "退休年龄类别",
    "id_card_number": "身份证号（隐去中段）",
    "registry_union_id": "登记工会",
    "is_union_member": "工会会员",
    "union_id": "所属工会",
    "employer": "工作单位",
    "employment_status": "在职状态",
    "skill_level": "技能等级",
    "professional_title": "职称",
    "education": "学历",
    # workshops
    "host_unit_name": "所在单位",
    "host_unit_nature": "单位性质",
    "unit_union_id": "基层工会",
    "address": "地址",
    "venue_area_sqm": "场地面积（平方米）",
    "specialty": "专业领域",
    "innovation_direction": "创新方向",
    "founded_on": "成立日期",
    "leader_person_id": "领衔人",
    "description": "简介",
    # inspections
    "designation_id": "命名记录",
    "kind": "类别",
    "cycle_no": "管理周期",
    "notice_id": "整改通知",
    "scheduled_on": "检查日期",
    "place": "地点",
    "inspectors": "检查人员",
    "scheduled_by": "安排人",
    "result": "结果",
    "recorded_on": "记录日期",
    "recorded_by": "记录人",
    "summary": "检查意见",
    # rectification notices
    "inspection_id": "检查记录",
    "issuing_union_id": "发文工会",
    "addressee_union_id": "主送工会",
    "year": "年份",
    "seq": "序号",
    "issued_on": "发文日期",
    "deadline": "整改期限",
    "deadline_provisional": "期限暂定（节假日未公布）",
    "closed_on": "关闭日期",
    "closing_inspection_id": "复查记录",
    "decision_ref": "决定文号",
    "issued_by": "发文人",
    # change requests (附件3)
    "reason": "变更原因",
    "reason_details": "原因说明",
    "measure": "变更措施",
    "old_leader_person_id": "原领衔人",
    "new_leader_person_id": "新领衔人",
    "new_leader_honours": "新领衔人荣誉",
    "leader_event_id": "领衔人事件",
    "round": "提交轮次",
    "waiting_since": "等待起始",
    "filed_on": "提出日期",
    "filed_by": "提出人",
    "unit_on": "基层工会意见日期",
    "unit_signer": "基层工会签署人",
    "unit_opinion": "基层工会意见",
    "district_on": "区（局）工会意见日期",
    "district_signer": "区（局）工会签署人",
    "district_opinion": "区（局）工会意见",
    "city_on": "市总工会审批日期",
    "city_signer": "市总工会签署人",
    "city_opinion": "市总工会意见",
    "returned_step": "退回环节",
    "returned_reason": "退回原因",
    # grants
    "paying_union_id": "拨付工会",
    "approval_ref": "批准文号",
    "approved_on": "批准日期",
    "paid_on": "到账日期",
    "amount_fen": "金额（元）",
    "achievement_id": "成果",
    "note": "备注",
    "entered_by": "录入人",
    "correction_reason": "更正原因",
    "corrected_by": "更正人",
    "voided_on": "作废日期",
    "void_reason": "作废原因",
    "voided_by": "作废人",
    # user accounts and union contacts (who logs in; who gets the reminder mails)
    "username": "用户名",
    "display_name": "姓名",
    "role": "角色",
    "email": "邮箱",
    "phone": "电话",
    "active": "状态",
    "password_hash": "密码",  # only ever shown as hidden (``REDACTED_COLUMNS``)
    "locked_until": "登录锁定至",
}
# Columns naming a union or a person: shown by name where the reader may see it.
UNION_COLUMNS = frozenset(
    {
        "naming_union_id",
        "district_union_id",
        "registry_union_id",
        "union_id",
        "unit_union_id",
        "issuing_union_id",
        "addressee_union_id",
        "paying_union_id",
    }
)
PERSON_COLUMNS = frozenset({"leader_person_id", "old_leader_person_id", "new_leader_person_id"})


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


def _change_statuses(
    uow: UnitOfWork, request: ChangeRequest, scope: Scope
) -> dict[str, dict[str, str]]:
    """A 附件3 request's statuses as its title's scheme names its deciding body: 上海市总工会
    for a 劳模 title [S9], the craftsman notice's 市创建命名办公室 [C 三（六）]."""
    designation = uow.designations.get(request.designation_id, scope)
    if designation is None:  # the title is read wherever its request is (``change_page``)
        return {}
    return {"status": _labels(status_labels(designation.scheme_code))}


def _grant_kinds(uow: UnitOfWork, grant: Grant, scope: Scope) -> dict[str, dict[str, str]]:
    """A grant's kinds as its title's scheme names them (乐山's 一次性奖励 [L 三])."""
    designation = uow.designations.get(grant.designation_id, scope)
    if designation is None:  # the title is read wherever its grant is (``get_grant``)
        return {}
    settings = get_scheme(designation.scheme_code).settings
    return {"kind": {k.value: grant_kind_label(k, settings) for k in GrantKind}}


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
    ),
    Record.WORKSHOP: RecordKind(
        "workshops",
        "工作室",
        lambda u, i, s: u.workshops.get(i, s),
        lambda _: "",
        {"host_unit_nature": _labels(UNIT_NATURE_LABELS)},
        lambda w: str(w.name),
        {"name": "工作室名称"},
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
        lambda i: f"{INSPECTION_KIND_LABELS[i.kind]} {i.scheduled_on.isoformat()}",
    ),
    Record.NOTICE: RecordKind(
        "rectification_notices",
        "整改通知",
        lambda u, i, s: u.notices.get(i, s),
        lambda n: f"/notices/{n.id}",
        {"status": _labels(NOTICE_STATUS_LABELS)},
        lambda n: str(n.number),
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
        },
        lambda r: f"第{r.id}号",
        own_values=_change_statuses,
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


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime  # Asia/Shanghai
    actor: str
    action: str  # 新建 / 修改 / 删除
    changes: tuple[FieldChange, ...]
    reason: str | None  # why, where the change's use case asked


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


Names = Mapping[str, Mapping[int, str]]  # "union" / "person" → id → name


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
    for group, columns in (("union", UNION_COLUMNS), ("person", PERSON_COLUMNS)):
        if column in columns and isinstance(value, int):
            name = names.get(group, {}).get(value)
            return f"{name}（#{value}）" if name else f"#{value}"
    if column == "scheme_code":
        return SCHEME_NAMES.get(str(value), str(value))
    if column.endswith("_id") and isinstance(value, int):
        return f"#{value}"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or EMPTY
    if isinstance(value, str) and "T" in value[10:11]:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return to_shanghai(moment).strftime("%Y-%m-%d %H:%M")
    return str(value)


def changes_of(
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    kind: RecordKind,
    names: Names,
) -> tuple[FieldChange, ...]:
    """The shown fields of one entry: all that a new row set (or a deleted row held), else
    those an update changed; in the order of ``FIELD_LABELS``."""
    old, new = before or {}, after or {}
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
            )
        )
    return tuple(shown)


def referenced_ids(entries: Sequence[AuditEntry]) -> dict[str, set[int]]:
    """The union and person ids the entries' shown columns name."""
    found: dict[str, set[int]] = {"union": set(), "person": set()}
    for entry in entries:
        for values in (entry.before or {}, entry.after or {}):
            for column, value in values.items():
                if isinstance(value, int) and not isinstance(value, bool):
                    if column in UNION_COLUMNS:
                        found["union"].add(value)
                    elif column in PERSON_COLUMNS:
                        found["person"].add(value)
    return found


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
    total = uow.audit.count_for_record(kind.table, record_id)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    rows = uow.audit.for_record(
        kind.table,
        record_id,
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
        newest_first=True,
    )
    ids = referenced_ids(rows)
    names: Names = {
        "union": uow.unions.names(ids["union"]),
        "person": uow.persons.names(ids["person"], scope),
    }
    entries = tuple(
        HistoryEntry(
            to_shanghai(row.at),
            row.actor_name,
            ACTION_LABELS.get(row.action, row.action),
            changes_of(row.action, row.before, row.after, kind, names),
            row.reason,
        )
        for row in rows
    )
    url = kind.page(found)
    title = kind.title(found) if kind.own_title is None else kind.own_title(uow, found, scope)
    return History(record, record_id, kind.label, title, url, entries, total, page, pages)
