"""Settings from the environment (prefix WORKSHOPS_) or .env; DATABASE_URL picks the store."""

from __future__ import annotations

import os
from datetime import time
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE_PATH = Path("var") / "workshops.db"
# The farthest a reminder may be announced ahead of its due date. The occasion index always
# reaches further ahead than this (``occasions.index.MIN_AHEAD``), so the sweep, which reads
# only the index, never misses a lead.
MAX_LEAD_DAYS = 365


class Settings(BaseSettings):
    """Service settings; every one has a safe default for a laptop."""

    model_config = SettingsConfigDict(
        env_prefix="WORKSHOPS_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_SQLITE_PATH.as_posix()}",
        validation_alias=AliasChoices("DATABASE_URL", "WORKSHOPS_DATABASE_URL"),
    )
    timezone: str = "Asia/Shanghai"
    # The one public address of the service: every absolute link (mail, ICS feed, PDF) starts
    # with it. Unset, ``workshops serve``/``up`` derive it from the host and port they listen on.
    base_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    sql_echo: bool = False
    # Requests one process works on at once in worker threads (routes, pages): past a few per
    # core they only contend for the interpreter. At most 12: each may hold two of the pool's
    # connections (``lifecycle.db.engine.reader_slots``). Measured by ``bench/api``.
    request_threads: int = Field(default=8, ge=1, le=12)
    files_dir: Path = Path("var") / "files"
    max_upload_bytes: int = 10 * 1024 * 1024
    # Security (OWASP ASVS): who may say which client a request comes from, login throttling.
    # Addresses or networks of the reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are
    # believed (JSON list, e.g. ["127.0.0.1", "10.0.0.0/8"]); empty: the peer is the client.
    trusted_proxies: list[str] = []
    login_concurrent_hashes: int = 2  # password checks at once (argon2: 64 MiB and a core each)
    login_hash_wait_seconds: float = 10.0  # a login waits this long for a slot, then 429
    # A page session with no request for this long ends (OWASP ASVS 3.3.2: 30 minutes at
    # level 2); it ends 12 hours after the login in any case.
    session_idle_minutes: int = Field(default=30, ge=1, le=720)
    # Reminders (DOMAIN.md §6): mail server, schedule, policy, leases.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_use_tls: bool = False  # implicit TLS (usually port 465)
    smtp_starttls: bool = False  # STARTTLS after connecting (usually port 587)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = 30.0
    mail_from: str = "noreply@localhost"
    mail_from_name: str = "创新工作室管理服务"
    sweep_time: str = "07:30"  # daily reminder sweep, in ``timezone``
    sweep_misfire_grace_seconds: int = 20 * 3600  # a sweep missed while down runs on start-up
    sweep_catch_up_days: int = 3  # missed sweep dates (no job-run row) swept on the next run
    audit_time: str = "06:30"  # daily full 专款专用 audit, in ``timezone`` (before the sweep)
    reminder_lead_days: list[int] = [60, 30, 7, 0]  # days before the due date; 0 = on the day
    reminder_lead_days_by_kind: dict[str, list[int]] = {}  # per OccasionKind value
    reminder_overdue_every_days: int = Field(default=7, ge=0)  # repeat while overdue; 0: never
    scheduler_in_service: bool = False  # run the scheduler inside ``workshops serve``
    scheduler_lease_seconds: int = 60  # the leader lease; standby polls at a third of it
    outbox_lease_seconds: int = 300  # a claimed message unsent after this is claimed again
    outbox_max_attempts: int = 8
    outbox_backoff_seconds: int = 60  # first retry delay, doubled per attempt
    outbox_backoff_max_seconds: int = 6 * 3600
    outbox_batch_size: int = 100
    # Mails accepted by the SMTP server whose sent-mark may still be uncommitted: a crash sends
    # each of them once more after the lease (1: every mark is committed before the next DATA).
    outbox_unmarked_max: int = 32

    @field_validator("sweep_time", "audit_time")
    @classmethod
    def _a_time_of_day(cls, value: str) -> str:
        """``HH:MM`` of a day (the scheduler's cron hour and minute); refused at start-up, not
        when the scheduler first plans the job."""
        try:
            time.fromisoformat(value)
        except ValueError:
            raise ValueError(f"应为 24 小时制的“时:分”，如 07:30，不能为“{value}”") from None
        return value

    @field_validator("timezone")
    @classmethod
    def _a_known_zone(cls, value: str) -> str:
        """An IANA zone name the scheduler can plan in (``Asia/Shanghai``); refused at start-up,
        not when the scheduler first plans its jobs."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"应为时区名称，如 Asia/Shanghai，不能为“{value}”") from None
        return value

    @field_validator("reminder_lead_days")
    @classmethod
    def _leads_within_reach(cls, days: list[int]) -> list[int]:
        return _checked_leads(days)

    @field_validator("reminder_lead_days_by_kind")
    @classmethod
    def _kind_leads_within_reach(cls, by_kind: dict[str, list[int]]) -> dict[str, list[int]]:
        return {kind: _checked_leads(days) for kind, days in by_kind.items()}


def _checked_leads(days: list[int]) -> list[int]:
    """Lead days are 0 (the due day) to ``MAX_LEAD_DAYS``: a longer lead would ask the sweep for
    due dates beyond the occasion index's reach."""
    wrong = [d for d in days if not 0 <= d <= MAX_LEAD_DAYS]
    if wrong:
        raise ValueError(f"提前提醒的天数须在 0 到 {MAX_LEAD_DAYS} 之间，不能为 {wrong}")
    return days


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once at the edge (never at import time)."""
    return Settings()


def serving_settings(host: str | None, port: int | None) -> Settings:
    """The settings of a service about to listen on ``host``:``port``.

    Unless WORKSHOPS_BASE_URL (or .env) sets the public address, it becomes the listening address,
    exported to the environment so the app the server builds (and any scheduler beside it) link
    to the port that actually serves.
    """
    settings = get_settings()
    if "base_url" in settings.model_fields_set:
        return settings
    shown = host or settings.host
    if shown in ("0.0.0.0", "::", ""):  # noqa: S104 - only deciding what to print in links
        shown = "127.0.0.1"
    os.environ["WORKSHOPS_BASE_URL"] = f"http://{shown}:{port or settings.port}"
    get_settings.cache_clear()
    return get_settings()
