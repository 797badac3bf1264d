"""附件3's 申请原因 when no leader event is cited: not other than the leader's recorded end
(离职、已故); a leader in service or retired may be reported for any reason [C 三（六）]."""

from __future__ import annotations

from lifecycle.changes.model import ChangeReason
from lifecycle.leaders.events import reason_record_refusal
from lifecycle.vocab import EmploymentStatus


def test_a_leader_in_service_or_retired_may_be_reported_for_any_reason() -> None:
    for status in (EmploymentStatus.EMPLOYED, EmploymentStatus.RETIRED):
        for reason in ChangeReason:
            assert reason_record_refusal("周工匠", status, reason) is None


def test_a_leader_who_left_or_died_is_reported_for_that_only() -> None:
    for status, own in (
        (EmploymentStatus.LEFT, ChangeReason.LEFT),
        (EmploymentStatus.DECEASED, ChangeReason.DECEASED),
    ):
        assert reason_record_refusal("周工匠", status, own) is None
        for reason in set(ChangeReason) - {own}:
            refused = reason_record_refusal("周工匠", status, reason)
            assert refused is not None
            assert "与领衔人周工匠的登记情况" in refused
