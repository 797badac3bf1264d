"""What is due for a union's subtree, or for one designation: the calendar everyone reads."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import date
from typing import ParamSpec

from lifecycle.errors import NotFound, ValidationFailed
from lifecycle.funding.occasions import FINDING_KINDS
from lifecycle.occasions import index
from lifecycle.occasions.facts import DesignationFacts, Window, effective_cutover
from lifecycle.occasions.model import Occasion, OccasionKind
from lifecycle.occasions.repository import DesignationRow
from lifecycle.occasions.rules import occasions_for
from lifecycle.schemes import get_scheme
from lifecycle.schemes.base import LeaderExitPolicy, SchemeSettings, add_years
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork

P = ParamSpec("P")


def iter_occasions_for_union(
    uow: UnitOfWork,
    union_id: int,
    start: date,
    end: date,
    as_of: date,
    *,
    scope: Scope,
    kinds: Collection[OccasionKind] | None = None,
    batch_size: int = 5000,
    outstanding_only: bool = False,
) -> Iterator[Occasion]:
    """Occasions of the designations in the union's subtree, a batch of designations at a time
    (``outstanding_only``: from the occasion index whenever it reaches ``end``)."""
    if end < start:
        raise ValidationFailed("结束日期不能早于开始日期", field="end", code="invalid_window")
    union = uow.unions.get(union_id, scope)
    if union is None:
        raise NotFound("工会不存在或不在可见范围内", field="union_id")
    window = Window(start, end)
    if outstanding_only and index.usable(uow, end, as_of):
        yield from index.read(uow, union.path, window, as_of, kinds=kinds)
        return
    for rows in uow.occasions.active_designations(Scope.subtree(union.path), batch_size=batch_size):
        for facts, settings in _facts(uow, rows, open_only=True):
            yield from occasions_for(
                facts, settings, window, as_of, kinds=kinds, outstanding_only=outstanding_only
            )


def _sorted(generate: Callable[P, Iterator[Occasion]]) -> Callable[P, list[Occasion]]:
    """``generate`` answering a list in occasion order (``Occasion.sort_key``)."""

    def run(*args: P.args, **kwargs: P.kwargs) -> list[Occasion]:
        return sorted(generate(*args, **kwargs), key=lambda o: o.sort_key)

    return run


occasions_for_union = _sorted(iter_occasions_for_union)


def facts_batches(
    uow: UnitOfWork, *, ids: Collection[int] | None = None, kinds: index.Kinds = None
) -> Iterator[list[tuple[DesignationFacts, SchemeSettings]]]:
    """Facts of every active designation (or of ``ids``, whatever their status), by batch;
    only those ``FINDING_KINDS`` read if ``kinds`` are among them."""
    repo = uow.occasions
    lean = kinds is not None and FINDING_KINDS.issuperset(kinds)
    for rows in repo.active_designations(EVERYTHING) if ids is None else repo.designations(ids):
        yield list(_facts(uow, rows, open_only=True, lean=lean))


def occasions_for_designation(
    uow: UnitOfWork,
    designation_id: int,
    as_of: date,
    *,
    scope: Scope,
    horizon_years: int = 3,
) -> list[Occasion]:
    """Everything one designation owed and owes, from its naming to ``as_of`` + horizon."""
    row = uow.occasions.designation(designation_id, scope)
    if row is None:
        raise NotFound("命名记录不存在或不在可见范围内", field="designation_id")
    if row.naming_date is None:
        return []
    window = Window(row.naming_date, add_years(as_of, horizon_years))
    [(facts, settings)] = _facts(uow, [row], open_only=False)
    return sorted(occasions_for(facts, settings, window, as_of), key=lambda o: o.sort_key)


def designation_facts(
    uow: UnitOfWork, designation_id: int, *, scope: Scope
) -> tuple[DesignationFacts, SchemeSettings] | None:
    """One designation's facts as every generator reads them (None: not in ``scope``)."""
    row = uow.occasions.designation(designation_id, scope)
    if row is None:
        return None
    [found] = _facts(uow, [row], open_only=True)
    return found


def _facts(
    uow: UnitOfWork, rows: Sequence[DesignationRow], *, open_only: bool, lean: bool = False
) -> Iterator[tuple[DesignationFacts, SchemeSettings]]:
    """The facts of one batch of designations, each history table read once for the batch
    (``lean``: only the matching and open findings ``FINDING_KINDS`` read)."""
    ids = [r.id for r in rows]
    settings_of = {code: get_scheme(code).settings for code in {r.scheme_code for r in rows}}
    # Matching is read only for the schemes with district matching [S10].
    matching_ids = [r.id for r in rows if settings_of[r.scheme_code].matching_ratio is not None]
    matching = uow.funding.matching_facts(matching_ids)
    findings = uow.funding.open_finding_facts(ids)
    if lean:
        for r in rows:
            found = tuple(findings.get(r.id, ()))
            facts = DesignationFacts(*r, matching=matching.get(r.id), open_findings=found)
            yield facts, settings_of[r.scheme_code]
        return
    passed, failed = uow.occasions.cycle_results(ids)
    scheduled = uow.occasions.scheduled_cycles(ids)
    filings = uow.occasions.filings(ids)
    assessments = uow.occasions.assessments(ids)
    notices = uow.occasions.notices(ids, open_only=open_only)
    leaders = uow.leaders.occasion_facts(ids)
    change_requests = uow.change_requests.open_facts(ids)
    # Ledgers are read only for the schemes with drift checks [Y3] (an empty list reads nothing).
    drifts = {
        c
        for c, s in settings_of.items()
        if s.drift_project_warning_from is not None or s.achievement_every_years is not None
    }
    shops = {r.workshop_id for r in rows if r.scheme_code in drifts}
    project_years = uow.ledgers.project_years(shops)
    achievements = uow.ledgers.last_achievement_on(shops, with_benefit_applied=True)
    cutovers = uow.cutovers.all()
    # A direct leader change may be held by another title of the team (reading 43a).
    direct = {
        c
        for c, s in settings_of.items()
        if not s.uses_change_request_form and s.leader_exit_policy is not LeaderExitPolicy.NONE
    }
    teams = uow.occasions.team_titles({r.workshop_id for r in rows if r.scheme_code in direct})
    for r in rows:
        facts = DesignationFacts(
            *r,
            passed_cycles=frozenset(passed.get(r.id, ())),
            failed_cycles=frozenset(failed.get(r.id, ())),
            scheduled_cycles=scheduled.get(r.id, {}),
            filings=frozenset(filings.get(r.id, ())),
            assessments=assessments.get(r.id, {}),
            notices=tuple(notices.get(r.id, ())),
            project_years=frozenset(project_years.get(r.workshop_id, ())),
            last_achievement_on=achievements.get(r.workshop_id),
            leader=leaders.get(r.id),
            change_requests=tuple(change_requests.get(r.id, ())),
            matching=matching.get(r.id),
            open_findings=tuple(findings.get(r.id, ())),
            team_titles=tuple(teams.get(r.workshop_id, ())),
            cutover_on=effective_cutover(
                cutovers,
                (r.unit_union_id, r.sector_union_id, r.district_union_id, r.naming_union_id),
            ),
        )
        yield facts, settings_of[r.scheme_code]
