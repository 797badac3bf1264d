"""Login throttling that cannot lock a legitimate user out (OWASP ASVS 2.2.1, 2.2.2).

Failures are counted per (name typed, client address) and per client address, never per account
alone: an attacker hammering ``admin`` from one address slows only that address, and admin logs
in from another. The name is counted as typed, whether or not such a user exists, so a throttled
answer says nothing about which names are real. The counts live in the service process (a few
bytes per address, bounded); behind N instances an address gets N times the allowance.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from lifecycle.errors import DomainError

# Failures allowed before the back-off starts: per name and address, and per address (any names).
FREE_FAILURES = 5
FREE_FAILURES_PER_CLIENT = 30
FIRST_DELAY = timedelta(seconds=30)  # doubled with every further failure
MAX_DELAY = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=1)  # a record without failures for this long starts afresh
MAX_RECORDS = 100_000
# A name is counted by its first characters only: no username is longer (64), and the page's
# login form takes any length, so a flood of long names typed from many addresses would
# otherwise fill MAX_RECORDS with megabytes each.
NAME_KEY_LENGTH = 65


def name_key(username: str) -> str:
    """The throttle's key for a typed name: folded and cut to ``NAME_KEY_LENGTH``."""
    return username.strip().lower()[:NAME_KEY_LENGTH]


class LoginThrottled(DomainError):
    """Too many failures from this address (for this name, or overall): wait a while."""

    code = "login_throttled"
    http_status = 429
    retry_after: int | None = None  # whole seconds to wait (the API's ``Retry-After``)


class LoginBusy(DomainError):
    """Too many password checks under way (of this name from this address, or overall): try
    again shortly."""

    code = "login_busy"
    http_status = 429


@dataclass
class _Record:
    failures: int
    last: datetime
    blocked_until: datetime | None = None


def back_off(failures: int, free: int) -> timedelta | None:
    """How long a key with ``failures`` in a row must wait: nothing while within ``free``."""
    if failures < free:
        return None
    delay: timedelta = FIRST_DELAY * (2 ** min(failures - free, 16))
    return min(delay, MAX_DELAY)


class LoginThrottle:
    """Failure counts per (name, client address) and per client address, with back-off."""

    def __init__(self, max_records: int = MAX_RECORDS) -> None:
        self._records: OrderedDict[tuple[str, str], _Record] = OrderedDict()
        self._max = max_records
        self._lock = threading.Lock()

    @staticmethod
    def _keys(username: str, client: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return (name_key(username), client), ("", client)

    def retry_after(self, username: str, client: str, now: datetime) -> timedelta | None:
        """How long ``client`` must wait before trying ``username`` again, or None."""
        waits = []
        with self._lock:
            for key in self._keys(username, client):
                record = self._records.get(key)
                if record is not None and record.blocked_until and record.blocked_until > now:
                    waits.append(record.blocked_until - now)
        return max(waits) if waits else None

    def failed(self, username: str, client: str, now: datetime) -> None:
        """Count a failure; past the free ones, block the key for a doubling delay."""
        by_name, by_client = self._keys(username, client)
        with self._lock:
            for key, free in ((by_name, FREE_FAILURES), (by_client, FREE_FAILURES_PER_CLIENT)):
                record = self._records.pop(key, None)
                if record is None or now - record.last > FORGET_AFTER:
                    record = _Record(0, now)
                record.failures += 1
                record.last = now
                delay = back_off(record.failures, free)
                record.blocked_until = now + delay if delay else None
                self._records[key] = record  # most recent last: the oldest are forgotten first
            while len(self._records) > self._max:
                self._records.popitem(last=False)

    def succeeded(self, username: str, client: str) -> None:
        """A right password clears the name's count from that address (not the address's)."""
        with self._lock:
            self._records.pop(self._keys(username, client)[0], None)


class HashGate:
    """At most ``limit`` password hashes at once, and one at a time per (name typed, address).

    argon2 costs 64 MiB and a core for about half a second: without a ceiling a burst of logins
    with random names starves every other request (and the memory). Different names log in side
    by side, also from one address (an office behind one NAT, a proxy not yet trusted); attempts
    at one name from one address take turns, so guessing it in parallel is no faster than one
    after another, and each attempt sees the failures counted before it (``log_in``).
    """

    def __init__(self, limit: int, wait_seconds: float) -> None:
        self._slots = threading.BoundedSemaphore(max(1, limit))
        self._wait = wait_seconds
        # The turns of the (name, address) pairs with an attempt under way: a lock and how many
        # attempts hold or wait for it (the entry goes with the last, so the map stays small).
        self._turns: dict[tuple[str, str], tuple[threading.Lock, list[int]]] = {}
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, client: str, username: str) -> Iterator[None]:
        """Hold ``username``'s turn from ``client`` and one hashing slot; ``LoginBusy`` when
        either does not come free in time."""
        deadline = time.monotonic() + self._wait
        key = (name_key(username), client)
        with self._lock:
            turn, holders = self._turns.setdefault(key, (threading.Lock(), [0]))
            holders[0] += 1
        try:
            if not turn.acquire(timeout=self._wait):
                raise LoginBusy("上一次登录尚未完成，请稍后再试", field="username")
            try:
                if not self._slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
                    raise LoginBusy("登录请求较多，请稍后再试", field="username")
                try:
                    yield
                finally:
                    self._slots.release()
            finally:
                turn.release()
        finally:
            with self._lock:
                holders[0] -= 1
                if not holders[0]:
                    del self._turns[key]


@dataclass(frozen=True)
class LoginGuard:
    """What every login edge (page, API token) shares: the throttle and the hash gate."""

    throttle: LoginThrottle
    gate: HashGate


def wait_seconds(wait: timedelta) -> int:
    """A wait in whole seconds, rounded up (never 0: the client must wait)."""
    return max(1, int(wait.total_seconds() + 0.999))


def throttled_message(wait: timedelta, failed: str = "登录失败") -> str:
    """The one refusal for a throttled attempt, whatever the name (no hint it exists); ``failed``
    names what failed too often (a password change says 密码错误: its count is the login's)."""
    seconds = wait_seconds(wait)
    if seconds >= 60:
        return f"{failed}次数过多，请{(seconds + 59) // 60}分钟后再试"
    return f"{failed}次数过多，请{seconds}秒后再试"
