"""A new leader past the legal retirement age: what each scheme's text asks (pure) [Y13][C]."""

from __future__ import annotations

from datetime import date

from lifecycle.leaders.successor import successor_age_warning
from lifecycle.schemes.base import LeaderExitPolicy

LEGAL = date(2020, 7, 7)


def _warn(policy: LeaderExitPolicy, on: date) -> str | None:
    return successor_age_warning(
        policy, word="带头人", name="方师傅", legal_on=LEGAL, takes_over_on=on
    )


def test_a_successor_of_working_age_needs_nothing_under_any_scheme() -> None:
    for policy in LeaderExitPolicy:
        assert _warn(policy, date(2020, 7, 6)) is None


def test_a_yangpu_successor_past_the_age_owes_the_consent_at_once() -> None:
    warning = _warn(LeaderExitPolicy.CONTINUE_WITH_CONSENT, LEGAL)
    assert warning == (
        "新带头人方师傅接任时（2020年7月7日）已达到法定退休年龄（2020年7月7日）："
        "须登记本人愿意继续领衔及所在单位同意，否则须另行变更带头人"
        "（《杨浦区劳模（先进）、技师创新工作室管理办法》第十三条）"
    )


def test_a_craftsman_successor_past_the_age_is_a_new_report_to_come() -> None:
    warning = _warn(LeaderExitPolicy.CHANGE_REQUEST, date(2026, 11, 21))
    assert warning is not None
    past = "新带头人方师傅接任时（2026年11月21日）已达到法定退休年龄（2020年7月7日）"
    assert warning.startswith(past)
    assert "其退休时须再报送管理变更申请（附件3）" in warning
    assert "三（六）" in warning


def test_model_worker_and_leshan_texts_say_nothing_of_a_successors_age() -> None:
    for policy in (LeaderExitPolicy.REVOKE, LeaderExitPolicy.NONE):
        assert _warn(policy, date(2026, 11, 21)) is None
