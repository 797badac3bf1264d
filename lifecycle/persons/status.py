"""A leader's employment status is the leader event's to change: retiring, leaving and dying
are recorded on the workshop's page (登记带头人情况), which carries their rules — the consent to
go on [Y13], the change of leader or 附件3 [Y3][S9][C 三（六）] — never set on the person record."""

from __future__ import annotations

from lifecycle.errors import FieldProblem
from lifecycle.persons.model import Person
from lifecycle.schemes.words import team_leader_word
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import EMPLOYMENT_STATUS_LABELS, EmploymentStatus


def leader_status_problems(
    uow: UnitOfWork, person: Person, status: EmploymentStatus
) -> list[FieldProblem]:
    """A problem on ``employment_status`` where a correction would change the status of a
    person who leads a workshop (reading P51b); none for anyone else or an unchanged status."""
    if status is person.employment_status:
        return []
    led = uow.workshops.led_by(person.id)
    if not led:
        return []
    word = team_leader_word(d.scheme_code for w in led for d in uow.designations.for_workshop(w))
    now, then = (EMPLOYMENT_STATUS_LABELS[s] for s in (person.employment_status, status))
    return [
        FieldProblem(
            "employment_status",
            "leader_event_required",
            f"{person.name}现为工作室{word}，在职状态（{now}）不能在人员信息中改为{then}："
            f"其退休、离职或去世请在工作室页面“登记{word}情况”中登记，在职状态随之变更，"
            "并提示其后须办理的变更",
        )
    ]
