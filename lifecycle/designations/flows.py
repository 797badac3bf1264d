"""Which use case owns each status change: no transition happens outside its flow [DOMAIN §3]."""

from __future__ import annotations

from enum import StrEnum

from lifecycle.designations.states import Transition
from lifecycle.errors import TransitionRefused
from lifecycle.vocab import DESIGNATION_STATUS_LABELS, DesignationStatus

_A = DesignationStatus.APPLIED
_U = DesignationStatus.UNDER_REVIEW
_N = DesignationStatus.NAMED
_R = DesignationStatus.RECTIFYING
_X = DesignationStatus.REVOKED
_E = DesignationStatus.EXITED
_J = DesignationStatus.REJECTED


class Flow(StrEnum):
    """A regulated flow; each owns the transitions listed in ``OWNER``."""

    REVIEW = "review"  # 受理, passed to the review panel [Y7][S7][C 二][L 四]
    NAMING = "naming"  # 审定命名 [Y7][S7][C 二（五）][L 一]
    REJECTION = "rejection"  # 不予命名 of an application
    RECTIFICATION = "rectification"  # failed cycle-end inspection → 整改通知 [Y12]
    RE_INSPECTION = "re_inspection"  # passed re-inspection before the deadline [Y12]
    REVOCATION = "revocation"  # 撤牌 confirmed by the officer after the deadline [Y12]
    DELISTING = "delisting"  # 摘牌 decided by the city (考核 or 附件3) [S9][C 三（六）]
    EXIT = "exit"  # 退出管理序列，保留称号, decided by the city on 附件3 [C 三（六）]


# Exactly one owner per transition any scheme allows (tests enumerate the packs' tables).
OWNER: dict[Transition, Flow] = {
    (_A, _U): Flow.REVIEW,
    (_A, _J): Flow.REJECTION,
    (_U, _J): Flow.REJECTION,
    (_U, _N): Flow.NAMING,
    (_N, _R): Flow.RECTIFICATION,
    (_R, _N): Flow.RE_INSPECTION,
    (_R, _X): Flow.REVOCATION,
    (_N, _X): Flow.DELISTING,
    (_N, _E): Flow.EXIT,
}

# The one use case that runs each flow (module path, function); a test checks the call sites.
USE_CASE: dict[Flow, tuple[str, str]] = {
    Flow.REVIEW: ("lifecycle.designations.naming", "accept_application"),
    Flow.NAMING: ("lifecycle.designations.naming", "name_designation"),
    Flow.REJECTION: ("lifecycle.designations.naming", "reject_application"),
    Flow.RECTIFICATION: ("lifecycle.notices.service", "issue_notice"),
    Flow.RE_INSPECTION: ("lifecycle.notices.service", "close_notice"),
    Flow.REVOCATION: ("lifecycle.notices.service", "confirm_revocation"),
    Flow.DELISTING: ("lifecycle.designations.delisting", "delist"),
    Flow.EXIT: ("lifecycle.designations.delisting", "exit_keeping_title"),
}


def check_owner(flow: Flow, current: DesignationStatus, target: DesignationStatus) -> None:
    """Refuse a status change that ``flow`` does not own (another flow carries its rule)."""
    owner = OWNER.get((current, target))
    if owner is flow:
        return
    cur, tgt = DESIGNATION_STATUS_LABELS[current], DESIGNATION_STATUS_LABELS[target]
    raise TransitionRefused(
        f"「{cur}」变为「{tgt}」不能通过此办理程序进行",
        field="status",
        rule="flow_not_owner",
    )
