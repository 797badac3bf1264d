"""The login throttle and hash gate (issue 16): pure logic, no database."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from lifecycle.accounts.throttle import (
    FIRST_DELAY,
    FREE_FAILURES,
    FREE_FAILURES_PER_CLIENT,
    MAX_DELAY,
    HashGate,
    LoginBusy,
    LoginThrottle,
    back_off,
    throttled_message,
)

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


def test_back_off_starts_after_the_free_failures_and_doubles_up_to_the_ceiling() -> None:
    assert back_off(FREE_FAILURES - 1, FREE_FAILURES) is None
    assert back_off(FREE_FAILURES, FREE_FAILURES) == FIRST_DELAY
    assert back_off(FREE_FAILURES + 1, FREE_FAILURES) == FIRST_DELAY * 2
    assert back_off(FREE_FAILURES + 40, FREE_FAILURES) == MAX_DELAY


def test_a_name_is_throttled_per_address_and_a_success_clears_it() -> None:
    throttle = LoginThrottle()
    for _ in range(FREE_FAILURES):
        throttle.failed("Admin", "10.0.0.1", NOW)
    assert throttle.retry_after("admin", "10.0.0.1", NOW) == FIRST_DELAY
    assert throttle.retry_after("admin", "10.0.0.2", NOW) is None
    assert throttle.retry_after("admin", "10.0.0.1", NOW + FIRST_DELAY) is None
    throttle.succeeded("admin", "10.0.0.1")
    throttle.failed("admin", "10.0.0.1", NOW + FIRST_DELAY)
    assert throttle.retry_after("admin", "10.0.0.1", NOW + FIRST_DELAY) is None


def test_spraying_many_names_from_one_address_throttles_that_address() -> None:
    throttle = LoginThrottle()
    for n in range(FREE_FAILURES_PER_CLIENT):
        throttle.failed(f"name-{n}", "10.0.0.9", NOW)
    assert throttle.retry_after("anyone-else", "10.0.0.9", NOW) == FIRST_DELAY
    assert throttle.retry_after("anyone-else", "10.0.0.8", NOW) is None


def test_old_failures_are_forgotten_and_the_records_stay_bounded() -> None:
    throttle = LoginThrottle(max_records=10)
    for _ in range(FREE_FAILURES - 1):
        throttle.failed("admin", "10.0.0.1", NOW)
    throttle.failed("admin", "10.0.0.1", NOW + timedelta(hours=2))
    assert throttle.retry_after("admin", "10.0.0.1", NOW + timedelta(hours=2)) is None
    for n in range(50):
        throttle.failed("x", f"10.1.0.{n}", NOW)
    assert len(throttle._records) <= 10


def test_the_gate_allows_one_hash_per_address_and_a_ceiling_overall() -> None:
    gate = HashGate(limit=1, wait_seconds=0.05)
    with gate.slot("10.0.0.1"):
        with pytest.raises(LoginBusy), gate.slot("10.0.0.1"):
            pass  # the same address twice at once: refused at once
        outcome: list[str] = []

        def other() -> None:
            try:
                with gate.slot("10.0.0.2"):
                    outcome.append("hashed")
            except LoginBusy:
                outcome.append("busy")

        worker = threading.Thread(target=other)
        worker.start()
        worker.join()
        assert outcome == ["busy"]  # the ceiling is reached: waited, then refused
    with gate.slot("10.0.0.2"):
        pass  # free again


def test_the_throttled_message_names_the_wait_and_nothing_about_the_account() -> None:
    assert throttled_message(timedelta(seconds=30)) == "登录失败次数过多，请30秒后再试"
    assert throttled_message(timedelta(minutes=14, seconds=1)) == "登录失败次数过多，请15分钟后再试"
