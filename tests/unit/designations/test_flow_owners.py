"""Every transition a pack allows has one owning flow; only that flow's use case moves it.

Enumerated from the code: the packs' tables, the flows' use cases, and every call of the status
writer and every route in the product source, so a new transition or route without an owner fails.
"""

from __future__ import annotations

import ast
import importlib
from functools import cache
from pathlib import Path

import pytest

from lifecycle.designations.flows import OWNER, USE_CASE, Flow, check_owner
from lifecycle.errors import TransitionRefused
from lifecycle.schemes import all_schemes
from lifecycle.vocab import DesignationStatus

ROOT = Path(__file__).resolve().parents[3]
PRODUCT = ("lifecycle", "api", "cli", "jobs", "notifications")
WRITER_MODULE = "lifecycle.designations.service"


@cache
def _sources() -> list[tuple[str, ast.Module]]:
    found = []
    for top in PRODUCT:
        for path in sorted((ROOT / top).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found.append((module, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def _writer_calls(tree: ast.Module) -> list[tuple[str, str | None]]:
    """(enclosing function, flow keyword as written) of each call of ``transition``."""
    calls = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        for node in ast.walk(fn):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name is None and isinstance(node.func, ast.Attribute):
                name = node.func.attr
            if name != "transition":
                continue
            flow = next((k.value for k in node.keywords if k.arg == "flow"), None)
            written = ast.unparse(flow) if flow is not None else None
            calls.append((fn.name, written))
    return calls


def _imports_writer(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == WRITER_MODULE
            and any(a.name == "transition" for a in node.names)
        ):
            return True
    return False


def test_every_transition_any_pack_allows_has_exactly_one_owner() -> None:
    allowed = {t for scheme in all_schemes() for t in scheme.allowed_transitions()}
    assert allowed - set(OWNER) == set(), "a transition without an owning flow"
    assert set(OWNER) - allowed == set(), "an owner for a transition no pack allows"


def test_every_flow_has_a_use_case_that_exists() -> None:
    assert set(USE_CASE) == set(Flow)
    assert set(OWNER.values()) == set(Flow)
    for module, function in USE_CASE.values():
        assert callable(getattr(importlib.import_module(module), function))


def test_the_status_writer_is_called_only_by_each_flows_use_case_with_its_own_flow() -> None:
    expected = {
        (module, function, f"Flow.{flow.name}") for flow, (module, function) in USE_CASE.items()
    }
    seen = set()
    for module, tree in _sources():
        if module == WRITER_MODULE:
            continue
        for function, flow in _writer_calls(tree):
            seen.add((module, function, flow))
    assert seen == expected


def test_no_route_page_command_or_job_imports_the_status_writer() -> None:
    offenders = [
        module
        for module, tree in _sources()
        if module.split(".")[0] != "lifecycle" and _imports_writer(tree)
    ]
    assert offenders == []


def test_no_generic_status_route_is_mounted() -> None:
    from api.app import create_app

    app = create_app()
    routes = {
        (method, getattr(route, "path", ""))
        for route in app.routes
        for method in getattr(route, "methods", set()) or set()
    }
    assert not [r for r in routes if r[1].endswith("/transitions")]
    assert ("POST", "/api/v1/designations") not in routes
    assert not [r for r in routes if r[0] != "GET" and r[1].endswith(("/status", "/state"))]


@pytest.mark.parametrize(("transition", "owner"), sorted(OWNER.items()))
def test_only_the_owning_flow_may_write_a_transition(
    transition: tuple[DesignationStatus, DesignationStatus], owner: Flow
) -> None:
    current, target = transition
    check_owner(owner, current, target)
    for other in Flow:
        if other is owner:
            continue
        with pytest.raises(TransitionRefused) as err:
            check_owner(other, current, target)
        assert err.value.rule == "flow_not_owner"
