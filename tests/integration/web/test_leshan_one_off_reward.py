"""A 乐山 title's one-off money is its notice's 「一次性奖励」 ([L 三]: 「对命名的乐山市劳模和
工匠人才创新工作室授牌并给予一次性奖励」), not Shanghai's 「一次性补贴」: on the grant form,
the fund ledger, its Excel export, the 修改记录, the refusals of the pages and the JSON API, and the
registry import, which reads both words; a Shanghai title keeps 「一次性补贴」 (the demo, both
backends)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from api.deps import CSRF_HEADER
from lifecycle.accounts.service import NewUser, create_user
from lifecycle.actors import SYSTEM
from lifecycle.adoption.template import CHOICES_SHEET
from lifecycle.demo.users import DEMO_PASSWORD
from lifecycle.designations.model import Designation
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests.conftest import BACKENDS
from tests.demo_copies import demo_database
from tests.integration.web.conftest import csrf_of
from tests.integration.web.demo_site import DemoSite, demo_site

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REWARD, SUBSIDY = "一次性奖励", "一次性补贴"


@pytest.fixture(name="demo", scope="module", params=BACKENDS)
def demo_with_leshan_finance(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoSite]:
    """The demo (whose ``lsfinance`` is finance staff of 乐山市总工会, the union paying its
    titles' reward) with a finance clerk of a 县（市、区）总工会 holding a 乐山 title (who reads
    its ledger, and does not pay)."""
    folder = tmp_path_factory.mktemp("demo")
    for copy in demo_database(request.param, request, folder):
        with demo_site(copy) as site:
            with UnitOfWork(site.sessions) as uow:
                county = uow.session.scalars(
                    select(Designation.district_union_id).where(
                        Designation.scheme_code == "leshan-city",
                        Designation.district_union_id != Designation.naming_union_id,
                    )
                ).first()
                assert county is not None
                clerk = NewUser(
                    "lscounty", "县总工会 财务 何会计", DEMO_PASSWORD, Role.FINANCE, county
                )
                create_user(uow, clerk, SYSTEM, scope=EVERYTHING)
                uow.commit()
            yield site


def _text(html: str) -> str:
    """The page's text, tags dropped and spaces collapsed (what a reader sees)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _titles(browser) -> list[int]:
    listed = browser.get("/api/v1/designations", params={"limit": 50}).json()
    assert listed["total"] > 0
    return [int(d["id"]) for d in listed["items"]]


def _xlsx_text(content: bytes) -> str:
    wb = load_workbook(BytesIO(content))
    return " ".join(
        str(cell) for ws in wb for row in ws.iter_rows(values_only=True) for cell in row if cell
    )


def _without_grant(browser, titles: list[int]) -> int:
    for designation in titles:
        ledger = browser.get(f"/finance/designations/{designation}").text
        if 'id="one-off-recorded"' not in ledger:
            return designation
    raise AssertionError("no 乐山 title without a one-off grant")


def test_a_leshan_title_records_and_shows_its_one_off_reward(demo):
    clerk, officer = demo.login("lsfinance"), demo.login("leshan")
    designation = _without_grant(clerk, _titles(officer))
    address = f"/finance/designations/{designation}"
    page = clerk.get(address).text
    assert f'<option value="one_off">{REWARD}</option>' in page
    assert SUBSIDY not in page
    # The notice sets no amount: the form does not say it may be left blank, and refuses it so.
    assert '<label for="new-amount_yuan">金额（元）</label>' in page
    form = {
        "csrf_token": csrf_of(page, f"{address}/grants"),
        "kind": "one_off",
        "approval_ref": "乐工〔2026〕8号",
        "approved_on": "2026-10-09",
        "paid_on": "2026-10-20",
        "amount_yuan": "",
    }
    refused = clerk.post(f"{address}/grants", data=form)
    assert refused.status_code == 422
    assert "请填写金额（元）" in refused.text
    assert 'value="乐工〔2026〕8号"' in refused.text  # what was typed is kept
    saved = clerk.post(f"{address}/grants", data={**form, "amount_yuan": "30000"})
    assert saved.status_code == 303, saved.text
    ledger = clerk.get(address).text
    grant_id = int(re.findall(r'id="grant-(\d+)"', ledger)[0])
    text = _text(ledger)
    assert f"{REWARD} 乐工〔2026〕8号 2026年10月9日 2026年10月20日 30,000.00" in text  # 补贴记录
    assert f"2026年10月20日 {REWARD} 乐工〔2026〕8号" in text  # the ledger line
    assert f"{REWARD}已登记，每个命名只拨付一次" in text
    assert SUBSIDY not in ledger
    # The form is gone once it is recorded; a second one posted anyway is refused in its word.
    assert 'id="new"' not in ledger
    again = clerk.post(f"{address}/grants", data={**form, "amount_yuan": "30000"})
    assert again.status_code == 422
    assert f"该命名的{REWARD}已登记，每个命名只拨付一次（" in again.text
    assert "（已登记的为乐工〔2026〕8号，2026年10月9日批准）" in again.text
    assert "款项到账请在该笔奖励上「登记到账」" in again.text
    # The Excel export, the 修改记录 and the officer's reading of the same say it too.
    exported = clerk.get(f"{address}/ledger.xlsx").content
    workbook = _xlsx_text(exported)
    assert REWARD in workbook
    assert SUBSIDY not in workbook
    # Its records' sheet is the page's 奖励记录, with the page's columns (before: 拨款记录,
    # 拨付日期, 已拨付, 更正说明).
    records = load_workbook(BytesIO(exported))["奖励记录"]
    rows = list(records.iter_rows(min_row=2, values_only=True))
    assert rows[0][:6] == ("类别", "文号", "批准日期", "到账日期", "金额（元）", "状态")
    assert rows[0][8] == "更正原因"
    assert (rows[1][0], rows[1][1], rows[1][5]) == (REWARD, "乐工〔2026〕8号", "有效")
    assert "拨付日期" not in workbook
    history = _text(officer.get(f"/history/grant/{grant_id}").text)
    assert f"{REWARD} 乐工〔2026〕8号" in history
    assert f"类别 {REWARD}" in history
    assert "奖励记录修改记录" in history  # the page's heading (before: 补贴记录修改记录)
    assert "补贴" not in history
    assert f"{REWARD} 乐工〔2026〕8号：由乐山市总工会财务人员登记到账" in _text(
        officer.get(address).text
    )


def test_the_api_keeps_the_kind_and_says_reward_for_a_leshan_title(demo):
    county = demo.login("lscounty")
    designation = next(
        d
        for d in _titles(county)
        if not county.get(f"/api/v1/designations/{d}/grants").json()["total"]
    )
    csrf = csrf_of(county.get("/dashboard").text)
    posted = county.post(
        f"/api/v1/designations/{designation}/grants",
        json={"kind": "one_off", "approval_ref": "乐工〔2026〕9号", "approved_on": "2026-10-09",
              "amount_yuan": "30000"},
        headers={CSRF_HEADER: csrf},
    )  # fmt: skip
    assert posted.status_code == 403
    message = posted.json()["error"]["message"]
    assert message.startswith(f"{REWARD}由乐山市总工会拨付，其登记、到账、更正和作废须由")
    clerk = demo.login("lsfinance")
    csrf = csrf_of(clerk.get("/dashboard").text)
    body = {"kind": "one_off", "approval_ref": "乐工〔2026〕9号", "approved_on": "2026-10-09"}
    missing = clerk.post(
        f"/api/v1/designations/{designation}/grants", json=body, headers={CSRF_HEADER: csrf}
    )
    assert missing.status_code == 422, missing.text
    assert "amount_yuan" in missing.text  # the notice sets no amount [L 三]
    body["amount_yuan"] = "30000"
    created = clerk.post(
        f"/api/v1/designations/{designation}/grants", json=body, headers={CSRF_HEADER: csrf}
    )
    assert created.status_code == 201, created.text
    assert created.json()["kind"] == "one_off"  # the enum stays; only its label is 乐山's
    ledger = clerk.get(f"/api/v1/designations/{designation}/fund-ledger").json()
    assert ledger["pending_grants"][0]["kind_label"] == REWARD


def test_a_leshan_title_has_no_district_matching_whoever_records_it(demo):
    """[L 三] gives a one-off reward and nothing else: district matching on a 乐山 title is
    refused on ``kind`` as the scheme's (422 ``no_matching``) with any other bad field, for
    乐山市总工会's finance as for a county's; before, 乐山市总工会's finance was refused 403 as if
    the county union paid it under the Shanghai rules (「…须由市中区总工会财务人员办理（《上海市
    “劳模创新工作室”管理办法（修订）》第十条）」). Nothing is written."""
    designation = _titles(demo.login("leshan"))[0]
    for who in ("lsfinance", "lscounty"):
        clerk = demo.login(who)
        csrf = csrf_of(clerk.get("/dashboard").text)
        before = clerk.get(f"/api/v1/designations/{designation}/grants").json()["items"]
        refused = clerk.post(
            f"/api/v1/designations/{designation}/grants",
            json={"kind": "matching", "approval_ref": "乐工〔2026〕10号",
                  "approved_on": "2099-10-09", "amount_yuan": "30000"},
            headers={CSRF_HEADER: csrf},
        )  # fmt: skip
        assert refused.status_code == 422, (who, refused.text)
        problems = {p["field"]: p for p in refused.json()["error"]["problems"]}
        assert problems["kind"]["code"] == "no_matching"
        assert problems["kind"]["message"] == "乐山市劳模和工匠人才创新工作室不实行区级配套资金"
        assert "approved_on" in problems  # a date after today, said at once
        assert "上海" not in refused.text
        assert clerk.get(f"/api/v1/designations/{designation}/grants").json()["items"] == before


def test_a_shanghai_title_keeps_its_one_off_subsidy(demo):
    clerk = demo.login("cityfinance")
    for designation in _titles(demo.login("city")):
        ledger = clerk.get(f"/finance/designations/{designation}")
        if SUBSIDY in ledger.text:
            break
    else:
        raise AssertionError("no Shanghai title with a one-off grant")
    assert REWARD not in ledger.text
    workbook = _xlsx_text(clerk.get(f"/finance/designations/{designation}/ledger.xlsx").content)
    assert SUBSIDY in workbook
    assert REWARD not in workbook


def _grant_kinds(content: bytes) -> list[str]:
    """The 拨款 sheet's 拨款类别 drop-down, as its validation points to it."""
    wb = load_workbook(BytesIO(content))
    ws = wb["拨款"]
    letter = chr(ord("A") + [c.value for c in ws[2]].index("拨款类别"))
    (validation,) = [
        v for v in ws.data_validations.dataValidation if str(v.sqref).startswith(f"{letter}3:")
    ]
    column = validation.formula1.split("!")[1].split(":")[0].strip("$").split("$")[0]
    choices = wb[CHOICES_SHEET]
    return [c.value for c in choices[column][1:] if c.value is not None]


def _import(demo: DemoSite, browser, content: bytes):
    page = browser.get("/adoption")
    data = {"csrf_token": csrf_of(page.text, "/adoption/import"), "dry_run": "1"}
    started = browser.post(
        "/adoption/import", data=data, files={"file": ("工作室名册.xlsx", content, XLSX)}
    )
    assert started.status_code == 303, started.text
    job = demo.client.app.state.adoption_jobs._jobs[started.headers["location"].rsplit("/", 1)[1]]
    job.thread.join(timeout=120)
    assert job.error is None
    return job


def test_a_leshan_registry_names_the_reward_and_reads_both_words(demo):
    browser = demo.login("leshan")
    page = _text(browser.get("/adoption").text)
    assert f"拨款类别填“{REWARD}”" in page
    assert f"按此前模板填写的“{SUBSIDY}”同样导入" in page
    exported = browser.get("/adoption/export.xlsx").content
    assert _grant_kinds(exported)[0] == REWARD
    assert SUBSIDY not in _grant_kinds(exported)
    wb = load_workbook(BytesIO(exported))
    granted = {row[1] for row in wb["拨款"].iter_rows(min_row=3, values_only=True) if row[1]}
    titles = [
        row for row in wb["命名"].iter_rows(min_row=3, values_only=True) if row[1] not in granted
    ]
    assert len(titles) >= 3
    headers = [c.value for c in wb["命名"][2]]
    named = headers.index("命名日期")
    for row, word in zip(titles, (REWARD, SUBSIDY, "一次性资助"), strict=False):
        scheme, number = row[0], row[1]
        wb["拨款"].append([scheme, number, word, f"乐工拨〔2020〕{number}", row[named], None,
                          5000, None])  # fmt: skip
    out = BytesIO()
    wb.save(out)
    job = _import(demo, browser, out.getvalue())
    problems = [(c.sheet, c.column, c.message) for c in job.cells]
    # Both words are read; a third is refused naming the notice's word first.
    assert len(problems) == 1, problems
    sheet, _, message = problems[0]
    assert sheet == "拨款"
    assert message.startswith(f"不在下拉列表中：{REWARD}")  # without the bad row, both import
    wb["拨款"].delete_rows(wb["拨款"].max_row)
    out = BytesIO()
    wb.save(out)
    job = _import(demo, browser, out.getvalue())
    assert job.cells == []
    assert job.report is not None
    assert job.report.counts["拨款"].created == 2


def test_a_shanghai_registry_keeps_the_subsidy(demo):
    exported = demo.login("yangpu").get("/adoption/export.xlsx").content
    assert _grant_kinds(exported) == [SUBSIDY, "区级配套资金"]
    assert REWARD not in _xlsx_text(exported)
