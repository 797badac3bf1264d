"""The occasions funding adds: district matching owed after a paid city grant [S10], and each
open 专款专用 audit finding waiting for its answer [Y16][S10][C 一（五）][L 建设标准（四）]."""

from __future__ import annotations

from collections.abc import Iterator

from lifecycle.citations import cite
from lifecycle.funding.facts import FindingFact
from lifecycle.funding.rules import matching_due_on, matching_required_fen
from lifecycle.funding.vocab import FINDING_KIND_LABELS, FindingKind
from lifecycle.money import format_fen
from lifecycle.occasions.facts import Ask, DesignationFacts
from lifecycle.occasions.model import Occasion, OccasionKind
from lifecycle.schemes.base import SchemeSettings
from lifecycle.vocab import Role

# What an audit finding stored or closed can change: its own occasion and the matching duty
# naming it, read from the title's row, its matching and its open findings alone.
FINDING_KINDS = frozenset({OccasionKind.FUNDING_FINDING, OccasionKind.MATCHING_FUNDS})


def matching_funds(ask: Ask) -> Iterator[Occasion]:
    """The district union owes ≥ ratio × the city grant within the matching period [S10]."""
    facts, settings = ask.facts, ask.settings
    fact = facts.matching
    if fact is None:
        return
    required = matching_required_fen(settings, fact.city_grant_fen)
    if required is None:
        return
    due = matching_due_on(settings, fact.city_paid_on)
    done = fact.matching_fen >= required
    if ask.window.admits(due, done=done):
        yield ask.occasion(
            OccasionKind.MATCHING_FUNDS,
            due_on=due,
            union_id=facts.district_union_id,
            title=(
                f"区级配套资金到位（应配套 {format_fen(required)} 元，"
                f"已到位 {format_fen(fact.matching_fen)} 元{_found_as(facts)}）"
            ),
            key=f"{facts.id}",
            done=done,
            # Owed from the city's payment, known to the service when it was entered.
            arose_on=max(fact.city_paid_on, fact.paid_known_on or fact.city_paid_on),
        )


# The findings about the district's matching [S10]: the district owes it, so it answers them.
_MATCHING_FINDINGS = frozenset(
    {FindingKind.MATCHING_SHORT.value, FindingKind.MATCHING_MISSING.value}
)


def matching_finding(kind: str | None) -> bool:
    """Whether a finding of ``kind`` is a district matching shortfall, which breaches the
    matching article ([S10], [C 三（一）]), not the earmarking one (专款专用 [Y16][S10][C 一（五）]
    [L]): the finding's title, its answering union and its reminder's 办理要求 all ask this."""
    return kind in _MATCHING_FINDINGS


def matching_unmet(facts: DesignationFacts, settings: SchemeSettings) -> bool:
    """Whether the title's district matching duty (``matching_funds``) is still owed and unmet:
    a city grant paid, the matching short of ratio × it, and (an ended title) due by the end
    (reading P35c). While it is, a matching shortfall's finding is the same shortfall told
    twice to the same district finance: the duty alone carries it (reading finance56b)."""
    fact = facts.matching
    if fact is None:
        return False
    required = matching_required_fen(settings, fact.city_grant_fen)
    if required is None or fact.matching_fen >= required:
        return False
    due = matching_due_on(settings, fact.city_paid_on)
    return facts.ended_on is None or due <= facts.ended_on


def _found_as(facts: DesignationFacts) -> str:
    """What the audit found of the unmet matching, said on the duty that carries it (reading
    finance56b): 「；审计发现：配套资金不足」, or nothing while no such finding is open."""
    labels = [
        FINDING_KIND_LABELS[FindingKind(f.kind)]
        for f in facts.open_findings
        if matching_finding(f.kind)
    ]
    return f"；审计发现：{'、'.join(labels)}" if labels else ""


def finding_key(designation_id: int, finding_id: int) -> str:
    """An open finding's occasion key (after the kind): its title's and the finding's ids."""
    return f"{designation_id}:{finding_id}"


def finding_id_of(occasion_key: str) -> int:
    """The finding an open finding's occasion key (``funding_finding:…``) names."""
    return int(occasion_key.rsplit(":", 1)[1])


def finding_union(facts: DesignationFacts, finding: FindingFact, *, with_matching: bool) -> int:
    """The union whose finance staff are to answer ``finding`` (one of ``payer.finding_answerers``,
    reading 33w): a grant's own finding its payer's; a matching shortfall the district's, which
    owes the matching [S10]; a finding on spending the district's where it matches the city's
    grant, being the union [S10] charges to 保证专款专用 (the city may answer too), else the naming
    union's, which paid the one-off money spent (杨浦区总工会 [Y14], 乐山市总工会 [L 三])."""
    if finding.kind == FindingKind.INELIGIBLE_GRANT.value and finding.grant_payer is not None:
        return finding.grant_payer
    if matching_finding(finding.kind) or with_matching:
        return facts.district_union_id
    return facts.naming_union_id


def open_findings(ask: Ask) -> Iterator[Occasion]:
    """Each open audit finding waits for its answer (已说明、已退回、已移交) from the day it was
    found; no article gives a day to answer by, so it is a step with no deadline of its own,
    gone once resolved or closed by the audit (superseded, no longer holding), back as its next
    occurrence when the refund answering it is voided (reading 33v). A matching shortfall's
    finding waits behind the district's unmet matching duty, which says the same shortfall, and
    shows once the matching is met, to be explained (reading finance56b)."""
    facts, settings = ask.facts, ask.settings
    article = cite(settings.earmark_article or "")
    earmarked = f"，经费须专款专用（{article}）" if article else ""
    # A matching shortfall cites the article asking for the matching ([S10], [C 三（一）]).
    matching = f"，区级配套资金应不少于1:1（{cite(settings.matching_article)}）"
    unmet = matching_unmet(facts, settings)
    for finding in facts.open_findings:
        if not ask.window.admits(finding.found_on, done=False):
            continue
        if unmet and matching_finding(finding.kind):
            continue  # the overdue matching duty says it; the finding waits for it to be met
        basis = matching if matching_finding(finding.kind) else earmarked
        label = FINDING_KIND_LABELS[FindingKind(finding.kind)]
        amount = f" {format_fen(finding.amount_fen)} 元" if finding.amount_fen else ""
        yield ask.occasion(
            OccasionKind.FUNDING_FINDING,
            due_on=finding.found_on,
            union_id=finding_union(
                facts, finding, with_matching=settings.matching_ratio is not None
            ),
            title=f"{FINDING_OPEN}{label}{amount}{basis}；{ANSWER_ASKED}",
            key=finding_key(facts.id, finding.id),
            standing=True,
            arose_on=finding.found_on,
        )


FINDING_OPEN = "审计发现待处理："
# What the answering union's finance staff are asked (已说明、已退回、已移交, ``funding.audit``).
ANSWER_ASKED = "请说明、退回或移交处理"
# A finding on the unit's spending, which its contact may correct (not a grant's or matching's).
_ON_SPENDING = tuple(
    FINDING_OPEN + FINDING_KIND_LABELS[k]
    for k in FindingKind
    if not matching_finding(k) and k is not FindingKind.INELIGIBLE_GRANT
)


def occasion_line(occasion: Occasion, role: Role | None) -> str:
    """An occasion's line as a user in ``role`` reads it: an open audit finding asks finance
    staff to answer it, but the unit union's contact only reads it — it waits for finance staff,
    and one on spending the unit may correct where it was entered wrong
    (``may_change_expenditures``), as its expenditure row says (reading ux57a)."""
    title = occasion.title
    asked = f"；{ANSWER_ASKED}"
    if occasion.kind != OccasionKind.FUNDING_FINDING or role != Role.UNIT_CONTACT:
        return title
    if not title.endswith(asked):
        return title
    corrects = "；如登记有误，可更正该笔支出" if title.startswith(_ON_SPENDING) else ""
    return f"{title.removesuffix(asked)}；待财务人员核实处理{corrects}"
