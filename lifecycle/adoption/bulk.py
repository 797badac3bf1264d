"""Acting on many titles at once: each action all or nothing, with a report row per title."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date, to_shanghai
from lifecycle.designations.model import Designation
from lifecycle.errors import DomainError, FieldProblem, Problems, UnseenReference, ValidationFailed
from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import (
    ScheduleInspection,
    schedule_field_problems,
    schedule_inspection,
)
from lifecycle.reminders.model import OutboxMessage
from lifecycle.reminders.policy import reaches
from lifecycle.reminders.service import routes_of
from lifecycle.schemes import get_scheme
from lifecycle.schemes.authority import Act, Party, authority_for
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import require_text
from lifecycle.vocab import Role, UnionLevel

MAX_SELECTED = 1000
# The level of the union that acts as each party of a title (the naming union is at the level of
# its scheme: no bulk action is the naming union's).
PARTY_LEVELS = {Party.DISTRICT: UnionLevel.DISTRICT, Party.UNIT: UnionLevel.UNIT}
REMINDER_KIND = "officer_reminder"


@dataclass(frozen=True)
class BulkRow:
    """What happened to one selected title (or why it was refused)."""

    designation_id: int
    subject: str
    ok: bool
    message: str


class BulkRejected(ValidationFailed):
    """One or more titles were refused: nothing was done; ``rows`` says which and why."""

    code = "bulk_rejected"

    def __init__(self, rows: list[BulkRow]) -> None:
        self.rows = rows
        refused = [r for r in rows if not r.ok]
        super().__init__(
            f"{len(refused)}个工作室不能办理，全部未执行："
            + "；".join(f"{r.subject}：{r.message}" for r in refused[:20]),
            problems=[
                FieldProblem(f"designation_ids[{r.designation_id}]", self.code, r.message)
                for r in refused
            ],
        )

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "rows": [asdict(r) for r in self.rows]}


def selection_problems(ids: Sequence[int]) -> list[FieldProblem]:
    """What is wrong with the selection itself: none, or more than one action takes."""
    if not ids:
        return [FieldProblem("designation_ids", "none_selected", "请至少选择一个工作室")]
    if len(ids) > MAX_SELECTED:
        return [FieldProblem("designation_ids", "too_many", f"一次最多选择{MAX_SELECTED}个工作室")]
    return []


def inspection_problems(ids: Sequence[int], place: str, inspectors: str) -> list[FieldProblem]:
    """What the selection and the fields every title shares would be refused for, named once
    by field rather than once a title (``schedule_field_problems``)."""
    return [*selection_problems(ids), *schedule_field_problems(place, inspectors)]


def reminder_problems(
    ids: Sequence[int], message: str, due_on: date | None, as_of: date
) -> list[FieldProblem]:
    """What the selection, the message and the deadline would be refused for: a deadline
    already past asks for nothing the recipient could still do."""
    problems = Problems(selection_problems(ids))
    require_text(problems, "message", message, "提醒内容", 500)
    if due_on is not None and due_on < as_of:
        problems.add("due_on", "in_past", f"办理期限不能早于今天（{chinese_date(as_of)}）")
    return problems.items


def inspecting_rules(
    schemes: Iterable[str], level: UnionLevel | None, role: Role
) -> tuple[str, ...]:
    """The articles under which a union of ``level`` and ``role`` schedules cycle-end
    inspections of its tree's ``schemes`` (e.g. 《杨浦区…管理办法》第十二条 for the district union
    [Y12]); none: the bulk form is not offered (a street union's officer reads the titles but
    does not inspect them). The use case still decides each title (``require_authority``)."""
    rules: dict[str, None] = {}
    for code in schemes:
        authority = authority_for(get_scheme(code).settings.authorities, Act.INSPECT)
        if (
            authority is not None
            and role in authority.roles
            and level is PARTY_LEVELS.get(authority.party)
        ):
            rules[authority.citation] = None
    return tuple(rules)


def _each(
    uow: UnitOfWork,
    ids: Sequence[int],
    scope: Scope,
    act: Callable[[Designation], str],
) -> list[BulkRow]:
    """Run ``act`` on every selected title; any refusal → ``BulkRejected`` (caller rolls back)."""
    found = {i: uow.designations.get(i, scope) for i in dict.fromkeys(ids)}
    missing = [i for i, d in found.items() if d is None]
    if missing:  # outside the scope looks exactly like absent
        shown = "、".join(str(i) for i in missing[:20])
        raise UnseenReference(f"命名记录不存在或不在管辖范围内：{shown}", field="designation_ids")
    rows: list[BulkRow] = []
    for designation_id, designation in found.items():
        assert designation is not None
        subject = (
            f"{designation.title}（{designation.number}）"
            if designation.number
            else designation.title
        )
        try:
            rows.append(BulkRow(designation_id, subject, True, act(designation)))
        except DomainError as err:
            why = "；".join(p.message for p in err.problems) or err.message
            rows.append(BulkRow(designation_id, subject, False, why))
    if not all(r.ok for r in rows):
        raise BulkRejected(rows)
    return rows


def schedule_inspections(
    uow: UnitOfWork,
    ids: Sequence[int],
    *,
    scheduled_on: date,
    place: str,
    inspectors: str,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> list[BulkRow]:
    """A cycle-end inspection for every selected title, by the inspection use case [Y12]."""
    Problems(inspection_problems(ids, place, inspectors)).raise_if_any()

    def act(designation: Designation) -> str:
        cmd = ScheduleInspection(
            designation.id, InspectionKind.CYCLE_END, scheduled_on, place, inspectors
        )
        inspection = schedule_inspection(uow, cmd, actor=actor, as_of=as_of, scope=scope)
        uow.flush()
        return f"已安排第{inspection.cycle_no}个管理周期末实地检查（{chinese_date(scheduled_on)}）"

    return _each(uow, ids, scope, act)


def send_reminders(
    uow: UnitOfWork,
    ids: Sequence[int],
    *,
    message: str,
    due_on: date,
    actor: Actor,
    now: datetime,
    scope: Scope,
) -> list[BulkRow]:
    """One mail per contact of each title's unit union, through the outbox (sent after commit);
    a unit union with no contact is told through the nearest union above it with one, as the
    daily reminders are (``reminders.policy.route``, DOMAIN.md §6)."""
    Problems(reminder_problems(ids, message, due_on, to_shanghai(now).date())).raise_if_any()
    batch = uuid.uuid4().hex
    digests: dict[str, tuple[str, list[dict[str, object]]]] = {}
    recipients = uow.reminders.recipients()
    routes = routes_of(uow, recipients)

    def act(designation: Designation) -> str:
        unit = designation.workshop.unit_union_id
        to = routes.to(unit, REMINDER_KIND)
        if to is None:
            raise ValidationFailed(
                "所在单位工会及其上级工会均没有登记联系人邮箱，无法发送提醒", field="contacts"
            )
        told = [r for r in recipients[to] if reaches(r.role, REMINDER_KIND)]
        behalf = None if to == unit else routes.names.get(unit)
        for contact in told:
            _, items = digests.setdefault(contact.email, (contact.digest_name, []))
            items.append(
                {
                    "kind": REMINDER_KIND,
                    "kind_label": "工会提醒",
                    "title": message.strip(),
                    "subject": designation.title,
                    "due_on": due_on.isoformat(),
                    "step_label": f"{actor.name}发送",
                    "status_label": "待办理",
                    "link": f"/designations/{designation.id}",
                    "on_behalf_of": behalf,
                    "union_id": unit,  # whose item: who reads it in the outbox
                }
            )
        names = "、".join(c.name for c in told)
        return f"已发送给{names}" + (f"（{routes.names.get(to)}代为转达）" if behalf else "")

    rows = _each(uow, ids, scope, act)
    for email, (name, items) in digests.items():
        uow.outbox.add(
            OutboxMessage(
                kind="reminder_digest",
                dedup_key=f"bulk:{batch}:{email}",
                recipient_email=email,
                recipient_name=name,
                payload={
                    "as_of": to_shanghai(now).date().isoformat(),
                    "name": name,
                    "items": items,
                },
                next_attempt_at=now,
            )
        )
    return rows
