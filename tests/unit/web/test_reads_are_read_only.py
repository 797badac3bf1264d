"""Every JSON API route that answers GET reads in the request's read-only unit (``ReaderDep``).

A writing unit begins ``BEGIN IMMEDIATE`` on SQLite: a read route declaring ``UowDep`` would take
the database's write lock and wait behind every long write (``test_requests_under_load.py`` shows
the waiting itself on both databases). The page routes' reads are checked there too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.routing import APIRoute, iter_route_contexts

from api.deps import _uow_factory_dep, read_unit
from api.v1 import router


def _calls(dependant: Any) -> Iterator[Any]:
    stack = [dependant]
    while stack:
        node = stack.pop()
        yield node.call
        stack.extend(node.dependencies)


def test_no_get_route_of_the_api_opens_a_writing_unit() -> None:
    gets = [
        c.original_route
        for c in iter_route_contexts(router.routes)
        if isinstance(c.original_route, APIRoute) and "GET" in (c.methods or ())
    ]
    assert len(gets) > 80
    writing = [r.path for r in gets if _uow_factory_dep in set(_calls(r.dependant))]
    assert writing == []
    # Each reads through the request's read-only unit, but for the answers that need nothing of
    # the database beyond the caller's token (templates; the schemes read their naming union in
    # the union tree; the registry template reads the caller's city tree). ``/me`` reads which
    # unions' contact the caller's address is (where reminder mail goes) through it too.
    elsewhere = {r.path for r in gets if read_unit not in set(_calls(r.dependant))}
    assert elsewhere == {
        "/funding/expenditure-template",
        "/intake/forms",
    }
