"""Settings from the environment (prefix WORKSHOPS_) or .env; DATABASE_URL picks the store."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE_PATH = Path("var") / "workshops.db"


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
    base_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    sql_echo: bool = False
    files_dir: Path = Path("var") / "files"
    max_upload_bytes: int = 10 * 1024 * 1024


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once at the edge (never at import time)."""
    return Settings()
