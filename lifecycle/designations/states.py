"""The designation state machine: which status changes a scheme allows (DOMAIN.md §3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lifecycle.errors import TransitionRefused
from lifecycle.vocab import DesignationStatus, status_labels_in

if TYPE_CHECKING:
    from lifecycle.schemes.base import Scheme

Transition = tuple[DesignationStatus, DesignationStatus]

_A = DesignationStatus.APPLIED
_U = DesignationStatus.UNDER_REVIEW
_N = DesignationStatus.NAMED
_R = DesignationStatus.RECTIFYING
_X = DesignationStatus.REVOKED
_E = DesignationStatus.EXITED
_J = DesignationStatus.REJECTED

# Core transitions every scheme allows (DOMAIN.md §3).
TRANSITION_BASE: frozenset[Transition] = frozenset(
    {
        (_A, _U),  # 受理 → 评审
        (_A, _J),  # 初审不通过
        (_U, _N),  # 审定命名
        (_U, _J),  # 评审不通过
        (_N, _R),  # 检查/考核不合格，出具整改通知 [Y12]
        (_R, _N),  # 限期内整改合格 [Y12]
        (_R, _X),  # 逾期仍不能有效整改，撤牌 [Y12]
    }
)

# 整改: only where a cycle-end inspection can fail a title [Y12].
RECTIFICATION_TRANSITIONS: frozenset[Transition] = frozenset({(_N, _R), (_R, _N), (_R, _X)})

# Added for schemes that decide leader events on the 附件3 form: 退出管理序列，保留称号 [C].
EXIT_KEEPING_TITLE: Transition = (_N, _E)

# Added for schemes whose failure or leader-exit path is a 摘牌 decided by the city [S9][C].
DIRECT_REVOCATION: Transition = (_N, _X)

ACTIVE_STATES = frozenset({_N, _R})
TERMINAL_STATES = frozenset({_X, _J, _E})

_FALLBACK_ARTICLE = "DOMAIN §3"


def is_active(status: DesignationStatus) -> bool:
    """Named or rectifying: the title is held and under oversight (DOMAIN.md §3)."""
    return status in ACTIVE_STATES


def is_terminal(status: DesignationStatus) -> bool:
    """Revoked, rejected or exited: no further transition (DOMAIN.md §3)."""
    return status in TERMINAL_STATES


def check_transition(scheme: Scheme, current: DesignationStatus, target: DesignationStatus) -> None:
    """Raise ``TransitionRefused`` unless the scheme allows ``current → target`` (DOMAIN.md §3)."""
    if (current, target) in scheme.allowed_transitions():
        return
    rule, reason, article = _refusal(scheme, current, target)
    labels = status_labels_in(scheme.settings.revoked_word)  # 撤牌 [Y12], 摘牌 [S9]
    cur, tgt = labels[current], labels[target]
    raise TransitionRefused(
        f"「{cur}」的工作室不能变为「{tgt}」：{reason}（{article}）",
        field="status",
        rule=rule,
    )


def _cite(scheme: Scheme, acts: tuple[str, ...]) -> str | None:
    """The Chinese citation of the first of ``acts`` the pack's authorities name."""
    for act, authority in scheme.settings.authorities:
        if act.value in acts:
            return authority.citation
    return None


def _refusal(
    scheme: Scheme, current: DesignationStatus, target: DesignationStatus
) -> tuple[str, str, str]:
    """Rule id, Chinese reason and article for a refused transition."""
    settings = scheme.settings
    # Cited in Chinese where the pack names the article (《…》第十二条), else by its rule id.
    revocation = _cite(scheme, ("confirm_revocation", "delist")) or (
        settings.revocation_article or _FALLBACK_ARTICLE
    )
    naming = _cite(scheme, ("name",)) or settings.naming_article or _FALLBACK_ARTICLE
    if current == target:
        return "status_unchanged", "状态未发生变化", _FALLBACK_ARTICLE
    if current == _X:
        return (
            "revoked_is_final",
            f"{settings.revoked_word}后不再保留工作室称号，不能恢复或变更",
            revocation,
        )
    if current == _J:
        return "rejected_is_final", "未通过的申报不再流转，如需命名须重新申报", naming
    if current == _E:
        article = "[C] 附件3" if settings.uses_change_request_form else _FALLBACK_ARTICLE
        return "exited_is_final", "已退出管理序列的工作室保留称号但不再纳入管理，不能恢复", article
    if (current, target) in RECTIFICATION_TRANSITIONS:
        reason = "该命名方案不实行周期检查，不适用整改通知及逾期撤牌程序"
        return "no_rectification", reason, revocation
    if (current, target) == DIRECT_REVOCATION:
        reason = "须先出具书面整改通知、限期整改，逾期仍不能有效整改的方可撤牌"
        return "revocation_requires_rectification", reason, revocation
    if (current, target) == (_R, _E):
        reason = "整改中的工作室须整改合格恢复命名或逾期撤牌，不能退出管理序列保留称号"
        return "rectification_must_conclude", reason, revocation
    if current in (_A, _U) and target in ACTIVE_STATES | {_E, _X}:
        return "review_before_naming", "须经评审审定命名后方可进入管理", naming
    if current in ACTIVE_STATES and target in (_A, _U):
        return "no_reapplication", "已命名的工作室不能回到申报或评审阶段", naming
    return "transition_not_allowed", "该命名方案不允许此状态变更", _FALLBACK_ARTICLE
