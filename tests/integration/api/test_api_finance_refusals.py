"""API refusals on the money side name the field and cite the rule: a one-off grant of another
amount than the scheme's is refused on ``amount_yuan`` citing the article that fixes it ([Y14]
1万, [S10] 贰万元), nothing written; the finance list's filter is named in Chinese."""

from __future__ import annotations

from lifecycle.citations import cite
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api


def test_a_one_off_grant_of_another_amount_is_refused_citing_the_article_fixing_it(
    api: Api,
) -> None:
    with api.uow() as u:
        yangpu = f.named_designation(u, api.tree).id
        city = f.named_designation(u, api.tree, scheme="shanghai-model-worker").id
        u.commit()
    cases = (
        (yangpu, api.finance_of(api.tree.district), "9,999.00", "10,000.00", "[Y14]"),
        (city, api.finance_of(api.tree.city), "19,999.99", "20,000.00", "[S10]"),
    )
    for designation, finance, typed, fixed, article in cases:
        before = api.writes()
        refused = api.client.post(
            f"/api/v1/designations/{designation}/grants",
            headers=finance,
            json={
                "kind": "one_off",
                "approval_ref": "财〔2026〕1号",
                "approved_on": "2026-10-01",
                "amount_yuan": typed,
            },
        )
        assert refused.status_code == 422, refused.text
        (problem,) = refused.json()["error"]["problems"]
        assert problem["field"] == "amount_yuan"
        assert problem["code"] == "amount_not_scheme"
        assert problem["message"].endswith(cite(f"为 {fixed} 元（{article}）"))
        assert api.writes() == before
        grants = api.client.get(f"/api/v1/designations/{designation}/grants", headers=finance)
        assert (grants.json()["items"], grants.json()["total"]) == ([], 0)


def test_the_finance_list_names_its_findings_filter_when_it_is_no_yes_or_no(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    refused = api.client.get("/api/v1/finance/designations?open_findings=maybe", headers=finance)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["field"] == "open_findings"
    # Before: 「有一项输入格式不正确」, naming no field.
    assert error["message"] == "是否只看有未处理审计发现的应为 true 或 false"


def test_a_missing_title_grant_or_expenditure_is_named_by_its_path_parameter(api: Api) -> None:
    """Every funding route answers a record that is absent (or outside the caller's subtree) with
    404 naming the path parameter, as the routes that write it and the fund ledger do; before,
    the lists of a title's grants, applications, expenditures and findings and a grant's 修改记录
    named ``id``, and an expenditure's history ``record_id``."""
    finance = api.callers[Role.FINANCE].headers
    missing = 999_999
    cases = {
        "designation_id": (
            f"/api/v1/designations/{missing}/grants",
            f"/api/v1/designations/{missing}/excellence-applications",
            f"/api/v1/designations/{missing}/expenditures",
            f"/api/v1/designations/{missing}/findings",
            f"/api/v1/designations/{missing}/fund-ledger",
        ),
        "grant_id": (f"/api/v1/grants/{missing}/audit",),
        "expenditure_id": (
            f"/api/v1/expenditures/{missing}",
            f"/api/v1/expenditures/{missing}/history",
        ),
    }
    for field, paths in cases.items():
        for path in paths:
            answer = api.client.get(path, headers=finance)
            assert answer.status_code == 404, path
            error = answer.json()["error"]
            assert (error["code"], error["field"]) == ("not_found", field), path
            assert [p["field"] for p in error["problems"]] == [field], path
            assert "不存在" in error["message"], path
    written = api.client.post(
        f"/api/v1/designations/{missing}/grants",
        headers=finance,
        json={"kind": "one_off", "approval_ref": "财〔2026〕1号", "approved_on": "2026-10-01"},
    )
    assert (written.status_code, written.json()["error"]["field"]) == (404, "designation_id")
