"""Running the 专款专用 audit and resolving its findings [Y16][S10]; callers own the commit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lifecycle.actors import Actor
from lifecycle.clock import now_utc
from lifecycle.errors import NotFound, Problems
from lifecycle.funding.audit_repository import AuditBatch, AuditRepository
from lifecycle.funding.categories import FORBIDDEN_CATEGORIES
from lifecycle.funding.model import FindingResolution
from lifecycle.funding.rules import ComputedFinding, FundingFacts, audit
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
    scope: Scope = EVERYTHING,
    batch_size: int = 2000,
) -> AuditReport:
    """Audit every designation with money in ``scope``; store findings not stored before.

    Batch by batch: read the facts, then judge them while the previous batch's new findings are
    written (on PostgreSQL the server inserts while Python runs the rules; see
    ``AuditRepository.inserting``).
    """
    designations = present = stored = 0
    by_kind: Counter[str] = Counter()
    repo = AuditRepository(uow.session)
    writing: list[dict[str, Any]] = []
    for batch in repo.batches(scope, batch_size=batch_size):
        facts = _read_batch(repo, batch, as_of)
        known = repo.finding_keys(batch) if facts else set()
        with repo.inserting(writing):
            found = _judge(facts, as_of)
            writing = _new_rows(found, known, as_of=as_of, actor=actor)
        designations += len(batch.ids)
        present += len(found)
        by_kind.update(f.kind.value for f in found)
        stored += len(writing)
    repo.insert_findings(writing)
    return AuditReport(as_of, designations, present, stored, dict(by_kind))


def audit_designation(uow: UnitOfWork, designation_id: int, *, as_of: date, actor: Actor) -> int:
    """Audit one designation right after its money changed; returns the findings stored."""
    repo = AuditRepository(uow.session)
    batch = repo.batch_of(designation_id)
    if batch is None:
        raise NotFound("命名记录不存在", field="designation_id")
    found = _judge(_read_batch(repo, batch, as_of), as_of)
    new = _new_rows(found, repo.finding_keys(batch), as_of=as_of, actor=actor)
    repo.insert_findings(new)
    return len(new)


def resolve_finding(
    uow: UnitOfWork, cmd: ResolveFinding, *, actor: Actor, as_of: date, scope: Scope = EVERYTHING
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


def _read_batch(repo: AuditRepository, batch: AuditBatch, as_of: date) -> list[FundingFacts]:
    """The facts of the designations of the batch that SQL screened in.

    The screens leave out only what no rule can find anything on: expenditures that are not
    suspect themselves and whose absence changes no other finding
    (``AuditRepository.screened_expenditure_facts``), and designations with neither such an
    expenditure nor a suspect one-off grant (``AuditRepository.grant_suspects``). So the rules
    over these facts find exactly what ``audit`` finds over every designation and all of its
    money, without reading a million rows into Python.
    """
    forbidden = [c.value for c in FORBIDDEN_CATEGORIES]
    expenditures = repo.screened_expenditure_facts(batch, as_of=as_of, forbidden=forbidden)
    judged = sorted(set(expenditures) | repo.grant_suspects(batch, as_of=as_of, matching=_ratios()))
    if not judged:
        return []
    grants = repo.grant_facts(judged, as_of=as_of)
    return [
        FundingFacts(
            designation_id=r.id,
            scheme_code=r.scheme_code,
            status=r.status,
            naming_date=r.naming_date,
            ended_on=r.ended_on,
            grants=tuple(grants.get(r.id, ())),
            expenditures=tuple(expenditures.get(r.id, ())),
        )
        for r in repo.rows(judged)
    ]


def _ratios() -> dict[str, tuple[int, int]]:
    """Each scheme's district matching ratio as ``num / den``, by scheme code [S10]."""
    return {
        s.settings.code: s.settings.matching_ratio.as_integer_ratio()
        for s in all_schemes()
        if s.settings.matching_ratio is not None
    }


def _judge(facts: Iterable[FundingFacts], as_of: date) -> list[ComputedFinding]:
    """The pure rules over each designation's facts [Y14][Y16][S10]."""
    found: list[ComputedFinding] = []
    for f in facts:
        found.extend(audit(f, get_scheme(f.scheme_code).settings, as_of))
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
