"""Access scope: a user sees and acts only inside one union's subtree (a city officer: the city)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, String, and_, bindparam, true
from sqlalchemy.orm import InstrumentedAttribute


@dataclass(frozen=True)
class Scope:
    """The subtree a caller may see, as a union path prefix; None means everything."""

    path_prefix: str | None = None

    @classmethod
    def everything(cls) -> Scope:
        return cls(None)

    @classmethod
    def subtree(cls, union_path: str) -> Scope:
        return cls(union_path)

    def covers_path(self, path: str) -> bool:
        """Whether a union with `path` lies inside this scope."""
        return self.path_prefix is None or path.startswith(self.path_prefix)

    def clause(self, path_column: InstrumentedAttribute[str]) -> ColumnElement[bool]:
        """A WHERE clause restricting rows by a union path column."""
        if self.path_prefix is None:
            return true()
        return path_column.startswith(self.path_prefix, autoescape=True)

    @property
    def bound(self) -> dict[str, str]:
        """The value of ``in_bound_scope``'s parameter for this scope: ``clause``'s prefix match
        as a LIKE pattern ("/" escapes, as ``autoescape`` does); everything: any path."""
        if self.path_prefix is None:
            return {SCOPE_PARAMETER: "%"}
        escaped = self.path_prefix.replace("/", "//").replace("%", "/%").replace("_", "/_")
        return {SCOPE_PARAMETER: escaped + "%"}


SCOPE_PARAMETER = "scope_pattern"


def in_bound_scope(
    path_column: InstrumentedAttribute[str] | ColumnElement[str],
) -> ColumnElement[bool]:
    """``Scope.clause`` with the scope a bound value (``Scope.bound``), for a statement written
    once (a path is never NULL: every path matches "%")."""
    return path_column.like(bindparam(SCOPE_PARAMETER, type_=String), escape="/")


def path_range(path: ColumnElement[str], prefix: str) -> ColumnElement[bool]:
    """The paths under ``prefix`` ("/1/4/") as a range ("/1/4/" ≤ path < "/1/40"), which a path
    index serves where a LIKE prefix cannot; ``path`` must compare in byte order."""
    return and_(path >= prefix, path < prefix[:-1] + chr(ord(prefix[-1]) + 1))


EVERYTHING = Scope.everything()
