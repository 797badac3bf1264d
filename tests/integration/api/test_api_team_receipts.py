"""API: a receipt used on two titles of the same team (the Yangpu title and the city title
recommended from it) is a finding, as one used twice within a title is (reading 34, 「专款专用」
[Y16][S10]); voiding the first use closes it; the full audit, in batches of any size, agrees."""

from __future__ import annotations

from datetime import date

from lifecycle.funding.audit import run_audit
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api


def _spend(api: Api, title: int, spent_on: str, receipt: str) -> int:
    spent = api.client.post(
        f"/api/v1/designations/{title}/expenditures",
        headers=api.callers[Role.UNIT_CONTACT].headers,
        json={
            "spent_on": spent_on,
            "amount_yuan": "1,200.00",
            "payee": "上海某书店",
            "category": "books",
            "description": "专业书籍",
            "receipt_ref": receipt,
        },
    )
    assert spent.status_code == 201, spent.text
    return int(spent.json()["id"])


def _receipt_findings(api: Api, title: int) -> list[dict[str, object]]:
    got = api.client.get(
        f"/api/v1/designations/{title}/findings", headers=api.callers[Role.FINANCE].headers
    )
    assert got.status_code == 200, got.text
    return [x for x in got.json()["items"] if x["kind"] == "duplicate_receipt"]


def _open(findings: list[dict[str, object]]) -> list[dict[str, object]]:
    return [x for x in findings if x["resolution"] is None]


def test_a_receipt_used_on_two_titles_of_one_team_is_a_finding_until_the_first_is_voided(
    api: Api,
) -> None:
    with api.uow() as u:
        shop = f.workshop(u, api.tree)
        district = f.named_designation(u, api.tree, shop=shop, naming_date=date(2023, 3, 15))
        city = f.named_designation(
            u, api.tree, shop=shop, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        )
        other_team = f.named_designation(u, api.tree)
        u.commit()
        district_id, city_id, number = district.id, city.id, district.number
    first = _spend(api, district_id, "2026-05-06", "FP-2026-0088")
    _spend(api, other_team.id, "2026-05-07", "FP-2026-0088")  # another unit's receipt: no finding
    assert _receipt_findings(api, other_team.id) == []
    again = _spend(api, city_id, "2026-06-10", "FP-2026-0088")
    assert _receipt_findings(api, district_id) == []  # the first use is no finding
    [finding] = _open(_receipt_findings(api, city_id))  # before: none
    assert finding["expenditure_id"] == again
    assert finding["message"] == (
        f"2026年6月10日 支出 1,200.00 元的票据号「FP-2026-0088」已用于本工作室另一命名"
        f"（{number}）2026年5月6日的支出：同一票据不能在两个命名的经费中重复列支，经费应专款专用"
        "（《上海市“劳模创新工作室”管理办法（修订）》第十条）"
    )

    # The full audit of the district's subtree finds the same and stores nothing twice.
    audit = api.client.post(
        f"/api/v1/unions/{api.own.district}/funding-audit",
        headers=api.callers[Role.FINANCE].headers,
    )
    assert audit.status_code == 200, audit.text
    assert (audit.json()["stored"], audit.json()["closed"]) == (0, 0)
    assert audit.json()["by_kind"]["duplicate_receipt"] == 1

    # The first use voided on the district title: the city title's finding no longer holds.
    voided = api.client.post(
        f"/api/v1/expenditures/{first}/void",
        headers=api.callers[Role.UNIT_CONTACT].headers,
        json={"reason": "重复登记，应列市级经费", "expected_version": 1},
    )
    assert voided.status_code == 200, voided.text
    assert finding["id"] in voided.json()["findings_closed"]
    assert _open(_receipt_findings(api, city_id)) == []


def test_the_full_audit_in_batches_of_one_title_finds_the_reuse_across_the_teams_titles(
    api: Api,
) -> None:
    """A team's titles fall into different batches of the daily audit: the title audited
    first and the one audited after each see the other's spending as it stands."""
    with api.uow() as u:
        shop = f.workshop(u, api.tree)
        district = f.named_designation(u, api.tree, shop=shop, naming_date=date(2023, 3, 15))
        city = f.named_designation(
            u, api.tree, shop=shop, scheme="shanghai-craftsman", naming_date=date(2025, 6, 1)
        )
        u.commit()
        district_id, city_id = district.id, city.id
    # The later use is on the title of the lower id: each batch must read the other title.
    later = _spend(api, district_id, "2026-07-01", "FP-7")
    _spend(api, city_id, "2026-04-01", "FP-7")
    [finding] = _open(_receipt_findings(api, district_id))
    assert finding["expenditure_id"] == later
    assert "《杨浦区劳模（先进）、技师创新工作室管理办法》第十六条" in str(finding["message"])
    with api.uow(f.finance_of(api.tree.district.id)) as u:
        report = run_audit(
            u, as_of=f.AS_OF, actor=f.finance_of(api.tree.district.id), scope=EVERYTHING,
            batch_size=1,
        )  # fmt: skip
        u.commit()
    assert finding["id"] not in report.closed
    assert _receipt_findings(api, district_id) == [finding]  # nothing closed, nothing twice
    assert _receipt_findings(api, city_id) == []


def test_one_receipt_typed_full_width_or_in_another_case_is_still_one_receipt(api: Api) -> None:
    """「ＦＰ－００９」 (a Chinese input method's full-width form) and 「fp-009」 are the receipt
    「FP-009」: reused, each is a finding, within a title and across the team's titles (before:
    compared as typed, so retyping the number in full width hid the reuse)."""
    with api.uow() as u:
        shop = f.workshop(u, api.tree)
        district = f.named_designation(u, api.tree, shop=shop, naming_date=date(2023, 3, 15))
        city = f.named_designation(
            u, api.tree, shop=shop, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        )
        u.commit()
        district_id, city_id = district.id, city.id
    _spend(api, district_id, "2026-03-01", "FP-009")
    within = _spend(api, district_id, "2026-03-02", "ＦＰ－００９")
    across = _spend(api, city_id, "2026-03-03", "fp-009")
    [found_within] = _open(_receipt_findings(api, district_id))
    assert found_within["expenditure_id"] == within
    assert "票据号「ＦＰ－００９」已用于2026年3月1日的支出" in str(found_within["message"])
    [found_across] = _open(_receipt_findings(api, city_id))
    assert found_across["expenditure_id"] == across
    assert "票据号「fp-009」已用于本工作室另一命名" in str(found_across["message"])
