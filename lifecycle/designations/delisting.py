"""摘牌 and exit keeping the title: decisions of the city, never of a district [S9][C 三（六）]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.designations.authority import require_authority
from lifecycle.designations.flows import Flow
from lifecycle.designations.model import Designation
from lifecycle.designations.service import Transition, transition
from lifecycle.errors import Problems
from lifecycle.schemes.authority import Act
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import require_text
from lifecycle.vocab import DesignationStatus


@dataclass(frozen=True)
class CityDecision:
    """The city's decision on a title: date, reason and 文号 (required for 摘牌)."""

    designation_id: int
    decided_on: date
    reason: str
    decision_ref: str | None = None
    expected_version: int | None = None


def delist(
    uow: UnitOfWork, cmd: CityDecision, *, actor: Actor, as_of: date, scope: Scope
) -> Designation:
    """摘牌 by the naming (city) union with its 文号: title lost [S9][C 三（六）]."""
    designation = uow.designations.require(cmd.designation_id, scope)
    require_authority(uow, designation, Act.DELIST, actor)
    problems = Problems()
    require_text(problems, "decision_ref", cmd.decision_ref or "", "摘牌决定文号", 200)
    problems.raise_if_any()
    step = _step(cmd, DesignationStatus.REVOKED)
    return transition(
        uow, step, flow=Flow.DELISTING, actor=actor, as_of=as_of, scope=scope, read=designation
    )


def exit_keeping_title(
    uow: UnitOfWork, cmd: CityDecision, *, actor: Actor, as_of: date, scope: Scope
) -> Designation:
    """退出管理序列，保留称号, decided by the city on 附件3 [C 三（六）]."""
    designation = uow.designations.require(cmd.designation_id, scope)
    require_authority(uow, designation, Act.DECIDE_CHANGE, actor)
    step = _step(cmd, DesignationStatus.EXITED)
    return transition(
        uow, step, flow=Flow.EXIT, actor=actor, as_of=as_of, scope=scope, read=designation
    )


def _step(cmd: CityDecision, target: DesignationStatus) -> Transition:
    return Transition(
        cmd.designation_id,
        target,
        reason=cmd.reason,
        effective_on=cmd.decided_on,
        document_ref=cmd.decision_ref,
        expected_version=cmd.expected_version,
        date_field="decided_on",  # the 考核's and 附件3's decision date
        date_label="日期",
    )
