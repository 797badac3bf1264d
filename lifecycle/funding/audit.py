"""Running the 专款专用 audit and keeping its findings true [Y16][S10]; callers own the commit.

A full audit and the audit after each change of money are one path: ``rules.audit`` decides on
a batch's facts, new findings are inserted, open ones no longer produced are closed with a note.
Findings are never rewritten: one whose amount changed (its key carries the amount) is closed as
superseded and the finding stating today's amount is stored beside it, so the trail shows both.
A key the audit closed that holds again is stored again, as its next occurrence (公开透明: a
breach that comes back is shown again); one a person resolved stays answered while it is unchanged.
"""

from __future__ import annotations

import gc
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date, now_utc
from lifecycle.db.locks import Projection, lock_titles
from lifecycle.errors import FieldProblem, NotFound, Problems
from lifecycle.funding.facts import StoredFinding
from lifecycle.funding.model import AuditFinding, FindingResolution
from lifecycle.funding.payer import finding_answerers, require_answerer
from lifecycle.funding.refunds import Refund, new_refund, not_refunded_problems, refund_problems
from lifecycle.funding.rules import ComputedFinding, audit, finding_subject
from lifecycle.funding.vocab import RESOLUTION_OUTCOME_LABELS, ResolutionOutcome
from lifecycle.occasions.index import touch
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after, require_text
from lifecycle.vocab import DailyJob

NOTE_MAX = 2000
AUDIT_AGAIN = "重新审计"
REFUND_AUDIT = "登记退回经费后重新审计"
# The scheduler's daily full audit: its job name (a job-run row per date) and who it acts as.
AUDIT_JOB: str = DailyJob.FUNDING_AUDIT.value
SYSTEM_AUDITOR = Actor(name="专款专用审计（系统）", user_id=None)


@dataclass
class AuditReport:
    """What one audit run saw, summed over its batches."""

    as_of: date
    designations: int = 0
    present: int = 0
    stored: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    closed: tuple[int, ...] = ()


@dataclass(frozen=True)
class ResolveFinding:
    """Finance staff close a finding with an outcome and a note; the finding stays [Y16]."""

    finding_id: int
    outcome: ResolutionOutcome
    note: str
    resolved_on: date
    # The money returned, with an outcome 已退回 (``refunds``): amount, date, reference.
    refund: Refund | None = None


def run_audit(
    uow: UnitOfWork, *, as_of: date, actor: Actor, scope: Scope, batch_size: int = 2000
) -> AuditReport:
    """Audit every designation with money in ``scope``, a batch at a time [Y16][S10]."""
    report = AuditReport(as_of)
    lock_titles(uow.session, Projection.FUNDING_FINDINGS, None)  # no title audited meanwhile
    after = 0
    # What lived before (modules, mappers) stays out of the collections the facts' tuples set off.
    gc.freeze()
    try:
        while ids := uow.funding.designation_ids(scope, after_id=after, limit=batch_size):
            _audit(uow, scope, ids[0], ids[-1], report, actor=actor, why=AUDIT_AGAIN)
            after = ids[-1]
    finally:
        gc.unfreeze()
    return report


def audit_designation(
    uow: UnitOfWork, designation_id: int, *, as_of: date, actor: Actor, why: str = AUDIT_AGAIN
) -> AuditReport:
    """Bring one designation's findings up to date right after its money changed [Y16][S10]."""
    if uow.designations.get(designation_id, EVERYTHING) is None:  # callers checked scope
        raise NotFound("命名记录不存在", field="designation_id")
    uow.flush()  # the change just made is among the facts read
    # The team's other titles too: a receipt is used once across them (reading 34), so a change
    # here may raise or close a finding on a sibling title's expenditure.
    titles = uow.funding.team_titles(designation_id)
    # Concurrent changes of one title's money audit in turn, each reading what the one before
    # stored: else both store the same new finding (its unique key fails) or miss each other's.
    lock_titles(uow.session, Projection.FUNDING_FINDINGS, titles)
    report = AuditReport(as_of)
    for title in titles:
        _audit(uow, EVERYTHING, title, title, report, actor=actor, why=why)
    return report


def _audit(
    uow: UnitOfWork,
    scope: Scope,
    first_id: int,
    last_id: int,
    report: AuditReport,
    *,
    actor: Actor,
    why: str,
) -> None:
    """The rules over the money of designations in ``scope`` with ids ``first_id``-``last_id``:
    store what is new, close what no longer holds (found by ``as_of``); added up in ``report``."""
    as_of = report.as_of
    stored = uow.funding.finding_keys(scope, first_id, last_id)
    found: list[ComputedFinding] = []
    audited = 0
    for facts in uow.funding.funding_facts(scope, first_id, last_id):
        if not (facts.grants or facts.expenditures):
            continue  # no money ever recorded (rows are never deleted): nothing to find
        audited += 1
        found.extend(audit(facts, get_scheme(facts.scheme_code).settings, as_of))
    now = now_utc()
    current = {(f.designation_id, f.key) for f in found}
    new = [
        vars(f) | {"occurrence": n, "found_on": as_of, "found_by": actor.name, "created_at": now}
        for f in found
        if (n := occurrence_to_store(stored.get((f.designation_id, f.key)), as_of))
    ]
    stale = sorted(
        (last.id, last.found_on, did, key)
        for (did, key), last in stored.items()
        if last.resolved_on is None and (did, key) not in current and last.found_on <= as_of
    )
    uow.funding.insert_findings(new)
    subjects = {(did, finding_subject(key)) for did, key in current}
    lapsed = f"{why}：该发现已不再成立，由系统自动关闭，原发现保留。"[:NOTE_MAX]
    superseded = (
        f"{why}：该发现所述金额已变化，由系统关闭，并按现有事实另记一条发现，原发现保留。"
    )[:NOTE_MAX]
    uow.funding.insert_resolutions(
        [
            {
                "finding_id": fid,
                "outcome": ResolutionOutcome.EXPLAINED,
                "note": superseded if (did, finding_subject(key)) in subjects else lapsed,
                "resolved_on": max(as_of, found_on),
                "resolved_by": actor.name,
                "resolved_by_user_id": actor.user_id,
                "by_audit": True,
                "created_at": now,
            }
            for fid, found_on, did, key in stale
        ]
    )
    # Each open finding is a duty of its answering finance (an occasion, reading 33w).
    touch(uow.session, {f["designation_id"] for f in new} | {did for _, _, did, _ in stale})
    report.designations += audited
    report.present += len(found)
    report.stored += len(new)
    report.by_kind = dict(Counter(report.by_kind) + Counter(f.kind.value for f in found))
    report.closed += tuple(fid for fid, *_ in stale)


def occurrence_to_store(last: StoredFinding | None, as_of: date) -> int:
    """The occurrence to store of a key found as of ``as_of`` given its last stored one; 0: none.

    A new key is the first. One the audit closed as no longer holding (on or before ``as_of``)
    that holds again is a breach again, which 「专款专用、公开透明」 [Y16][S10] asks finance to
    see: its next occurrence. One still open is not stored twice; one a person resolved
    (explained, refunded, referred) is answered for these very facts (the key names the record
    and the amount), so they are not raised again — unless it was resolved 已退回 and that
    refund was voided: no money came back, so the answer is gone and the breach is open again
    (its next occurrence, reading 33v).
    """
    if last is None:
        return 1
    closed_by_audit = last.by_audit and last.resolved_on is not None and last.resolved_on <= as_of
    return last.occurrence + 1 if closed_by_audit or last.refund_voided else 0


def resolution_field_problems(
    note: str, resolved_on: date | None, *, as_of: date
) -> list[FieldProblem]:
    """What resolving would refuse in these typed fields whatever the finding (处理说明, a date
    after today; None: unreadable, already refused by the form): for a form refused before the
    use case runs (no outcome chosen, an unreadable date), so every bad field shows at once."""
    problems = Problems()
    require_text(problems, "note", note, "处理说明", NOTE_MAX)
    not_after(problems, "resolved_on", resolved_on, as_of, "处理日期")
    return problems.items


def require_finding_answerer(
    uow: UnitOfWork, finding: AuditFinding, *, actor: Actor, scope: Scope
) -> None:
    """Only finance staff of the union whose money the finding is about resolve it, or correct
    its refund (``payer.finding_answerers``): a district's finance does not answer for the city
    grant."""
    designation = uow.designations.get(finding.designation_id, scope=scope)
    assert designation is not None  # the finding's foreign key, in scope with it
    grant = uow.funding.get_grant(finding.grant_id, scope) if finding.grant_id else None
    answerers = finding_answerers(
        finding.kind,
        grant_payer=grant.paying_union_id if grant is not None else None,
        naming_union_id=designation.naming_union_id,
        district_union_id=designation.district_union_id,
    )
    require_answerer(uow, answerers, actor)


def resolve_finding(
    uow: UnitOfWork, cmd: ResolveFinding, *, actor: Actor, as_of: date, scope: Scope
) -> FindingResolution:
    """Record the outcome (explained / refunded / referred) and note of an open finding."""
    finding = uow.funding.get_finding(cmd.finding_id, scope)
    if finding is None:
        raise NotFound("审计发现不存在或不在可见范围内", field="finding_id")
    require_finding_answerer(uow, finding, actor=actor, scope=scope)
    problems = Problems(resolution_field_problems(cmd.note, cmd.resolved_on, as_of=as_of))
    if cmd.resolved_on < finding.found_on:
        # The summary page shows the day it happened, not the day it was found: say which.
        found = chinese_date(finding.found_on)
        problems.add("resolved_on", "before_finding", f"处理日期不能早于发现日期（{found}）")
    done = uow.funding.resolution_of(finding.id)
    if done is not None:  # say by whom and how: a page read before it was answered asks again
        label = RESOLUTION_OUTCOME_LABELS[done.outcome]
        problems.add(
            "finding_id",
            "already_resolved",
            f"该审计发现已于{chinese_date(done.resolved_on)}由{done.resolved_by}处理（{label}）",
        )
    refunded = cmd.outcome is ResolutionOutcome.REFUNDED
    fen = refund_problems(problems, finding, cmd.refund, as_of=as_of) if refunded else None
    if not refunded:
        not_refunded_problems(problems, cmd.refund)
    problems.raise_if_any()
    resolution = uow.funding.add_resolution(
        FindingResolution(
            finding_id=finding.id,
            outcome=cmd.outcome,
            note=cmd.note.strip(),
            resolved_on=cmd.resolved_on,
            resolved_by=actor.name,
            resolved_by_user_id=actor.user_id,
        )
    )
    touch(uow.session, (finding.designation_id,))  # no longer owed (reading 33w)
    if refunded and fen is not None and cmd.refund is not None:
        # The money returned is a fact of the title's funds: what it holds is less by it, so
        # its findings follow (spending after the refund may now go beyond what is left).
        uow.funding.add_refund(new_refund(finding, cmd.refund, fen, actor=actor))
        audit_designation(uow, finding.designation_id, as_of=as_of, actor=actor, why=REFUND_AUDIT)
    return resolution
