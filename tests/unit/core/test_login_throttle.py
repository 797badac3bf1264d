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
    NAME_KEY_LENGTH,
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


def test_a_long_typed_name_is_kept_by_its_first_characters_only() -> None:
    throttle = LoginThrottle()
    long_names = ["x" * 1_000_000 + str(n) for n in range(FREE_FAILURES)]
    for name in long_names:  # names no user can have (64 characters at most)
        throttle.failed(name, "10.0.0.1", NOW)
    assert max(len(name) for name, _ in throttle._records) == NAME_KEY_LENGTH
    # Counted as one name: the fifth guess at it blocks the next, whatever its tail.
    assert throttle.retry_after("x" * 1_000_000 + "other", "10.0.0.1", NOW) == FIRST_DELAY
    assert throttle.retry_after("x" * 64, "10.0.0.1", NOW) is None  # a real name's length


def _attempt(gate: HashGate, client: str, name: str, hold: threading.Event, log: list[str]):
    """A login of ``name`` from ``client`` that hashes until ``hold`` is set."""

    def run() -> None:
        try:
            with gate.slot(client, name):
                log.append(f"{name} hashing")
                hold.wait(5)
            log.append(f"{name} done")
        except LoginBusy as busy:
            log.append(f"{name} busy: {busy.message}")

    return threading.Thread(target=run)


def test_different_names_from_one_address_hash_side_by_side() -> None:
    gate = HashGate(limit=3, wait_seconds=2)
    hold, log = threading.Event(), []
    workers = [_attempt(gate, "10.0.0.1", n, hold, log) for n in ("unit", "yangpu", "city")]
    for w in workers:
        w.start()
    for _ in range(100):  # all three hash at once (none waits for another's turn)
        if len(log) == 3:
            break
        threading.Event().wait(0.02)
    assert sorted(log) == ["city hashing", "unit hashing", "yangpu hashing"]
    hold.set()
    for w in workers:
        w.join()
    assert not any("busy" in line for line in log)


def test_one_name_from_one_address_takes_turns_and_a_long_wait_is_refused() -> None:
    gate = HashGate(limit=3, wait_seconds=0.3)
    hold, log = threading.Event(), []
    first = _attempt(gate, "10.0.0.1", "admin", hold, log)
    first.start()
    while not log:
        threading.Event().wait(0.01)
    # The same name from another address is not held up; from the same one it waits its turn,
    # and is refused when the turn does not come in time.
    with gate.slot("10.0.0.2", "Admin"):
        pass
    with pytest.raises(LoginBusy) as busy, gate.slot("10.0.0.1", " ADMIN "):
        pass
    assert busy.value.message == "上一次登录尚未完成，请稍后再试"
    free = threading.Event()
    free.set()
    second = _attempt(gate, "10.0.0.1", "admin", free, log)
    second.start()
    threading.Event().wait(0.05)
    assert log == ["admin hashing"]  # still waiting for the first
    hold.set()
    first.join()
    second.join()
    assert log[:3] == ["admin hashing", "admin done", "admin hashing"]
    assert gate._turns == {}  # nothing kept once no attempt is under way


def test_the_gate_keeps_a_ceiling_overall() -> None:
    gate = HashGate(limit=1, wait_seconds=0.05)
    with gate.slot("10.0.0.1", "unit"):
        outcome: list[str] = []

        def other() -> None:
            try:
                with gate.slot("10.0.0.2", "city"):
                    outcome.append("hashed")
            except LoginBusy as busy:
                outcome.append(busy.message)

        worker = threading.Thread(target=other)
        worker.start()
        worker.join()
        assert outcome == ["登录请求较多，请稍后再试"]  # the ceiling is reached: waited, refused
    with gate.slot("10.0.0.2", "city"):
        pass  # free again


def test_the_throttled_message_names_the_wait_and_nothing_about_the_account() -> None:
    assert throttled_message(timedelta(seconds=30)) == "登录失败次数过多，请30秒后再试"
    assert throttled_message(timedelta(minutes=14, seconds=1)) == "登录失败次数过多，请15分钟后再试"
