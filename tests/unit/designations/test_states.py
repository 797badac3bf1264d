"""The designation state machine: exactly the table of DOMAIN.md §3 is allowed, per scheme."""

from __future__ import annotations

from itertools import product

import pytest

from lifecycle.designations.states import (
    TRANSITION_BASE,
    check_transition,
    is_active,
    is_terminal,
)
from lifecycle.errors import TransitionRefused
from lifecycle.schemes import get_scheme
from lifecycle.vocab import DesignationStatus

A = DesignationStatus.APPLIED
U = DesignationStatus.UNDER_REVIEW
N = DesignationStatus.NAMED
R = DesignationStatus.RECTIFYING
X = DesignationStatus.REVOKED
E = DesignationStatus.EXITED
J = DesignationStatus.REJECTED

# The table, written out by hand (not derived from the code under test).
# Exit keeping the title (named → exited) is the craftsman notice's option [C 三（六）]; a model-
# worker title whose leader is gone applies for 摘牌 [S9]; Yangpu knows only 撤牌 [Y12], Leshan
# sets no exit path.
# 整改 and 撤牌 follow a failed cycle-end inspection, which only Yangpu has [Y12].
BASE = {(A, U), (A, J), (U, N), (U, J), (N, R), (R, N), (R, X)}
REVIEW = {(A, U), (A, J), (U, N), (U, J)}
RECTIFICATION = {(N, R), (R, N), (R, X)}
TABLE = {
    "yangpu-district": REVIEW | RECTIFICATION,
    "shanghai-model-worker": REVIEW | {(N, X)},
    "shanghai-craftsman": REVIEW | {(N, X), (N, E)},
    "leshan-city": REVIEW,
}
PAIRS = [(code, cur, tgt) for code in TABLE for cur, tgt in product(DesignationStatus, repeat=2)]


def test_transition_base_is_the_core_table() -> None:
    assert TRANSITION_BASE == BASE


@pytest.mark.parametrize(("code", "current", "target"), PAIRS)
def test_exactly_the_table_is_allowed(
    code: str, current: DesignationStatus, target: DesignationStatus
) -> None:
    scheme = get_scheme(code)
    if (current, target) in TABLE[code]:
        check_transition(scheme, current, target)
    else:
        with pytest.raises(TransitionRefused) as exc:
            check_transition(scheme, current, target)
        assert exc.value.rule
        assert exc.value.field == "status"


@pytest.mark.parametrize("code", sorted(TABLE))
def test_allowed_transitions_match_table(code: str) -> None:
    assert get_scheme(code).allowed_transitions() == TABLE[code]


def test_revoked_cannot_be_named_again() -> None:
    with pytest.raises(TransitionRefused) as exc:
        check_transition(get_scheme("yangpu-district"), X, N)
    err = exc.value
    assert "已撤牌" in err.message
    assert "已命名" in err.message
    assert "《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条" in err.message
    assert err.rule == "revoked_is_final"
    assert err.code == "transition_refused"
    assert err.http_status == 409
    assert err.to_dict()["rule"] == "revoked_is_final"


def test_revoked_cites_the_scheme_article() -> None:
    with pytest.raises(TransitionRefused) as exc:
        check_transition(get_scheme("shanghai-model-worker"), X, N)
    assert "第九条" in exc.value.message


def test_yangpu_revocation_needs_rectification_first() -> None:
    with pytest.raises(TransitionRefused) as exc:
        check_transition(get_scheme("yangpu-district"), N, X)
    assert exc.value.rule == "revocation_requires_rectification"
    assert "整改" in exc.value.message


def test_shanghai_named_can_be_revoked_directly() -> None:
    check_transition(get_scheme("shanghai-model-worker"), N, X)
    check_transition(get_scheme("shanghai-craftsman"), N, X)


@pytest.mark.parametrize("code", ["shanghai-model-worker", "shanghai-craftsman", "leshan-city"])
def test_no_rectification_without_cycle_inspection(code: str) -> None:
    with pytest.raises(TransitionRefused) as exc:
        check_transition(get_scheme(code), N, R)
    assert exc.value.rule == "no_rectification"


def test_rectifying_cannot_exit_keeping_title() -> None:
    with pytest.raises(TransitionRefused) as exc:
        check_transition(get_scheme("shanghai-craftsman"), R, E)
    assert exc.value.rule == "rectification_must_conclude"


@pytest.mark.parametrize(
    ("current", "target", "rule"),
    [
        (N, N, "status_unchanged"),
        (J, U, "rejected_is_final"),
        (E, N, "exited_is_final"),
        (A, N, "review_before_naming"),
        (N, A, "no_reapplication"),
        (U, A, "transition_not_allowed"),
    ],
)
def test_refusal_rules(current: DesignationStatus, target: DesignationStatus, rule: str) -> None:
    with pytest.raises(TransitionRefused) as exc:
        check_transition(get_scheme("shanghai-craftsman"), current, target)
    assert exc.value.rule == rule


@pytest.mark.parametrize("status", list(DesignationStatus))
def test_active_and_terminal(status: DesignationStatus) -> None:
    assert is_active(status) is (status in {N, R})
    assert is_terminal(status) is (status in {X, J, E})
    assert not (is_active(status) and is_terminal(status))


def test_terminal_states_have_no_way_out() -> None:
    for code in TABLE:
        allowed = get_scheme(code).allowed_transitions()
        assert not any(is_terminal(cur) for cur, _ in allowed)
