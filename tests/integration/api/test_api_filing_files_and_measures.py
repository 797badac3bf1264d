"""Through the JSON API: a yearly filing's file is named and downloaded inside the read scope
[Y11]; a model-worker title's 附件3 request takes only 摘牌 [S9]."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests import leader_factories as lf
from tests.integration.api.conftest import PDF, Api


def test_a_filing_lists_its_file_by_name_and_the_file_downloads_in_scope(api: Api) -> None:
    d_id, unit = api.own.designation, api.callers[Role.UNIT_CONTACT].headers
    made = api.client.post(
        f"/api/v1/designations/{d_id}/filings",
        data={"year": "2026", "kind": "self_check", "filed_on": "2026-11-01"},
        files={"file": ("2026年度自查报告.pdf", PDF + b"2026", "application/pdf")},
        headers=unit,
    )
    assert made.status_code == 201, made.text
    assert made.json()["file_name"] == "2026年度自查报告.pdf"
    listed = api.client.get(f"/api/v1/designations/{d_id}/filings", headers=unit).json()["items"]
    names = {(f["year"], f["kind"]): f["file_name"] for f in listed}
    assert names == {
        (2025, "unit_evaluation"): "2025年度评估.pdf",
        (2026, "self_check"): "2026年度自查报告.pdf",
    }
    filing_id = made.json()["id"]
    url = f"/api/v1/designations/{d_id}/filings/{filing_id}/file"
    for role in (Role.UNIT_CONTACT, Role.DISTRICT_OFFICER, Role.CITY_OFFICER, Role.FINANCE):
        got = api.client.get(url, headers=api.callers[role].headers)
        assert got.status_code == 200, (role, got.text)
        assert got.content == PDF + b"2026"
        assert "filename*=UTF-8''2026" in got.headers["content-disposition"]
    # Another district's filing is as absent as a nonexistent one; a filing of another title too.
    other = f"/api/v1/designations/{api.other.designation}/filings/{api.other.filing}/file"
    refused = api.client.get(other, headers=unit)
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "not_found"
    wrong = f"/api/v1/designations/{api.other.designation}/filings/{filing_id}/file"
    assert api.client.get(wrong, headers=api.callers[Role.CITY_OFFICER].headers).status_code == 404


def test_a_filings_refusals_name_its_own_fields_in_its_own_words(api: Api) -> None:
    """A filing's unreadable date is 备案日期 (not 申请日期) and its bad file is named ``file``,
    the field the client sent (before: ``upload``, the page's); nothing is filed."""
    d_id, unit = api.own.designation, api.callers[Role.UNIT_CONTACT].headers
    url = f"/api/v1/designations/{d_id}/filings"
    before = api.client.get(url, headers=unit).json()
    unreadable = api.client.post(
        url,
        data={"year": "2026", "kind": "self_check", "filed_on": "2026-13-01"},
        files={"file": ("自查.pdf", PDF, "application/pdf")},
        headers=unit,
    )
    assert unreadable.status_code == 422, unreadable.text
    error = unreadable.json()["error"]
    assert error["message"] == "备案日期有误：没有2026-13-01这一天"  # as the filing page says
    assert [p["field"] for p in error["problems"]] == ["filed_on"]
    not_a_pdf = api.client.post(
        url,
        data={"year": "2026", "kind": "self_check", "filed_on": "2026-11-01"},
        files={"file": ("自查.pdf", b"plain text", "application/pdf")},
        headers=unit,
    )
    assert not_a_pdf.status_code == 422, not_a_pdf.text
    problems = not_a_pdf.json()["error"]["problems"]
    assert [(p["field"], p["message"]) for p in problems] == [("file", "文件内容与扩展名不符")]
    early = api.client.post(
        url,
        data={"year": "2026", "kind": "self_check", "filed_on": "2025-12-20"},
        files={"file": ("自查.pdf", PDF, "application/pdf")},
        headers=unit,
    )
    assert early.status_code == 422, early.text
    said = "备案日期不能早于2026年1月1日：2026年度的备案不能在该年度之前提交"
    assert early.json()["error"]["message"] == said  # before: 「…不能早于备案年度」
    assert api.client.get(url, headers=unit).json() == before
    # The reference describes the form's fields in the same words (before: 申请日期 for filed_on).
    document = api.client.get("/openapi.json").json()
    form = document["paths"]["/api/v1/designations/{designation_id}/filings"]["post"]
    ref = form["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    fields = document["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
    described = {name: fields[name]["description"] for name in ("year", "kind", "filed_on")}
    assert described == {"year": "备案年度", "kind": "备案类别", "filed_on": "备案日期"}


def test_a_filing_made_after_its_years_end_reads_as_late(api: Api) -> None:
    """每年年底前报区总工会备案 [Y11]: a 2025 self-check filed in November 2026 is kept and
    answers the due date it missed (``late_after``); one filed in its year answers null."""
    d_id, unit = api.own.designation, api.callers[Role.UNIT_CONTACT].headers
    url = f"/api/v1/designations/{d_id}/filings"
    for year in ("2025", "2026"):
        made = api.client.post(
            url,
            data={"year": year, "kind": "self_check", "filed_on": "2026-11-01"},
            files={"file": (f"{year}年度自查.pdf", PDF + year.encode(), "application/pdf")},
            headers=unit,
        )
        assert made.status_code == 201, made.text
        assert made.json()["late_after"] == ("2025-12-31" if year == "2025" else None)
    district = api.callers[Role.DISTRICT_OFFICER].headers
    listed = api.client.get(url, headers=district).json()["items"]
    late = {(f["year"], f["kind"]): f["late_after"] for f in listed}
    assert late[2025, "self_check"] == "2025-12-31"
    assert late[2026, "self_check"] is None


def test_a_model_worker_request_for_another_measure_than_delisting_is_refused(api: Api) -> None:
    with api.uow() as u:
        d = lf.titled(u, api.tree, scheme="shanghai-model-worker")
        u.commit()
        d_id = d.id
    unit = api.callers[Role.UNIT_CONTACT].headers
    body = {
        "reason": "left",
        "reason_details": "领衔劳模已离职",
        "filed_on": "2026-06-05",
    }
    before = api.writes()
    refused = api.client.post(
        f"/api/v1/designations/{d_id}/change-requests",
        json={**body, "measure": "exit_keeping_title"},
        headers=unit,
    )
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    [problem] = error["problems"]
    assert (problem["field"], problem["code"]) == ("measure", "measure_not_allowed")
    assert "《上海市“劳模创新工作室”管理办法（修订）》第九条" in problem["message"]
    assert api.writes() == before
    filed = api.client.post(
        f"/api/v1/designations/{d_id}/change-requests",
        json={**body, "measure": "revoke"},
        headers=unit,
    )
    assert filed.status_code == 201, filed.text


def test_a_filing_dated_before_the_naming_is_refused_beside_its_date(api: Api) -> None:
    """The self-check of a title named on 15 March 2023 is not dated 1 March 2023 [Y11]: refused
    beside ``filed_on``, nothing filed; the naming day itself is accepted."""
    d_id, unit = api.own.designation, api.callers[Role.UNIT_CONTACT].headers
    url = f"/api/v1/designations/{d_id}/filings"
    before = api.client.get(url, headers=unit).json()
    body = {"year": "2023", "kind": "self_check", "filed_on": "2023-03-01"}
    early = api.client.post(
        url, data=body, files={"file": ("自查.pdf", PDF, "application/pdf")}, headers=unit
    )
    assert early.status_code == 422, early.text
    problems = early.json()["error"]["problems"]
    said = "备案日期不能早于命名日期（2023年3月15日）：工作室命名后方可报送年度自查和评估"
    assert [(p["field"], p["code"], p["message"]) for p in problems] == [
        ("filed_on", "before_naming", said)
    ]
    assert api.client.get(url, headers=unit).json() == before
    body["filed_on"] = "2023-03-15"
    made = api.client.post(
        url, data=body, files={"file": ("自查.pdf", PDF, "application/pdf")}, headers=unit
    )
    assert made.status_code == 201, made.text
