"""Each scheme's pages say what its own 专款专用 article says (reading 35a): only 杨浦 [Y16] lists
the uses allowed and forbidden, so only a Yangpu title's expenditure form, template, findings and
summaries call 个人奖励、津贴、补贴、差旅 「属禁止用途」; a 上海市劳模 title's [S10] asks 专款专用
under the city federation's financial rules, and there the four are findings by our reading,
said as such, never as the words of 第十条 (before: Yangpu's list on every title)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.actors import Actor
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.scope import EVERYTHING
from tests.factories import AS_OF, finance_of, named_designation
from tests.integration.web.conftest import Site

S10 = "《上海市“劳模创新工作室”管理办法（修订）》第十条"
Y16 = "《杨浦区劳模（先进）、技师创新工作室管理办法》第十六条"
YANGPU_USES = "可列支与生产、研发项目相关的硬件设备"
FORBIDDEN_LABEL = "支出类别属禁止用途"
READING_LABEL = "支出类别不属专项用途（须核实）"


def _travel(site: Site, designation_id: int, *, city_title: bool) -> None:
    """Money in, then 860.00 of 差旅 reported by the unit."""
    with site.uow() as uow:
        d = uow.designations.require(designation_id, EVERYTHING)
        ref = "沪工〔2026〕3号" if city_title else "杨工〔2026〕3号"
        cmd = RecordGrant(d.id, GrantKind.ONE_OFF, ref, date(2026, 3, 1), paid_on=date(2026, 3, 2))
        record_grant(uow, cmd, actor=finance_of(d.naming_union_id), as_of=AS_OF, scope=EVERYTHING)
        spend = RecordExpenditure(
            d.id,
            date(2026, 5, 8),
            "860.00",
            "某航空公司",
            ExpenditureCategory.TRAVEL,
            "机票",
            "FP-9",
        )
        record_expenditure(
            uow, spend, actor=Actor(name="单位联系人"), as_of=AS_OF, scope=EVERYTHING
        )
        uow.commit()


def _section(html: str, anchor: str) -> str:
    return html.split(f'id="{anchor}"', maxsplit=1)[1].split("</section>", maxsplit=1)[0]


def _notes(content: bytes) -> list[str]:
    sheet = load_workbook(BytesIO(content))["填写说明"]
    return [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


def _token(site: Site, who: str) -> dict[str, str]:
    client = site.client()
    body = {"username": site.usernames[who], "password": site.passwords[who], "token_name": "t"}
    made = client.post("/api/v1/auth/tokens", json=body)
    assert made.status_code == 201, made.text
    return {"authorization": f"Bearer {made.json()['token']}"}


def test_a_city_title_says_what_s10_asks_and_marks_the_four_as_findings_not_as_forbidden(site):
    with site.uow() as uow:
        d = named_designation(
            uow, site.tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        ).id
        uow.commit()
    _travel(site, d, city_title=True)
    unit = site.login("unit")
    page = unit.get(f"/finance/designations/{d}").text
    spend = _section(page, "spend")
    assert f"活动经费使用符合上海市总工会相关财务规定（{S10}）" in spend
    assert "该条未逐项列明支出用途" in spend
    assert YANGPU_USES not in spend
    assert "第十六条" not in spend
    assert "差旅（列为审计发现）" in spend
    assert "属禁止用途" not in page  # neither the new form nor the correction form
    assert "差旅（列为审计发现）" in _section(page, "expenditures")

    finance = site.login("finance")
    page = finance.get(f"/finance/designations/{d}").text
    findings = _section(page, "findings")
    assert "2026年5月8日 支出 860.00 元属「差旅」：" in findings
    assert f"（{S10}）；该条未列明禁止用途" in findings
    assert READING_LABEL in findings
    assert FORBIDDEN_LABEL not in page

    template = unit.get(f"/finance/designations/{d}/expenditure-template.xlsx")
    notes = _notes(template.content)
    assert any(S10 in text and "该条未逐项列明支出用途" in text for text in notes)
    assert "是否列为审计发现" in notes
    assert "是否禁止用途" not in notes
    assert "禁止" not in notes

    api = site.client()
    headers = _token(site, "finance")
    ledger = api.get(f"/api/v1/designations/{d}/fund-ledger", headers=headers).json()
    (travel_line,) = [line for line in ledger["lines"]["items"] if line["item"] == "差旅"]
    assert READING_LABEL in travel_line["findings"]
    assert FORBIDDEN_LABEL not in [x for line in ledger["lines"]["items"] for x in line["findings"]]
    (finding,) = [f for f in ledger["findings"]["items"] if f["kind"] == "forbidden_category"]
    assert finding["kind_label"] == READING_LABEL
    assert finding["evidence"]["article"] == "[S10]"
    union = site.tree.district.id
    summary = api.get(f"/api/v1/unions/{union}/funding-summary", headers=headers).json()
    travel = [
        c
        for c in summary["by_category"]
        if c["category"] == "travel" and c["scheme_code"] == "shanghai-model-worker"
    ]
    assert [(c["forbidden"], c["mark"], c["spent_fen"]) for c in travel] == [
        (True, "列为审计发现", 86_000)
    ]
    xlsx = api.get(f"/api/v1/unions/{union}/funding-summary/xlsx", headers=headers).content
    rows = list(load_workbook(BytesIO(xlsx))["按用途汇总"].iter_rows(values_only=True))
    assert ("命名类别", "用途", "审计口径", "支出（元）") in rows
    assert ("上海市劳模创新工作室", "差旅", "列为审计发现") in [r[:3] for r in rows]
    overview = finance.get("/finance").text
    assert '<span class="tag fail">列为审计发现</span>' in overview
    assert "差旅（列为审计发现）：860.00" in overview  # the chart's bar, apart from Yangpu's
    assert "（禁止）" not in overview


def test_a_yangpu_title_lists_y16s_uses_and_calls_the_four_forbidden(site):
    d = site.designation.id
    _travel(site, d, city_title=False)
    unit = site.login("unit")
    page = unit.get(f"/finance/designations/{d}").text
    spend = _section(page, "spend")
    assert f"不得用于对个人的奖励、津贴、补贴、差旅等方面（{Y16}）" in spend
    assert YANGPU_USES in spend
    assert "该条未逐项列明支出用途" not in spend
    assert "差旅（属禁止用途）" in spend
    assert "列为审计发现）" not in spend

    finance = site.login("finance")
    findings = _section(finance.get(f"/finance/designations/{d}").text, "findings")
    assert f"差旅等方面（{Y16}）" in findings
    assert FORBIDDEN_LABEL in findings
    assert "该条未列明禁止用途" not in findings

    notes = _notes(unit.get(f"/finance/designations/{d}/expenditure-template.xlsx").content)
    assert "是否禁止用途" in notes
    assert "禁止" in notes
    assert any(Y16 in text and "不得用于" in text for text in notes)
    overview = finance.get("/finance").text
    assert '<span class="tag fail">属禁止用途</span>' in overview
    assert "差旅（属禁止用途）：860.00" in overview


def test_the_template_shared_by_every_scheme_calls_nothing_forbidden(site):
    notes = _notes(site.login("unit").get("/finance/expenditure-template.xlsx").content)
    assert "是否列为审计发现" in notes
    assert "禁止" not in notes
    assert "是否禁止用途" not in notes
    assert not any("第十六条" in text or "第十条" in text for text in notes)
