"""Running a page's form: the write transaction is over before any page is rendered again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from fastapi import Request
from sqlalchemy.orm.exc import StaleDataError

from api.web.core import unit_of_work
from lifecycle.actors import Actor
from lifecycle.errors import ConflictError, DomainError
from lifecycle.uow import UnitOfWork

T = TypeVar("T")


@dataclass(frozen=True)
class Refused:
    """A refusal of the use case, returned once its transaction has been rolled back."""

    error: DomainError

    @property
    def conflict(self) -> bool:
        """A lost race (someone else changed the record first), not bad input."""
        return isinstance(self.error, ConflictError)


def _not_found(err: DomainError) -> bool:
    return err.http_status == 404


def on_page(_: DomainError) -> bool:
    """``propagate`` of a form whose page shows every refusal, not found included."""
    return False


def submit(
    request: Request,
    actor: Actor,
    act: Callable[[UnitOfWork], T],
    *,
    propagate: Callable[[DomainError], bool] = _not_found,
) -> T | Refused:
    """Run ``act`` in a write unit of work and commit; a refusal comes back as ``Refused``.

    The refused transaction is rolled back and closed before this returns, so the caller renders
    the form again without holding SQLite's write lock (every other user would wait on it).
    Refusals for which ``propagate`` is true (default: not found) are raised instead. ``act``
    returns plain values (ids), not rows to be read after the session is closed.
    """
    refused: DomainError
    with unit_of_work(request, actor) as uow:
        try:
            result = act(uow)
            uow.commit()
            return result
        except StaleDataError:
            refused = ConflictError("记录已在您打开后被修改，请刷新后重试", code="conflict")
        except DomainError as err:
            if propagate(err):
                raise
            refused = err
    return Refused(refused)
