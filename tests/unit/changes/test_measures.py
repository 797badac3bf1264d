"""拟采取措施 each title's scheme allows on 附件3: [S9] 摘牌 only, [C 三（六）] all three."""

from __future__ import annotations

import pytest

from lifecycle.changes.checks import allowed_measures, measure_problems
from lifecycle.changes.model import ChangeMeasure as M
from lifecycle.changes.model import ChangeReason
from lifecycle.citations import cite
from lifecycle.designations.states import EXIT_KEEPING_TITLE
from lifecycle.schemes import get_scheme

MODEL_WORKER = get_scheme("shanghai-model-worker").settings
CRAFTSMAN = get_scheme("shanghai-craftsman").settings


@pytest.mark.parametrize("reason", list(ChangeReason))
def test_a_model_worker_title_whose_leader_is_gone_applies_for_delisting_only(reason):
    assert allowed_measures(MODEL_WORKER, reason) == (M.REVOKE,)
    assert measure_problems(MODEL_WORKER, reason, M.REVOKE) == []
    for measure in (M.LEADER_CHANGE, M.EXIT_KEEPING_TITLE):
        [problem] = measure_problems(MODEL_WORKER, reason, measure)
        assert (problem.field, problem.code) == ("measure", "measure_not_allowed")
        message = cite(problem.message)
        assert "《上海市“劳模创新工作室”管理办法（修订）》第九条" in message
        assert "退出管理序列（摘牌）" in message
        assert "[" not in message


@pytest.mark.parametrize("reason", list(ChangeReason))
def test_a_craftsman_title_may_take_each_of_the_three_measures(reason):
    assert allowed_measures(CRAFTSMAN, reason) == (
        M.LEADER_CHANGE,
        M.EXIT_KEEPING_TITLE,
        M.REVOKE,
    )
    assert all(measure_problems(CRAFTSMAN, reason, m) == [] for m in M)


def test_exit_keeping_the_title_is_the_craftsman_notices_option_only():
    assert EXIT_KEEPING_TITLE in get_scheme("shanghai-craftsman").allowed_transitions()
    assert EXIT_KEEPING_TITLE not in get_scheme("shanghai-model-worker").allowed_transitions()
