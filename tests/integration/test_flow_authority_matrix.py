"""Flow × authority: every transition each pack allows, tried by every role at every union level.

Only the owning flow (``OWNER``), run by the union and role the regulation names, moves the title;
every other caller is refused naming the rule (or sees nothing, outside its subtree) and nothing
is written. The cases are enumerated from the packs' tables, so a new transition needs an entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import count

import pytest
from sqlalchemy import func, select

from lifecycle.actors import Actor
from lifecycle.designations.authority import NotAuthorised
from lifecycle.designations.delisting import CityDecision, delist, exit_keeping_title
from lifecycle.designations.flows import OWNER, Flow
from lifecycle.designations.model import Designation, StatusChange
from lifecycle.designations.naming import (
    ApplicationDecision,
    NameDesignation,
    NewApplication,
    accept_application,
    name_designation,
    reject_application,
    submit_application,
)
from lifecycle.errors import DomainError, NotFound, UnseenReference
from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    record_outcome,
    schedule_inspection,
)
from lifecycle.notices.service import ConfirmRevocation, confirm_revocation
from lifecycle.persons.service import HonourInput
from lifecycle.schemes import all_schemes, get_scheme
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus as S
from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests import leader_factories as lf

LEVELS = ("unit", "sector", "district", "city", "other_district")
ROLES = tuple(Role)
_n = count(1)

# Who the regulations name, written out by hand (not read from the packs under test).
YANGPU_DISTRICT = ("district", Role.DISTRICT_OFFICER)  # [Y7] names, [Y12] inspects and 撤牌
CITY = ("city", Role.CITY_OFFICER)  # [S7][S9][C 二（五）][C 三（六）][L 一]
NAMED_BY = {
    "yangpu-district": YANGPU_DISTRICT,
    "shanghai-model-worker": CITY,
    "shanghai-craftsman": CITY,
    "leshan-city": CITY,
}
CASES = [
    (scheme.settings.code, source, target)
    for scheme in all_schemes()
    for source, target in sorted(scheme.allowed_transitions())
]
LEADER_HONOURS = (
    HonourInput(Honour.SHANGHAI_MODEL_WORKER, 2015),
    HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),
)


@dataclass
class Case:
    designation: Designation
    run: Callable[[Actor, Scope], object]


def _officer(tree: f.Tree, level: str) -> Actor:
    union = getattr(tree, level)
    return f.acting(union)


def _application(u: UnitOfWork, tree: f.Tree, scheme: str) -> Designation:
    leader = f.person(u, honours=LEADER_HONOURS, union_id=tree.unit.id)
    shop = lf.led_workshop(u, tree, leader)
    return submit_application(
        u,
        NewApplication(shop.id, scheme, shop.name, date(2026, 9, 1)),
        actor=f.acting(tree.unit),
        as_of=f.AS_OF,
        scope=f.SYSTEM_SCOPE,
    )


def _decision(d: Designation) -> ApplicationDecision:
    return ApplicationDecision(d.id, date(2026, 10, 1), "评审意见", "评审〔2026〕1号")


def _under_review(u: UnitOfWork, tree: f.Tree, scheme: str) -> Designation:
    d = _application(u, tree, scheme)
    level, _ = NAMED_BY[scheme]
    accept_application(
        u, _decision(d), actor=_officer(tree, level), as_of=f.AS_OF, scope=f.SYSTEM_SCOPE
    )
    return d


def _failed_yangpu(u: UnitOfWork, tree: f.Tree) -> Designation:
    d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
    _inspect(u, tree, d, InspectionKind.CYCLE_END, date(2026, 4, 1), passed=False)
    assert d.status == S.RECTIFYING
    return d


def _schedule(u: UnitOfWork, tree: f.Tree, d: Designation, kind: InspectionKind, on: date) -> int:
    scheduled = schedule_inspection(
        u,
        ScheduleInspection(d.id, kind, on, "工作室现场", "王干事"),
        actor=f.acting(tree.district),
        as_of=f.AS_OF,
        scope=f.SYSTEM_SCOPE,
    )
    return scheduled.id


def _outcome(d: Designation, inspection_id: int, on: date, *, passed: bool) -> RecordOutcome:
    criteria = get_scheme(d.scheme_code).settings.inspection_criteria
    outcomes = tuple(
        CriterionInput(code, passed or code != "team", "" if passed or code != "team" else "缺员")
        for code, _ in criteria
    )
    return RecordOutcome(inspection_id, on, outcomes)


def _inspect(u, tree, d, kind, on, *, passed):
    inspection_id = _schedule(u, tree, d, kind, on)
    return record_outcome(
        u,
        _outcome(d, inspection_id, on, passed=passed),
        actor=f.acting(tree.district),
        as_of=on,  # entered the day it was held
        scope=f.SYSTEM_SCOPE,
    )


def _case(u: UnitOfWork, tree: f.Tree, scheme: str, flow: Flow, source: S) -> Case:
    """The title in the transition's source state, and the owning flow's use case to run."""
    on = date(2026, 11, 1)
    if flow is Flow.REVIEW:
        d = _application(u, tree, scheme)
        decision = _decision(d)
        return Case(
            d, lambda a, s: accept_application(u, decision, actor=a, as_of=f.AS_OF, scope=s)
        )
    if flow is Flow.REJECTION:
        return _rejection(u, tree, scheme, source)
    if flow is Flow.NAMING:
        d = _under_review(u, tree, scheme)
        cmd = NameDesignation(
            d.workshop_id, scheme, d.title, f"矩阵-{next(_n)}", on, "命名〔2026〕1号",
            application_id=d.id,
        )  # fmt: skip
        return Case(d, lambda a, s: name_designation(u, cmd, actor=a, as_of=f.AS_OF, scope=s))
    if flow is Flow.RECTIFICATION:
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        inspection_id = _schedule(u, tree, d, InspectionKind.CYCLE_END, date(2026, 4, 1))
        cmd = _outcome(d, inspection_id, date(2026, 4, 1), passed=False)
        on = date(2026, 4, 1)
        return Case(d, lambda a, s: record_outcome(u, cmd, actor=a, as_of=on, scope=s))
    if flow is Flow.RE_INSPECTION:
        d = _failed_yangpu(u, tree)
        inspection_id = _schedule(u, tree, d, InspectionKind.RE_INSPECTION, date(2026, 5, 6))
        cmd = _outcome(d, inspection_id, date(2026, 5, 6), passed=True)
        on = date(2026, 5, 6)
        return Case(d, lambda a, s: record_outcome(u, cmd, actor=a, as_of=on, scope=s))
    if flow is Flow.REVOCATION:
        d = _failed_yangpu(u, tree)
        notice = u.notices.open_for_designation(d.id)
        assert notice is not None
        confirm = ConfirmRevocation(notice.id, date(2026, 6, 1), "杨工〔2026〕20号")
        return Case(d, lambda a, s: confirm_revocation(u, confirm, actor=a, as_of=f.AS_OF, scope=s))
    d = lf.titled(u, tree, scheme=scheme)
    city = CityDecision(d.id, on, "市总工会审定", "沪工〔2026〕9号")
    use_case = delist if flow is Flow.DELISTING else exit_keeping_title
    return Case(d, lambda a, s: use_case(u, city, actor=a, as_of=f.AS_OF, scope=s))


def _rejection(u: UnitOfWork, tree: f.Tree, scheme: str, source: S) -> Case:
    review = source == S.UNDER_REVIEW
    d = _under_review(u, tree, scheme) if review else _application(u, tree, scheme)
    decision = _decision(d)
    return Case(d, lambda a, s: reject_application(u, decision, actor=a, as_of=f.AS_OF, scope=s))


def _attempt(case: Case, actor: Actor, scope: Scope) -> tuple[str, DomainError | None]:
    try:
        case.run(actor, scope)
    except NotAuthorised as err:
        return "not_authorised", err
    except (NotFound, UnseenReference) as err:  # a workshop named but unseen (refs65)
        return "not_found", err
    return "ok", None


def _written(u: UnitOfWork, d: Designation) -> tuple[S, int, int]:
    u.session.refresh(d)
    rows = u.session.scalar(
        select(func.count()).select_from(StatusChange).where(StatusChange.designation_id == d.id)
    )
    return d.status, d.version, rows


@pytest.mark.parametrize(("scheme", "source", "target"), CASES, ids=str)
def test_only_the_owning_flow_by_the_named_authority_moves_the_title(uow, scheme, source, target):
    flow = OWNER[(source, target)]
    with uow() as u:
        # A scheme's titles lie in its naming union's subtree: Leshan's in Leshan's tree [L 一].
        tree = f.leshan_tree(u) if scheme == "leshan-city" else f.union_tree(u)
        case = _case(u, tree, scheme, flow, source)
        d = case.designation
        assert d.status == source
        authorised = NAMED_BY[scheme] if flow not in (
            Flow.RECTIFICATION, Flow.RE_INSPECTION, Flow.REVOCATION
        ) else YANGPU_DISTRICT  # fmt: skip
        before = _written(u, d)
        refusals = []
        for level in LEVELS:
            union = getattr(tree, level)
            for role in ROLES:
                if (level, role) == authorised:
                    continue
                outcome, err = _attempt(case, f.acting(union, role), Scope.subtree(union.path))
                assert outcome != "ok", f"{scheme} {source}→{target} succeeded as {role} at {level}"
                if isinstance(err, NotAuthorised):
                    assert "应由" in err.message, err.message
                    assert "《" in err.message, err.message  # the article, in Chinese
                    assert err.rule
                refusals.append((level, role, outcome))
                assert _written(u, d) == before, f"{role} at {level} wrote something"
        assert len(refusals) == len(LEVELS) * len(ROLES) - 1
        # Outside its subtree a caller sees nothing at all (no hint the title exists).
        assert {r[2] for r in refusals if r[0] == "other_district"} == {"not_found"}
        level, role = authorised
        union = getattr(tree, level)
        case.run(f.acting(union, role), Scope.subtree(union.path))
        u.session.refresh(d)
        assert d.status == target
        last = u.designations.history(d.id)[-1]
        assert (last.from_status, last.to_status) == (source, target)
