"""Each scheme's settings and inspection criteria, read by a machine client (issue 15 §7)."""

from __future__ import annotations

from lifecycle.vocab import Role
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
    assert yangpu["rectification_deadline_days"] is not None
    assert yangpu["matching_due_days"] is None  # Yangpu's own 1万 has no district matching [Y14]
    city = api.client.get("/api/v1/schemes/shanghai-model-worker", headers=headers).json()
    assert city["oversight"] == "annual_assessment"
    assert city["matching_ratio"] == "1"
    assert city["matching_due_days"] is not None
    # The city's 考核 leads to 摘牌 [S9], not to a 整改通知 with a deadline.
    assert city["rectification_deadline_days"] is None
    assert city["rectification_counts_working_days"] is None
    # 乐山's notice sets neither district matching nor 整改 [L].
    leshan = api.client.get("/api/v1/schemes/leshan-city", headers=headers).json()
    assert (leshan["matching_due_days"], leshan["rectification_deadline_days"]) == (None, None)


def test_an_unknown_scheme_is_a_chinese_404(api: Api) -> None:
    headers = next(iter(api.callers.values())).headers
    response = api.client.get("/api/v1/schemes/nowhere", headers=headers)
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "没有这个命名方案"


def test_without_credentials_the_schemes_are_refused(api: Api) -> None:
    assert api.client.get("/api/v1/schemes").status_code == 401


def test_each_scheme_names_its_naming_union_and_its_change_measures(api: Api) -> None:
    """The namer: the union of the pack's region at its level, as the union tree has it [Y7][S7]
    (the pack's wording where the tree has none); the 附件3 measures: 摘牌 alone for a model-worker
    title [S9], the three for a craftsman title [C 三（六）], none without the form."""
    headers = api.callers[Role.UNIT_CONTACT].headers
    listed = {s["code"]: s for s in api.client.get("/api/v1/schemes", headers=headers).json()}
    yangpu = listed["yangpu-district"]["naming_union"]
    assert yangpu["id"] in {api.tree.district.id, api.other.district}
    assert yangpu["name"].startswith("杨浦区总工会")
    assert (yangpu["region"], yangpu["level"]) == ("yangpu", "district")
    for code in ("shanghai-model-worker", "shanghai-craftsman"):
        city = listed[code]["naming_union"]
        assert city == {
            "id": api.tree.city.id,
            "name": api.tree.city.name,
            "region": "shanghai",
            "level": "city",
        }
    # The test tree has no Leshan union: the pack's own wording, no id.
    assert listed["leshan-city"]["naming_union"] == {
        "id": None,
        "name": "乐山市总工会",
        "region": "leshan",
        "level": "city",
    }
    assert listed["shanghai-model-worker"]["change_measures"] == [
        {"code": "revoke", "label": "退出管理序列（摘牌）"}
    ]
    assert listed["shanghai-craftsman"]["change_measures"] == [
        {"code": "leader_change", "label": "领衔人变更"},
        {"code": "exit_keeping_title", "label": "退出管理序列（保留工作室称号）"},
        {"code": "revoke", "label": "退出管理序列（摘牌）"},
    ]
    assert listed["yangpu-district"]["change_measures"] == []
    one = api.client.get("/api/v1/schemes/shanghai-craftsman", headers=headers).json()
    assert one["naming_union"] == listed["shanghai-craftsman"]["naming_union"]
    assert one["change_measures"] == listed["shanghai-craftsman"]["change_measures"]


def test_the_openapi_schema_documents_the_naming_union_and_the_measures(api: Api) -> None:
    schemas = api.client.get("/openapi.json").json()["components"]["schemas"]
    fields = schemas["SchemeOut"]["properties"]
    assert {"naming_union", "change_measures"} <= set(schemas["SchemeOut"]["required"])
    assert fields["naming_union"]["description"]
    assert fields["change_measures"]["description"]
    for name in ("NamingUnionOut", "MeasureOut"):
        assert all(p.get("description") for p in schemas[name]["properties"].values()), name
