"""Each scheme's settings and inspection criteria, read by a machine client (issue 15 §7)."""

from __future__ import annotations

from tests.integration.api.conftest import Api


def test_a_client_reads_every_scheme_and_the_yangpu_criteria(api: Api) -> None:
    headers = next(iter(api.callers.values())).headers
    listed = api.client.get("/api/v1/schemes", headers=headers)
    assert listed.status_code == 200
    codes = {s["code"] for s in listed.json()}
    assert {"yangpu-district", "shanghai-model-worker", "shanghai-craftsman"} <= codes
    yangpu = api.client.get("/api/v1/schemes/yangpu-district", headers=headers).json()
    assert yangpu["name"] == "杨浦区劳模（先进）、技师创新工作室"
    assert yangpu["cycle_years"] == 3
    assert yangpu["yearly_filing_due"] == {"month": 12, "day": 31}
    assert yangpu["one_off_grant_fen"] == 1_000_000
    criteria = {c["code"]: c["label"] for c in yangpu["inspection_criteria"]}
    assert set(criteria) == {"leader", "team", "projects", "achievements", "venue"}
    assert all(criteria.values())
    assert yangpu["revocation_article"] == {
        "rule": "[Y12]",
        "citation": "《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条",
    }
    city = api.client.get("/api/v1/schemes/shanghai-model-worker", headers=headers).json()
    assert city["oversight"] == "annual_assessment"
    assert city["matching_ratio"] == "1"


def test_an_unknown_scheme_is_a_chinese_404(api: Api) -> None:
    headers = next(iter(api.callers.values())).headers
    response = api.client.get("/api/v1/schemes/nowhere", headers=headers)
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "没有这个命名方案"


def test_without_credentials_the_schemes_are_refused(api: Api) -> None:
    assert api.client.get("/api/v1/schemes").status_code == 401
