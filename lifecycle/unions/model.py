"""Unions form one tree; `path` ("/1/4/9/") makes subtree queries one indexed prefix match."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lifecycle.clock import now_utc
from lifecycle.db.base import NEVER_REUSED_IDS, Base, UTCDateTime
from lifecycle.db.types import str_enum
from lifecycle.vocab import ContactRole, UnionLevel

LEVEL_ORDER = {
    UnionLevel.CITY: 0,
    UnionLevel.DISTRICT: 1,
    UnionLevel.SECTOR: 2,
    UnionLevel.UNIT: 3,
    # An association sits under the city or a district union and has no unions below it.
    UnionLevel.ASSOCIATION: 2,
}
# The levels a rule pack's naming union sits at (``SchemeSettings.level``): the union at such a
# level carrying the pack's region names its titles and opens its calls [Y7][S7][C 二（五）][L 一],
# so at these levels one union at most carries a region; below them a union shares its district's.
REGION_LEVELS = frozenset({UnionLevel.CITY, UnionLevel.DISTRICT})
ONE_PER_REGION = "level IN ('city', 'district') AND region_code IS NOT NULL"


@lru_cache(maxsize=16384)
def path_ids(path: str) -> tuple[int, ...]:
    """The unions on a path, root first ("/1/4/9/" → (1, 4, 9))."""
    return tuple(int(part) for part in path.split("/") if part)


def nearest_at_level(path: str, levels: Mapping[int, UnionLevel], level: UnionLevel) -> int | None:
    """The union at ``path`` itself or its nearest ancestor at ``level``, from ``levels`` of the
    unions on the path (``UnionRepository.ancestor_at_level`` applies it to the stored tree)."""
    return next((i for i in reversed(path_ids(path)) if levels.get(i) == level), None)


class Union(Base):
    """One node of the union hierarchy."""

    __tablename__ = "unions"
    __table_args__ = (
        UniqueConstraint("parent_id", "name"),
        Index("ix_unions_path", "path"),
        # One city and one district union per region, on both backends (REGION_LEVELS).
        Index(
            "uq_unions_level_region",
            "level",
            "region_code",
            unique=True,
            sqlite_where=text(ONE_PER_REGION),
            postgresql_where=text(ONE_PER_REGION),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[UnionLevel] = mapped_column(str_enum(UnionLevel, 20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unions.id", ondelete="RESTRICT"))
    path: Mapped[str] = mapped_column(String(400), default="")
    # Short code used in document numbers, e.g. 杨工创 in 杨工创〔2026〕3号.
    doc_prefix: Mapped[str | None] = mapped_column(String(20))
    # Region key for rules tied to a place, e.g. "yangpu" for [Y3] 工会关系在杨浦.
    region_code: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    parent: Mapped[Union | None] = relationship(remote_side="Union.id", lazy="raise")
    # Loaded when read (or asked for with ``selectinload``): most reads of a union want its name
    # and place in the tree, not its contacts (a statement per union read otherwise).
    contacts: Mapped[list[UnionContact]] = relationship(
        back_populates="union", lazy="select", order_by="UnionContact.id"
    )

    def __repr__(self) -> str:
        return f"Union(id={self.id}, name={self.name!r}, level={self.level})"


class UnionContact(Base):
    """A person to write to at a union; `version` guards concurrent corrections (optimistic
    locking)."""

    __tablename__ = "union_contacts"
    __table_args__ = (
        UniqueConstraint("union_id", "email"),
        CheckConstraint("email LIKE '%_@_%'", name="email_shape"),
        NEVER_REUSED_IDS,  # a removed contact is deleted; its 修改记录 stays
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[ContactRole] = mapped_column(str_enum(ContactRole, 20))
    phone: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(nullable=False, server_default=text("1"))

    union: Mapped[Union] = relationship(back_populates="contacts", lazy="raise")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
