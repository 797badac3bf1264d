"""One analysis of each route per test process, as in production (one app per process).

FastAPI (0.16x) analyses an included router's routes (signatures, dependencies, response models)
lazily, on the app's first request through it, and again for every new app: the tests build an
app per test, and that analysis was over half of a page or API test's time. The analysis depends
on the route and how it is included, not on the app, except for the app whose
``dependency_overrides`` it consults; no test sets any. So the tests share it: keyed by the route
and its include context less that app. Where FastAPI's private hook is missing (another version),
nothing is shared and the tests only run slower.
"""

from __future__ import annotations

from typing import Any

from fastapi import routing


def share_route_analysis() -> None:
    """Build each route's effective context once per process and hand it to every app."""
    context_class: Any = getattr(routing, "_EffectiveRouteContext", None)
    if context_class is None or not hasattr(context_class, "from_api_route"):
        return
    build = context_class.from_api_route
    built: dict[tuple[Any, ...], tuple[Any, Any]] = {}

    def from_api_route(*, original_route: Any, include_context: Any) -> Any:
        key = (
            id(original_route),
            include_context.path_for(original_route),
            tuple(id(d) for d in include_context.dependencies),
            tuple(include_context.tags),
            include_context.include_in_schema,
            include_context.max_body_size,
            id(include_context.included_router),
        )
        if key not in built:  # the route is kept with its context: its id stays its own
            context = build(original_route=original_route, include_context=include_context)
            built[key] = (original_route, context)
        return built[key][1]

    context_class.from_api_route = staticmethod(from_api_route)
