"""A page form's one-time key, or an API request's ``Idempotency-Key``, stored in the
transaction of the write it made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime

KEY_MAX = 64
LOCATION_MAX = 500
MEDIA_TYPE_MAX = 100


class FormSubmission(Base):
    """A rendered form that was posted and written: its key, who, where, and where it led; or an
    API request made with an ``Idempotency-Key`` (its fingerprint and the answer it got)."""

    __tablename__ = "form_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_MAX), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(LOCATION_MAX))
    # The page the first submission led to (set once its answer is known; None until then).
    location: Mapped[str | None] = mapped_column(String(LOCATION_MAX))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    # API requests only: SHA-256 of method, path and body, and the answer the first one got
    # (None until it is known, and for page forms).
    request_hash: Mapped[str | None] = mapped_column(String(64))
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_type: Mapped[str | None] = mapped_column(String(MEDIA_TYPE_MAX))
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)

    def __repr__(self) -> str:
        return f"FormSubmission(id={self.id}, path={self.path!r})"
