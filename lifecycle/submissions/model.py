"""A page form's one-time key, stored in the transaction of the write it made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime

KEY_MAX = 64
LOCATION_MAX = 500


class FormSubmission(Base):
    """A rendered form that was posted and written: its key, who, where, and where it led."""

    __tablename__ = "form_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_MAX), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(LOCATION_MAX))
    # The page the first submission led to (set once its answer is known; None until then).
    location: Mapped[str | None] = mapped_column(String(LOCATION_MAX))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    def __repr__(self) -> str:
        return f"FormSubmission(id={self.id}, path={self.path!r})"
