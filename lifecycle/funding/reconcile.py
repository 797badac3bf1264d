"""After a grant is corrected or voided: audit again, close what the old money alone produced.

Findings are never deleted. One that applied before the change and no longer applies after it
(an overspend covered by the corrected amount, matching short by a different sum, a finding on
a voided grant) stays stored and gets a resolution saying why, so the open list is true again.
The rules run here over all of the designation's live money (voided grants left out) [Y16][S10].
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.funding.audit import audit_designation
from lifecycle.funding.model import AuditFinding, FindingResolution
from lifecycle.funding.rules import ComputedFinding, ExpenditureFact, FundingFacts, GrantFact, audit
from lifecycle.funding.vocab import ResolutionOutcome
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork

NOTE_MAX = 2000


@dataclass(frozen=True)
class Settled:
    """Findings stored by the new audit and findings closed as no longer applying."""

    stored: int = 0
    superseded: tuple[int, ...] = ()


def current_findings(
    uow: UnitOfWork, designation_id: int, *, as_of: date
) -> dict[str, ComputedFinding]:
    """Every finding the rules find now on the designation's live money, by key."""
    designation = uow.designations.get(designation_id, scope=EVERYTHING)
    if designation is None:
        return {}
    grants = tuple(
        GrantFact(g.id, g.kind, g.amount_fen, g.approved_on, g.paid_on)
        for g in uow.funding.grants_of(designation_id)
        if not g.voided and g.approved_on <= as_of
    )
    spent = tuple(
        ExpenditureFact(e.id, e.spent_on, e.amount_fen, e.category, e.receipt_ref)
        for e in uow.funding.expenditures_of(designation_id)
        if e.spent_on <= as_of
    )
    facts = FundingFacts(
        designation_id=designation.id,
        scheme_code=designation.scheme_code,
        status=designation.status,
        naming_date=designation.naming_date,
        ended_on=designation.ended_on,
        grants=grants,
        expenditures=spent,
    )
    settings = get_scheme(designation.scheme_code).settings
    return {f.key: f for f in audit(facts, settings, as_of)}


def current_keys(uow: UnitOfWork, designation_id: int, *, as_of: date) -> set[str]:
    """The keys of ``current_findings``: taken before a change to compare with after it."""
    return set(current_findings(uow, designation_id, as_of=as_of))


def settle(
    uow: UnitOfWork,
    designation_id: int,
    before: Collection[str],
    *,
    why: str,
    as_of: date,
    actor: Actor,
) -> Settled:
    """Audit the designation again, then close the open findings the change made obsolete."""
    audited = audit_designation(uow, designation_id, as_of=as_of, actor=actor)
    now = current_findings(uow, designation_id, as_of=as_of)
    stored = {f.key: (f, r) for f, r in uow.funding.findings_of(designation_id)}
    # What the regular audit did not store (it cannot tell a voided grant): stored here.
    added = uow.funding.add_findings(
        [_finding(c, as_of, actor) for key, c in now.items() if key not in stored]
    )
    note = f"{why}。该发现因此不再成立，由系统自动关闭，原发现保留。"[:NOTE_MAX]
    closed: list[int] = []
    for key in sorted(set(before) - set(now)):
        finding, resolution = stored.get(key, (None, None))
        if finding is None or resolution is not None:
            continue
        uow.funding.add_resolution(
            FindingResolution(
                finding_id=finding.id,
                outcome=ResolutionOutcome.EXPLAINED,
                note=note,
                resolved_on=max(as_of, finding.found_on),
                resolved_by=actor.name,
                resolved_by_user_id=actor.user_id,
            )
        )
        closed.append(finding.id)
    return Settled(audited + len(added), tuple(closed))


def _finding(c: ComputedFinding, as_of: date, actor: Actor) -> AuditFinding:
    return AuditFinding(
        designation_id=c.designation_id,
        kind=c.kind,
        key=c.key,
        found_on=as_of,
        occurred_on=c.occurred_on,
        amount_fen=c.amount_fen,
        expenditure_id=c.expenditure_id,
        grant_id=c.grant_id,
        message=c.message,
        evidence=c.evidence,
        found_by=actor.name,
    )
