"""The 专款专用 audit as pure functions of plain facts and ``as_of`` [Y14][Y16][S10]."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from operator import attrgetter
from typing import Any, NamedTuple

from lifecycle.clock import chinese_date
from lifecycle.funding.categories import (
    CATEGORY_LABELS,
    FINDING_READING,
    ExpenditureCategory,
    is_forbidden,
)
from lifecycle.funding.grant_refusal import grant_refusal
from lifecycle.funding.receipts import ReceiptUse, first_receipt_uses, receipt_key
from lifecycle.funding.vocab import FindingKind, GrantKind, grant_kind_label
from lifecycle.money import format_fen
from lifecycle.schemes.base import SchemeSettings
from lifecycle.vocab import DesignationStatus


class GrantFact(NamedTuple):
    """A grant as the audit sees it (a tuple: the audit builds a million of these)."""

    id: int
    kind: GrantKind
    amount_fen: int
    approved_on: date
    paid_on: date | None
    voided_on: date | None = None  # a voided grant stays recorded and counts for nothing


class ExpenditureFact(NamedTuple):
    """An expenditure as the audit sees it (a tuple, as ``GrantFact``)."""

    id: int
    spent_on: date
    amount_fen: int
    category: ExpenditureCategory
    receipt_ref: str | None


class RefundFact(NamedTuple):
    """Money the title returned to the union that paid it (a finding resolved 已退回)."""

    id: int
    refunded_on: date
    amount_fen: int


@dataclass(frozen=True)
class FundingFacts:
    """One designation's money and the lifecycle dates the audit needs; ``team_receipts``: the
    expenditures of the team's other titles (a team holding a district and a city title)."""

    designation_id: int
    scheme_code: str
    status: DesignationStatus
    naming_date: date | None
    ended_on: date | None
    grants: tuple[GrantFact, ...] = ()
    expenditures: tuple[ExpenditureFact, ...] = ()
    team_receipts: tuple[ReceiptUse, ...] = ()
    refunds: tuple[RefundFact, ...] = ()


@dataclass(frozen=True)
class ComputedFinding:
    """One finding with its evidence, before it is stored."""

    designation_id: int
    kind: FindingKind
    key: str
    occurred_on: date
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    amount_fen: int | None = None
    expenditure_id: int | None = None
    grant_id: int | None = None


class LedgerStep(NamedTuple):
    """One line of the running ledger: money in (a paid grant), out (an expenditure) or
    returned to the payer (a refund, which the title no longer holds)."""

    on: date
    grant: GrantFact | None
    expenditure: ExpenditureFact | None
    balance_fen: int
    refund: RefundFact | None = None

    @property
    def received_fen(self) -> int:
        """Money in, less money returned: a refund is received money given back."""
        if self.refund is not None:
            return -self.refund.amount_fen
        return self.grant.amount_fen if self.grant is not None else 0

    @property
    def spent_fen(self) -> int:
        return self.expenditure.amount_fen if self.expenditure is not None else 0


_DAY_THEN_ID = attrgetter("spent_on", "id")
_AMOUNT = attrgetter("amount_fen")


def running_ledger(
    grants: Sequence[GrantFact],
    expenditures: Sequence[ExpenditureFact],
    refunds: Sequence[RefundFact] = (),
) -> list[LedgerStep]:
    """Paid grants, expenditures and refunds by date (money in before money out on a day,
    refunds last), with balance: a refund lowers what the title holds."""
    Event = tuple[date, int, int, GrantFact | None, ExpenditureFact | None, RefundFact | None]
    events: list[Event] = [
        (g.paid_on, 0, g.id, g, None, None) for g in grants if g.paid_on is not None
    ]
    events.extend((e.spent_on, 1, e.id, None, e, None) for e in expenditures)
    events.extend((r.refunded_on, 2, r.id, None, None, r) for r in refunds)
    events.sort(key=lambda ev: (ev[0], ev[1], ev[2]))
    balance = 0
    steps: list[LedgerStep] = []
    for on, _, _, grant, expenditure, refund in events:
        step = LedgerStep(on, grant, expenditure, 0, refund)
        balance += step.received_fen - step.spent_fen
        steps.append(step._replace(balance_fen=balance))
    return steps


def matching_required_fen(settings: SchemeSettings, city_grant_fen: int) -> int | None:
    """The district's matching owed for a city grant, rounded up to the fen [S10]."""
    if settings.matching_ratio is None:
        return None
    owed = (settings.matching_ratio * Decimal(city_grant_fen)).to_integral_value(ROUND_CEILING)
    return int(owed)


def matching_due_on(settings: SchemeSettings, city_paid_on: date) -> date:
    """City grant paid date + the matching period (default 90 days) [S10]."""
    return city_paid_on + timedelta(days=settings.matching_due_days)


def ending_words(status: DesignationStatus, settings: SchemeSettings) -> str:
    """What ended the title, as its unit reads it: an application refused was never named, a
    title out of the management sequence keeps its name [C 三（六）], a title lost is 撤牌/摘牌."""
    if status == DesignationStatus.REJECTED:
        return "不予命名"
    if status == DesignationStatus.EXITED:
        return "退出管理序列"
    if status == DesignationStatus.REVOKED:
        return settings.revoked_word
    return "命名终止"


def audit(facts: FundingFacts, settings: SchemeSettings, as_of: date) -> list[ComputedFinding]:
    """Every finding of one designation as of ``as_of``, each with a stable key [Y16][S10].

    Voided grants were never received: the audit judges only the live ones.
    """
    grants = tuple(g for g in facts.grants if g.approved_on <= as_of and g.voided_on is None)
    by_day = sorted((e for e in facts.expenditures if e.spent_on <= as_of), key=_DAY_THEN_ID)
    found: list[ComputedFinding] = []
    if by_day:
        found.extend(_expenditure_findings(facts, settings, by_day))
        if settings.overspending_is_finding:  # not 乐山's: the unit's own 专项经费 [L]
            refunds = tuple(r for r in facts.refunds if r.refunded_on <= as_of)
            found.extend(_overspent(facts, grants, by_day, refunds))
    if settings.has_district_matching:
        found.extend(_matching(facts, settings, grants, as_of))
    found.extend(_ineligible_grants(facts, settings, grants))
    return found


def finding_subject(key: str) -> str:
    """What a finding is about (its kind and record) without the amount some keys carry: a
    finding whose amount changed is superseded by one on the same subject (``audit._audit``)."""
    kind, _, rest = key.partition(":")
    return f"{kind}:{rest.partition(':')[0]}"


def _expenditure_findings(
    facts: FundingFacts, settings: SchemeSettings, by_day: Sequence[ExpenditureFact]
) -> Iterator[ComputedFinding]:
    """A category outside the scheme's 专款专用 rule ([Y16], [S10], [C], [L]), after the title
    ended, missing or reused receipt (``by_day``: the expenditures by date, then id)."""
    first_with_ref = first_receipt_uses(facts.designation_id, facts.team_receipts, by_day)
    article = settings.earmark_article
    # The article's own words, cited; where it lists no uses, our reading (35a), not cited.
    basis = "" if settings.earmark_lists_uses else f"；{FINDING_READING}"
    for e in by_day:
        if article is not None and is_forbidden(e.category):
            label = CATEGORY_LABELS[e.category]
            yield _on_expenditure(
                facts,
                e,
                FindingKind.FORBIDDEN_CATEGORY,
                f"{chinese_date(e.spent_on)} 支出 {format_fen(e.amount_fen)} 元属「{label}」："
                f"{settings.earmark_rule}（{article}）{basis}",
                category=e.category.value,
                article=article,
            )
        if facts.ended_on is not None and e.spent_on > facts.ended_on:
            yield _on_expenditure(
                facts,
                e,
                FindingKind.AFTER_END,
                f"{chinese_date(e.spent_on)} 支出 {format_fen(e.amount_fen)} 元发生在"
                f"{ending_words(facts.status, settings)}（{chinese_date(facts.ended_on)}）之后",
                ended_on=facts.ended_on.isoformat(),
            )
        ref = (e.receipt_ref or "").strip()
        if not ref:
            yield _on_expenditure(
                facts,
                e,
                FindingKind.MISSING_RECEIPT,
                f"{chinese_date(e.spent_on)} 支出 {format_fen(e.amount_fen)} 元未登记票据号",
            )
        elif (first := first_with_ref.get(receipt_key(ref), None)) and first.id != e.id:
            yield _duplicate_receipt(facts, settings, e, ref, first)


def _duplicate_receipt(
    facts: FundingFacts, settings: SchemeSettings, e: ExpenditureFact, ref: str, first: ReceiptUse
) -> ComputedFinding:
    """A receipt already used by an earlier expenditure of this title or of another title of
    the same team: one payment is accounted for once, to one title's funds (reading 34)."""
    what = f"{chinese_date(e.spent_on)} 支出 {format_fen(e.amount_fen)} 元的票据号「{ref}」"
    kind, then = FindingKind.DUPLICATE_RECEIPT, chinese_date(first.spent_on)
    if first.designation_id == facts.designation_id:
        return _on_expenditure(
            facts,
            e,
            kind,
            f"{what}已用于{then}的支出",
            receipt_ref=ref,
            first_expenditure_id=first.id,
        )
    other = f"（{first.number}）" if first.number else ""
    article = f"（{settings.earmark_article}）" if settings.earmark_article else ""
    message = (
        f"{what}已用于本工作室另一命名{other}{then}的支出：同一票据不能在两个命名的经费中重复列支，"
        f"经费应专款专用{article}"
    )
    return _on_expenditure(
        facts, e, kind, message, receipt_ref=ref, first_expenditure_id=first.id,
        first_designation_id=first.designation_id,
    )  # fmt: skip


def _on_expenditure(
    facts: FundingFacts, e: ExpenditureFact, kind: FindingKind, message: str, **evidence: Any
) -> ComputedFinding:
    return ComputedFinding(
        designation_id=facts.designation_id,
        kind=kind,
        key=f"{kind.value}:{e.id}",
        occurred_on=e.spent_on,
        message=message,
        evidence={
            "expenditure_id": e.id,
            "spent_on": e.spent_on.isoformat(),
            "amount_fen": e.amount_fen,
            "receipt_ref": e.receipt_ref,
            **evidence,
        },
        amount_fen=e.amount_fen,
        expenditure_id=e.id,
    )


def _overspent(
    facts: FundingFacts,
    grants: Sequence[GrantFact],
    by_day: Sequence[ExpenditureFact],
    refunds: Sequence[RefundFact] = (),
) -> Iterator[ComputedFinding]:
    """Each expenditure after which the running balance is below zero, for its own overspent
    part: what the balance before it did not cover (all of it when nothing was left) [Y16][S10].

    So the findings of spending with no money arriving in between add up to the deficit after
    it, never counting one fen twice. The key carries that part: when earlier spending or a
    grant changes it, the finding stating the old amount is closed and one stating today's is
    stored (findings are never rewritten, so what was found then stays as it was found).
    """
    # Fast path: funds received by the first spending day already cover all spending.
    first = by_day[0].spent_on
    early = sum(g.amount_fen for g in grants if g.paid_on is not None and g.paid_on <= first)
    if early >= sum(map(_AMOUNT, by_day)) + sum(map(_AMOUNT, refunds)):
        return
    received = spent = 0
    for step in running_ledger(grants, by_day, refunds):
        received += step.received_fen
        spent += step.spent_fen
        e = step.expenditure
        if e is None or step.balance_fen >= 0:
            continue
        part = min(e.amount_fen, -step.balance_fen)
        covered = e.amount_fen - part  # the balance before it, when it covered some
        what = f"{chinese_date(e.spent_on)} 支出 {format_fen(e.amount_fen)} 元"
        yield ComputedFinding(
            designation_id=facts.designation_id,
            kind=FindingKind.OVERSPENT,
            key=f"{FindingKind.OVERSPENT.value}:{e.id}:{part}",
            occurred_on=e.spent_on,
            message=(
                f"{what}，其中 {format_fen(part)} 元超出已到账经费（支出前结余 "
                f"{format_fen(covered)} 元）"
                if covered
                else f"{what}全额超出已到账经费（支出前已无结余）"
            ),
            evidence={
                "expenditure_id": e.id,
                "received_fen": received,
                "spent_fen": spent,
                "balance_fen": step.balance_fen,
                "overspent_fen": part,
            },
            amount_fen=part,
            expenditure_id=e.id,
        )


def _matching(
    facts: FundingFacts, settings: SchemeSettings, grants: Sequence[GrantFact], as_of: date
) -> Iterator[ComputedFinding]:
    """District matching below ratio × the paid city grant by the due date: none at all, or
    some but short of it [S10], cited by the scheme's article (``matching_article``: a
    上海市工匠 title's [C 三（一）], which refers to [S10]). [S10] asks 「不少于1:1」
    without a date; the service gives the district the matching period
    (``matching_due_days``) to pay it, in one payment or several, so before the due date a
    partial payment is not yet a finding (the reminder says what is owed); from the day after,
    the shortfall still open is, stating what had arrived by the due date and what arrived
    after it (the key carries the shortfall and, once some came late, what had arrived by the
    due date: a finding stating another split is superseded). Matching that would have fallen
    due after the title ended (摘牌/撤牌, 退出管理序列) is not owed, and could not be paid: a
    grant approved after the end is refused (reading 30, P35c).
    """
    city = next((g for g in grants if g.kind is GrantKind.ONE_OFF and g.paid_on), None)
    if city is None or city.paid_on is None:
        return
    required = matching_required_fen(settings, city.amount_fen)
    if required is None:
        return
    paid = sorted(
        (g.paid_on, g.id, g.amount_fen)
        for g in grants
        if g.kind is GrantKind.MATCHING and g.paid_on is not None and g.paid_on <= as_of
    )
    matched = sum(fen for *_, fen in paid)
    short = required - matched
    due = matching_due_on(settings, city.paid_on)
    if short <= 0 or as_of <= due:
        return
    if facts.ended_on is not None and due > facts.ended_on:
        return  # fell due after the title's end: not owed, as no reminder asks it (P35c)
    by_due = sum(fen for on, _, fen in paid if on <= due)
    late = [(on, gid, fen) for on, gid, fen in paid if on > due]
    evidence = {
        "city_grant_id": city.id,
        "city_grant_fen": city.amount_fen,
        "city_paid_on": city.paid_on.isoformat(),
        "required_fen": required,
        "matched_fen": matched,
        "matched_by_due_fen": by_due,
        "paid_after_due": [
            {"grant_id": gid, "paid_on": on.isoformat(), "amount_fen": fen} for on, gid, fen in late
        ],
        "due_on": due.isoformat(),
    }
    city_paid = (
        f"市级补贴 {format_fen(city.amount_fen)} 元已于{chinese_date(city.paid_on)}到账，"
        f"区级配套资金至{chinese_date(due)}"
    )
    if matched > 0:
        after = "、".join(f"{chinese_date(on)}到位 {format_fen(fen)} 元" for on, _, fen in late)
        after = f"，此后{after}" if after else ""
        yield ComputedFinding(
            designation_id=facts.designation_id,
            kind=FindingKind.MATCHING_SHORT,
            key=f"{FindingKind.MATCHING_SHORT.value}:{city.id}:{short}"
            + (f":{by_due}" if late else ""),
            occurred_on=due,
            message=(
                f"{city_paid}应到位 {format_fen(required)} 元，截至该日到位 "
                f"{format_fen(by_due)} 元{after}，仍差 {format_fen(short)} 元"
                f"（{settings.matching_article}）"
            ),
            evidence={**evidence, "short_fen": short},
            amount_fen=short,
            grant_id=city.id,
        )
    else:
        yield ComputedFinding(
            designation_id=facts.designation_id,
            kind=FindingKind.MATCHING_MISSING,
            key=f"{FindingKind.MATCHING_MISSING.value}:{city.id}",
            occurred_on=due,
            message=f"{city_paid}仍未到位（{settings.matching_article}）",
            evidence={**evidence, "short_fen": short},
            amount_fen=short,
            grant_id=city.id,
        )


def _ineligible_grants(
    facts: FundingFacts, settings: SchemeSettings, grants: Sequence[GrantFact]
) -> Iterator[ComputedFinding]:
    """A grant of any kind (one-off, matching, excellence support) the grant rule refuses: to a
    title never named, or approved before its naming or on or after the day its end took effect
    (``grant_refusal``, which refuses the same at entry) [Y14][Y15][S10]."""
    for g in grants:
        why = _ineligible_because(facts, settings, g)
        if why is None:
            continue
        what = f"{grant_kind_label(g.kind, settings)} {format_fen(g.amount_fen)} 元"
        article = grant_rule(settings, g.kind)
        basis = f"（{article}）" if article else ""
        yield ComputedFinding(
            designation_id=facts.designation_id,
            kind=FindingKind.INELIGIBLE_GRANT,
            key=f"{FindingKind.INELIGIBLE_GRANT.value}:{g.id}",
            occurred_on=g.approved_on,
            message=f"{what}：{why}{basis}",
            evidence={
                "grant_id": g.id,
                "approved_on": g.approved_on.isoformat(),
                "status": facts.status.value,
                "naming_date": facts.naming_date.isoformat() if facts.naming_date else None,
                "ended_on": facts.ended_on.isoformat() if facts.ended_on else None,
            },
            amount_fen=g.amount_fen,
            grant_id=g.id,
        )


def grant_rule(settings: SchemeSettings, kind: GrantKind) -> str | None:
    """The article granting money of ``kind`` under the scheme, cited where it is refused."""
    if kind is GrantKind.MATCHING:
        return settings.matching_article
    if kind is GrantKind.EXCELLENCE:
        return "[Y15]"
    return settings.one_off_article


def _ineligible_because(facts: FundingFacts, settings: SchemeSettings, g: GrantFact) -> str | None:
    """The grant rule's reason, judged on the approval date (not on today's status)."""
    refusal = grant_refusal(
        status=facts.status,
        naming_date=facts.naming_date,
        ended_on=facts.ended_on,
        approved_on=g.approved_on,
        revoked_word=settings.revoked_word,
    )
    return None if refusal is None else refusal.reason
