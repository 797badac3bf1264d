"""Demo money: grants, a district matching, expenditures (one 差旅, one corrected, one voided)
— through the services.

Idempotent by the approval reference (文号) of the first demo grant: present → nothing is added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from lifecycle.actors import Actor
from lifecycle.demo.acting import DEMO_NAME
from lifecycle.designations.model import Designation
from lifecycle.funding.categories import ExpenditureCategory as C
from lifecycle.funding.expenditure_changes import (
    CorrectExpenditure,
    VoidExpenditure,
    correct_expenditure,
    void_expenditure,
)
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.payer import paying_union_of
from lifecycle.funding.vocab import GrantKind
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus, Role

# Labelled as every record the demo loads (``acting.DEMO_NAME``), the role its check needs beside
# it: a history says 「演示数据导入」, as an adopted record says its import, not a made-up person
# (before: 「演示数据导入（单位工会联络人）」, read as somebody's name).
FINANCE = Actor(name=DEMO_NAME)
UNIT_CONTACT = Actor(name=DEMO_NAME)
MARKER_REF = "杨工财〔演示〕1号"
# (days after the grant was paid, amount, category, payee, description)
YANGPU_SPENDING: Sequence[tuple[int, str, C, str, str]] = (
    (5, "3,800.00", C.EQUIPMENT, "上海精工量具有限公司", "数控加工检测用量具一套"),
    (9, "460.50", C.BOOKS, "上海书城", "《数控加工工艺》等技术书籍"),
    (14, "1,200.00", C.TRAINING_EXCHANGE, "杨浦区职工技协", "创新方法培训班报名费"),
    (20, "860.00", C.TRAVEL, "某航空公司", "外出参观交流机票"),  # forbidden: an audit finding
)
# The unit union's contact corrects the books' amount and voids the course fee (reading 36a), so
# the ledger shows an 已更正 and an 已作废 line with their 修改记录 [Y10][Y16].
CORRECTED = (2, "406.50", "发票金额为406.50元，登记时数字录错")
VOIDED = (3, "培训班延期未开班，报名费已全额退回，原登记作废")


def _named(uow: UnitOfWork, scheme: str, *, named_before: date) -> Designation | None:
    """The first named designation of ``scheme`` named on or before ``named_before``."""
    for d in uow.designations.find(
        status=DesignationStatus.NAMED, scheme_code=scheme, limit=500, scope=EVERYTHING
    ):
        if d.naming_date is not None and d.naming_date <= named_before:
            return d
    return None


def _grant(
    uow: UnitOfWork,
    d: Designation,
    kind: GrantKind,
    ref: str,
    paid_on: date,
    *,
    as_of: date,
    amount: str | None = None,
) -> date:
    # As finance staff of the union paying it [S10][Y14].
    payer = replace(FINANCE, union_id=paying_union_of(d, kind), role=Role.FINANCE)
    record_grant(
        uow,
        RecordGrant(d.id, kind, ref, paid_on, paid_on, amount_yuan=amount),
        actor=payer,
        as_of=as_of,
        scope=EVERYTHING,
    )
    return paid_on


def _correct_and_void(
    uow: UnitOfWork, d: Designation, spent: dict[int, int], *, as_of: date
) -> None:
    """One expenditure corrected, one voided, as the contact of the title's unit union."""
    contact = replace(UNIT_CONTACT, union_id=d.workshop.unit_union_id, role=Role.UNIT_CONTACT)
    n, amount, reason = CORRECTED
    correct_expenditure(
        uow,
        CorrectExpenditure(spent[n], reason, expected_version=1, amount_yuan=amount),
        actor=contact,
        as_of=as_of,
        scope=EVERYTHING,
    )
    n, reason = VOIDED
    void_expenditure(
        uow,
        VoidExpenditure(spent[n], reason, expected_version=1),
        actor=contact,
        as_of=as_of,
        scope=EVERYTHING,
    )


def load_funding_demo(uow: UnitOfWork, as_of: date) -> int:
    """Add the demo's money once; returns the number of grants and expenditures added."""
    if uow.funding.grant_by_approval_ref(MARKER_REF) is not None:
        return 0
    added = 0
    yangpu = _named(uow, "yangpu-district", named_before=as_of - timedelta(days=90))
    if yangpu is not None and yangpu.naming_date is not None:
        paid = _grant(
            uow,
            yangpu,
            GrantKind.ONE_OFF,
            MARKER_REF,
            yangpu.naming_date + timedelta(30),
            as_of=as_of,
        )
        added += 1
        spent: dict[int, int] = {}
        for n, (days, amount, category, payee, what) in enumerate(YANGPU_SPENDING, start=1):
            spent[n] = record_expenditure(
                uow,
                RecordExpenditure(
                    yangpu.id,
                    min(paid + timedelta(days=days), as_of),
                    amount,
                    payee,
                    category,
                    what,
                    f"演示票据-{n:03d}",
                ),
                actor=FINANCE,
                as_of=as_of,
                scope=EVERYTHING,
            ).id
            added += 1
        _correct_and_void(uow, yangpu, spent, as_of=as_of)
    city_named_before = as_of - timedelta(days=200)
    matched = _named(uow, "shanghai-model-worker", named_before=city_named_before)
    if matched is not None and matched.naming_date is not None:
        paid = max(matched.naming_date, as_of - timedelta(days=180))
        _grant(uow, matched, GrantKind.ONE_OFF, "沪工〔演示〕1号", paid, as_of=as_of)
        # The district's 1:1 matching, 30 days later [S10].
        _grant(
            uow,
            matched,
            GrantKind.MATCHING,
            "杨工财〔演示〕2号",
            paid + timedelta(days=30),
            as_of=as_of,
            amount="20,000.00",
        )
        added += 2
    missing = _named(uow, "shanghai-craftsman", named_before=city_named_before)
    if missing is not None and missing.naming_date is not None:
        # City grant paid 120 days ago, no matching yet: the district union's occasion is overdue.
        paid = max(missing.naming_date, as_of - timedelta(days=120))
        _grant(uow, missing, GrantKind.ONE_OFF, "沪工〔演示〕2号", paid, as_of=as_of)
        added += 1
    return added
