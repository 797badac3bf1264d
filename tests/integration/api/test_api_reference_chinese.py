"""The API reference speaks Chinese to the integrators who read it (district IT staff, finance
auditors): every operation of ``/openapi.json`` has a Chinese summary and a Chinese description
that says who may call it, rules cited by title and article (never an internal id such as
[Y12]), tags named in Chinese, and the /docs page shows them all.

Before: the summaries were the route functions' English names (「Decide」「Pending」), the
descriptions English docstrings (「Check the password…」) or nothing (89 operations), the
sections English tags and every answer 「Successful Response」."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from fastapi.testclient import TestClient

from api.openapi_texts import OPERATIONS
from api.openapi_texts.schemas import SCHEMAS
from api.reference import reference
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

METHODS = ("get", "post", "put", "patch", "delete")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
RULE_ID = re.compile(r"\[[A-Z][^\]]{0,20}\]")
# English prose among Chinese (「What the 专款专用 audit found」): two English words in a row.
ENGLISH = re.compile(r"\b[A-Za-z]{2,} [a-z]{2,}\b")


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_every_operation_has_a_chinese_summary_and_description(api: Api) -> None:
    document = TestClient(api.client.app).get("/openapi.json").json()
    operations = _operations(document)
    assert len(operations) > 150
    english = [(m, p, o["summary"]) for m, p, o in operations if o["summary"].isascii()]
    assert english == []
    undescribed = [(m, p) for m, p, o in operations if not CHINESE.search(o["description"])]
    assert undescribed == []
    coded = [(m, p) for m, p, o in operations if RULE_ID.search(o["summary"] + o["description"])]
    assert coded == []
    answers = {a["description"] for _, _, o in operations for a in o["responses"].values()}
    assert not [a for a in answers if a.isascii()], answers
    # Every text is of an operation the API has (none left behind by a removed route).
    assert set(OPERATIONS) == {f"{m.upper()} {p}" for m, p, _ in operations}
    tags = {t["name"]: t["description"] for t in document["tags"]}
    assert {t for _, _, o in operations for t in o["tags"]} == set(tags)
    assert not [name for name in tags.values() if name.isascii()]


def test_a_description_says_who_may_call_it_and_cites_the_regulation(api: Api) -> None:
    paths = api.client.get("/openapi.json").json()["paths"]
    step = paths["/api/v1/designations/{designation_id}/assessments"]["post"]
    assert step["summary"] == "登记年度考核环节"
    assert "《上海市“劳模创新工作室”管理办法（修订）》第九条" in step["description"]
    # Every city's word for its district union's officers (乐山's 县（市、区）总工会 [L 一]).
    who = "调用权限：市总工会干部、区局（产业）工会或县（市、区）总工会干部、基层单位联系人。"
    assert who in step["description"]
    assert "系统管理员" not in step["description"]
    decide = paths["/api/v1/excellence-applications/{application_id}/decision"]["post"]
    assert "调用权限：财务人员。" in decide["description"]
    assert "第十五条" in decide["description"]
    member = paths["/api/v1/associations/{union_id}/members"]["post"]
    notice = "《关于开展2024年度“上海工匠”培养选树工作的通知》二（二）"
    assert notice in member["description"]
    assert "调用权限：社团联系人。" in member["description"]
    login = paths["/api/v1/auth/tokens"]["post"]
    assert (login["summary"], "无需令牌" in login["description"]) == ("用户名密码换取API令牌", True)
    me = paths["/api/v1/me"]["get"]["description"]
    assert "所有已登录用户" in me


def _signed_in(api: Api, role: Role) -> TestClient:
    browser = TestClient(api.client.app, follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)
    assert token is not None
    form = {
        "csrf_token": token.group(1),
        "username": api.callers[role].principal.username,
        "password": api.passwords[role],
        "next": "/dashboard",
    }
    assert browser.post("/login", data=form).status_code == 303
    return browser


def test_the_reference_page_shows_the_chinese_summaries_and_tags(api: Api) -> None:
    page = _signed_in(api, Role.UNIT_CONTACT).get("/docs")
    assert page.status_code == 200
    text = page.text
    document = api.client.get("/openapi.json").json()
    for method, path, operation in _operations(document):
        anchor = f"{method}-" + "".join(c if c.isalnum() else "-" for c in path.strip("/"))
        block = text.split(f'id="{anchor}"')[1].split("</details>")[0]
        summary = f"<code>{method.upper()} {escape(path)}</code> {escape(operation['summary'])}"
        assert summary in block, (method, path)
    assert "<h2>管理变更申请</h2>" in text
    assert '<a href="#tag-change-requests">管理变更申请（' in text
    assert "Successful Response" not in text
    assert "[Y" not in text
    decide = text.split('id="post-api-v1-excellence-applications--application-id--decision"')[1]
    assert "<p>调用权限：财务人员。" in decide.split("</details>")[0]


def test_a_field_of_an_english_documented_type_reads_by_its_chinese_label(api: Api) -> None:
    """Before: the 附件3 body's ``measure`` and ``reason`` read their types' docstrings
    (「The measure proposed on 附件3 and decided by the city…」) on the reference page."""
    document = api.client.get("/openapi.json").json()
    english = [
        (o.method, o.path, f.name, f.description)
        for section in reference(document)
        for o in section.operations
        for f in o.fields
        if re.search(r"[A-Za-z]{3,} [a-z]{2,} [a-z]{2,}", f.description)
    ]
    assert english == []
    filed = next(
        o
        for section in reference(document)
        for o in section.operations
        if (o.method, o.path) == ("POST", "/api/v1/designations/{designation_id}/change-requests")
    )
    assert {f.name: f.description for f in filed.fields}["measure"] == "拟采取措施"


def test_every_model_described_is_described_in_chinese(api: Api) -> None:
    """Before: 60 models of ``components.schemas`` carried their English docstrings as their
    description (「The JSON body of every refusal.」, 「What a user may do; …」,
    「The measure proposed on 附件3 and decided by the city [C 三（六）].」)."""
    document = api.client.get("/openapi.json").json()
    models = document["components"]["schemas"]
    described = {name: m["description"] for name, m in models.items() if m.get("description")}
    assert len(described) > 50
    english = {
        name: text for name, text in described.items() if text.isascii() or ENGLISH.search(text)
    }
    assert english == {}
    assert [name for name, text in described.items() if RULE_ID.search(text)] == []
    fields = [
        (name, field, text)
        for name, model in models.items()
        for field, attrs in (model.get("properties") or {}).items()
        if (text := attrs.get("description", "")) and (text.isascii() or ENGLISH.search(text))
    ]
    assert fields == []  # before: TimelineOut.kind 「status | leader | event」
    # Every text is of a model the schema has (none left behind by a renamed model).
    assert set(SCHEMAS) <= set(models)
    assert models["ErrorBody"]["description"].startswith("每次拒绝请求时返回")
    assert "第十六条" in models["ExpenditureCategory"]["description"]


def test_every_field_of_every_model_is_described_in_chinese(api: Api) -> None:
    """Before: 250 field names of the answers had no description at all (``balance_fen``,
    ``waiting_since``, ``can_retry``…), and an audit entry's ``after`` and a page's ``items`` read
    the query parameters' labels 「上一页最后一条的编号」 and 「每个列表条数」."""
    models = api.client.get("/openapi.json").json()["components"]["schemas"]
    bare = [
        (name, field)
        for name, model in models.items()
        for field, attrs in (model.get("properties") or {}).items()
        if not CHINESE.search(attrs.get("description", ""))
    ]
    assert bare == []
    audit = models["AuditEntryOut"]["properties"]
    assert (audit["before"]["description"], audit["after"]["description"]) == (
        "修改前的内容",
        "修改后的内容",
    )
    assert models["Page_UserOut_"]["properties"]["items"]["description"] == "列出的条目"
