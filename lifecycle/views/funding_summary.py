"""A union subtree's money at a glance: received and spent by scheme and by category, and its
open funding audit findings with the unions whose finance staff answer each [Y16][S10]."""

from __future__ import annotations

from dataclasses import dataclass, field

from lifecycle.errors import NotFound
from lifecycle.funding import categories as spending
from lifecycle.funding.payer import finding_answerers
from lifecycle.funding.vocab import FindingKind
from lifecycle.schemes import get_scheme
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.funding import FindingView, finding_view


@dataclass(frozen=True)
class SchemeTotals:
    scheme_code: str
    scheme_name: str
    received_fen: int
    spent_fen: int

    @property
    def balance_fen(self) -> int:
        return self.received_fen - self.spent_fen


@dataclass(frozen=True)
class CategoryTotals:
    scheme_code: str
    scheme_name: str
    category: str
    category_label: str
    forbidden: bool
    mark: str  # 属禁止用途 [Y16] / 列为审计发现 (reading 35a) / empty
    spent_fen: int


@dataclass(frozen=True)
class UnionFundingSummary:
    """Per union subtree: totals by scheme and by category, and the open findings."""

    union_id: int
    union_name: str
    by_scheme: tuple[SchemeTotals, ...]
    by_category: tuple[CategoryTotals, ...]
    open_findings: tuple[FindingView, ...]
    subjects: dict[int, tuple[str, str]] = field(default_factory=dict)  # id → (title, number)
    # Whose finance staff resolve each open finding (finding id → union ids,
    # ``payer.finding_answerers``) and those unions' names: a page offers the form to them only.
    answerers: dict[int, tuple[int, ...]] = field(default_factory=dict)
    union_names: dict[int, str] = field(default_factory=dict)

    @property
    def received_fen(self) -> int:
        """Funds received across the subtree: the 合计 of ``by_scheme``."""
        return sum(t.received_fen for t in self.by_scheme)

    @property
    def spent_fen(self) -> int:
        """Spent across the subtree: the 合计 of ``by_scheme`` and of ``by_category`` alike."""
        return sum(t.spent_fen for t in self.by_scheme)

    @property
    def balance_fen(self) -> int:
        return self.received_fen - self.spent_fen

    def answered_by(self, finding_id: int) -> str:
        """The unions whose finance staff resolve the finding, by name (「杨浦区总工会」)."""
        ids = self.answerers.get(finding_id, ())
        return "或".join(self.union_names[i] for i in ids if i in self.union_names) or "拨款工会"


def union_summary(
    uow: UnitOfWork, union_id: int, *, scope: Scope, findings_limit: int = 1000
) -> UnionFundingSummary:
    """Totals by scheme and category and open findings for the union's subtree [Y16][S10]."""
    union = uow.unions.get(union_id, scope)
    if union is None:
        raise NotFound("工会不存在或不在可见范围内", field="union_id")
    subtree = Scope.subtree(union.path)
    received = uow.funding.received_by_scheme(subtree)
    spent = uow.funding.spent_by_scheme_and_category(subtree)
    codes = sorted(set(received) | {code for code, _ in spent})
    by_scheme = tuple(
        SchemeTotals(
            scheme_code=code,
            scheme_name=get_scheme(code).settings.name,
            received_fen=received.get(code, 0),
            spent_fen=sum(fen for (c, _), fen in spent.items() if c == code),
        )
        for code in codes
    )
    by_category = tuple(
        CategoryTotals(
            scheme_code=code,
            scheme_name=get_scheme(code).settings.name,
            category=cat.value,
            category_label=spending.CATEGORY_LABELS[cat],
            forbidden=spending.is_forbidden(cat),
            mark=spending.forbidden_mark(
                cat, lists_uses=get_scheme(code).settings.earmark_lists_uses
            ),
            spent_fen=fen,
        )
        for (code, raw), fen in sorted(spent.items())
        for cat in (spending.ExpenditureCategory(raw),)
    )
    open_findings = tuple(
        finding_view(f, None) for f in uow.funding.open_findings(subtree, limit=findings_limit)
    )
    subjects = uow.funding.designation_labels({f.designation_id for f in open_findings})
    unions = uow.designations.title_unions({f.designation_id for f in open_findings})
    payers = uow.funding.grant_payers({f.grant_id for f in open_findings if f.grant_id})
    answerers = {
        f.id: finding_answerers(
            FindingKind(f.kind),
            grant_payer=payers.get(f.grant_id) if f.grant_id else None,
            naming_union_id=unions[f.designation_id][0],
            district_union_id=unions[f.designation_id][1],
        )
        for f in open_findings
    }
    return UnionFundingSummary(
        union_id=union.id,
        union_name=union.name,
        by_scheme=by_scheme,
        by_category=by_category,
        open_findings=open_findings,
        subjects=subjects,
        answerers=answerers,
        union_names=uow.unions.names({u for ids in answerers.values() for u in ids}),
    )
