"""Running the 专款专用 audit and resolving its findings [Y16][S10]; callers own the commit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lifecycle.actors import Actor
from lifecycle.clock import now_utc
from lifecycle.errors import NotFound, Problems
from lifecycle.funding.audit_queries import AuditCriteria
from lifecycle.funding.audit_repository import AuditRepository, BatchFacts
from lifecycle.funding.categories import FORBIDDEN_CATEGORIES
from lifecycle.funding.model import FindingResolution
from lifecycle.funding.rules import ComputedFinding, audit
from lifecycle.funding.vocab import ResolutionOutcome
from lifecycle.schemes import all_schemes, get_scheme
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after, require_text

NOTE_MAX = 2000


@dataclass(frozen=True)
class AuditReport:
    """What one audit run saw: designations audited, findings present, findings newly stored."""

    as_of: date
    designations: int = 0
    present: int = 0
    stored: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ResolveFinding:
    """Finance staff close a finding with an outcome and a note; the finding stays [Y16]."""

    finding_id: int
    outcome: ResolutionOutcome
    note: str
    resolved_on: date


def run_audit(
    uow: UnitOfWork,
    *,
    as_of: date,
    actor: Actor,
    scope: Scope,
    batch_size: int = 2000,
) -> AuditReport:
    """Audit every designation with money in ``scope``; store findings not stored before.

    Batch by batch; while Python judges one batch, the previous batch's new findings and the
    next batch's facts are written and read (on PostgreSQL in one pipeline the server works
    through meanwhile; see ``AuditRepository.pipeline``).
    """
    designations = present = stored = 0
    by_kind: Counter[str] = Counter()
    repo = AuditRepository(uow.session, scope, _criteria(as_of))
    batches = repo.batches(batch_size=batch_size)
    if not batches:
        return AuditReport(as_of)
    first = repo.read(batches[0])
    pending: Callable[[], BatchFacts | None] = lambda: first  # noqa: E731
    writing: list[dict[str, Any]] = []
    for ahead in [*batches[1:], None]:
        with repo.pipeline(writing, ahead) as upcoming:
            # The facts read in the last pipeline are parsed in this one, as the server works.
            facts = pending()
            assert facts is not None
            found = _judge(facts, as_of)
            writing = _new_rows(found, facts.keys, as_of=as_of, actor=actor)
        designations += len(facts.rows)
        present += len(found)
        by_kind.update(f.kind.value for f in found)
        stored += len(writing)
        pending = upcoming
    repo.insert_findings(writing)
    return AuditReport(as_of, designations, present, stored, dict(by_kind))


def audit_designation(uow: UnitOfWork, designation_id: int, *, as_of: date, actor: Actor) -> int:
    """Audit one designation right after its money changed; returns the findings stored."""
    repo = AuditRepository(uow.session, EVERYTHING, _criteria(as_of))
    batch = repo.batch_of(designation_id)
    if batch is None:
        raise NotFound("命名记录不存在", field="designation_id")
    facts = repo.read(batch)
    new = _new_rows(_judge(facts, as_of), facts.keys, as_of=as_of, actor=actor)
    repo.insert_findings(new)
    return len(new)


def resolve_finding(
    uow: UnitOfWork, cmd: ResolveFinding, *, actor: Actor, as_of: date, scope: Scope
) -> FindingResolution:
    """Record the outcome (explained / refunded / referred) and note of an open finding."""
    finding = uow.funding.get_finding(cmd.finding_id, scope)
    if finding is None:
        raise NotFound("审计发现不存在或不在可见范围内", field="finding_id")
    problems = Problems()
    require_text(problems, "note", cmd.note, "处理说明", NOTE_MAX)
    try:
        outcome = ResolutionOutcome(cmd.outcome)
    except ValueError:
        problems.add("outcome", "invalid_outcome", "处理结果应为已说明、已退回或已移交处理")
        outcome = ResolutionOutcome.EXPLAINED
    not_after(problems, "resolved_on", cmd.resolved_on, as_of, "处理日期")
    if cmd.resolved_on < finding.found_on:
        problems.add("resolved_on", "before_finding", "处理日期不能早于发现日期")
    if uow.funding.resolution_of(finding.id) is not None:
        problems.add("finding_id", "already_resolved", "该审计发现已处理")
    problems.raise_if_any()
    return uow.funding.add_resolution(
        FindingResolution(
            finding_id=finding.id,
            outcome=outcome,
            note=cmd.note.strip(),
            resolved_on=cmd.resolved_on,
            resolved_by=actor.name,
            resolved_by_user_id=actor.user_id,
        )
    )


def _criteria(as_of: date) -> AuditCriteria:
    """What the screens look for: forbidden categories [Y16], matching ratios by scheme [S10]."""
    matching = {
        s.settings.code: s.settings.matching_ratio.as_integer_ratio()
        for s in all_schemes()
        if s.settings.matching_ratio is not None
    }
    return AuditCriteria(as_of, sorted(c.value for c in FORBIDDEN_CATEGORIES), matching)


def _judge(facts: BatchFacts, as_of: date) -> list[ComputedFinding]:
    """The pure rules over the designations of the batch that SQL screened in [Y14][Y16][S10].

    The screens leave out only what no rule can find anything on: expenditures that are not
    suspect themselves and whose absence changes no other finding (``_screened`` in the
    repository), and designations with neither such an expenditure nor a suspect one-off grant
    (``_grant_suspects``). So this finds exactly what ``audit`` finds over every designation and
    all of its money, without reading a million rows into Python.
    """
    found: list[ComputedFinding] = []
    for one in facts.judged():
        found.extend(audit(one, get_scheme(one.scheme_code).settings, as_of))
    return found


def _new_rows(
    found: Iterable[ComputedFinding],
    known: set[tuple[int, str]],
    *,
    as_of: date,
    actor: Actor,
) -> list[dict[str, Any]]:
    """The findings whose (designation, key) is not stored yet, as rows; never a duplicate."""
    now = now_utc()
    new: list[dict[str, Any]] = []
    for f in found:
        if (f.designation_id, f.key) in known:
            continue
        known.add((f.designation_id, f.key))
        new.append(
            {
                "designation_id": f.designation_id,
                "kind": f.kind,
                "key": f.key,
                "found_on": as_of,
                "occurred_on": f.occurred_on,
                "amount_fen": f.amount_fen,
                "expenditure_id": f.expenditure_id,
                "grant_id": f.grant_id,
                "message": f.message,
                "evidence": f.evidence,
                "found_by": actor.name,
                "created_at": now,
            }
        )
    return new
