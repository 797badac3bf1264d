"""List pages as a district officer and finance staff read them: 经费台账一览 closes with the
合计 of every page (as its workbook does), and a call's applications come a page at a time."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from lifecycle.actors import Actor
from lifecycle.craftsman_title.model import Channel
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditure_changes import CorrectExpenditure, correct_expenditure
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.intake.service import NewApplication, start_application
from lifecycle.scope import EVERYTHING, Scope
from tests import factories as f
from tests.factories import AS_OF, finance_of
from tests.intake_factories import APPLICANT, yangpu_call, yangpu_form
from tests.integration.craftsman.helpers import DATED, file, local_craftsman, open_call
from tests.integration.craftsman.helpers import TODAY as CRAFTSMAN_TODAY
from tests.integration.craftsman.helpers import form as craftsman_form
from tests.integration.web.conftest import Site

TOTALS = re.compile(r'<tr id="totals">(.*?)</tr>', re.S)
CELLS = re.compile(r'<td class="num[^"]*">([^<]*)</td>')


def _money(site: Site) -> None:
    """Two titles with money: the one-off 10,000.00 each received [Y14]; 1,000.00 spent on the
    first then corrected to 400.00 (counted as it stands), 250.50 spent on the second."""
    with site.uow() as u:
        second = f.named_designation(u, site.tree)
        payer = finance_of(site.tree.district.id)
        unit = Actor(name="单位联系人")
        for d, amount, spent in ((site.designation.id, 1, "1,000.00"), (second.id, 2, "250.50")):
            grant = RecordGrant(
                d, GrantKind.ONE_OFF, f"杨工〔2023〕{amount}号", date(2023, 4, 1),
                paid_on=date(2023, 4, 20),
            )  # fmt: skip
            record_grant(u, grant, actor=payer, as_of=AS_OF, scope=EVERYTHING)
            bought = RecordExpenditure(
                d, date(2026, 5, 8), spent, "某书店", ExpenditureCategory.BOOKS, "专业书籍",
                f"FP-{amount}",
            )  # fmt: skip
            record_expenditure(u, bought, actor=unit, as_of=AS_OF, scope=EVERYTHING)
        first = u.funding.expenditures_of(site.designation.id)[0]
        own = u.designations.get(site.designation.id, EVERYTHING)
        assert own is not None
        correct_expenditure(
            u, CorrectExpenditure(first.id, "多录一个零", None, amount_yuan="400.00"),
            actor=f.unit_contact(u, own), as_of=AS_OF, scope=EVERYTHING,
        )  # fmt: skip
        u.commit()


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def test_the_fund_list_closes_with_the_totals_of_every_page_as_its_workbook(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the page had no 合计 row, the workbook of the same list had one."""
    _money(site)
    monkeypatch.setattr("api.web.finance_list.PER_PAGE", 1)  # a page of one title
    browser = site.login("finance")
    page = browser.get("/finance/designations")
    assert page.status_code == 200, page.text
    row = TOTALS.search(page.text)
    assert row is not None, page.text
    received, spent, balance, findings = CELLS.findall(row.group(1))
    assert '<th scope="row">合计</th>' in row.group(1)
    assert (_amount(received), _amount(spent)) == (Decimal("20000.00"), Decimal("650.50"))
    assert _amount(balance) == Decimal("19349.50")
    assert "2个工作室（全部页）" in row.group(1)  # not the one title of this page
    sheet = load_workbook(BytesIO(browser.get("/finance/designations.xlsx").content)).active
    assert sheet is not None
    [total] = [r for r in sheet.iter_rows(values_only=True) if r[0] == "合计"]
    assert total[1] == "2个工作室"
    assert (Decimal(str(total[4])), Decimal(str(total[5])), total[7]) == (
        _amount(received),
        _amount(spent),
        int(findings),
    )
    # The filter holds for the totals: only titles with an open finding (none here).
    none = browser.get("/finance/designations?findings=1").text
    assert TOTALS.search(none) is None
    assert "没有符合条件的记录" in none


def _three_applications(site: Site) -> tuple[int, list[str]]:
    """A Yangpu call with three draft applications of the unit's teams: the call, their names."""
    with site.uow() as u:
        call = yangpu_call(u, site.tree)
        scope = Scope.subtree(site.tree.unit.path)
        names = []
        for n in range(3):
            shop = f.workshop(u, site.tree)
            form = {**yangpu_form(), "studio_name": f"第{n + 1}个申报工作室"}
            start_application(
                u, NewApplication(call.id, shop.id, form), actor=APPLICANT, now=f.at_ten(AS_OF),
                scope=scope, own_path=site.tree.unit.path,
            )  # fmt: skip
            names.append(form["studio_name"])
        u.commit()
        return call.id, names


def test_a_calls_applications_come_a_page_at_a_time(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the call page listed every application to it at once."""
    monkeypatch.setattr("api.web.intake.PER_PAGE", 2)
    call_id, names = _three_applications(site)
    browser = site.login("district")
    first = browser.get(f"/intake/calls/{call_id}")
    assert first.status_code == 200, first.text
    assert "共 3 件，第 1–2 件。" in first.text
    assert [name in first.text for name in names] == [True, True, False]
    assert 'href="?page=2#applications" rel="next"' in first.text
    second = browser.get(f"/intake/calls/{call_id}?page=2")
    assert "共 3 件，第 3–3 件。" in second.text
    assert [name in second.text for name in names] == [False, False, True]
    assert 'href="?page=1#applications" rel="prev"' in second.text
    past = browser.get(f"/intake/calls/{call_id}?page=9")
    assert past.status_code == 200
    assert "本页没有申报（共 3 件）" in past.text


@pytest.mark.parametrize("path", ["/designations", "/finance/designations", "/contacts"])
def test_a_control_character_in_a_list_filter_is_dropped_and_said(site: Site, path: str) -> None:
    """Before, on PostgreSQL: an error page, 「输入包含无法保存的字符或数值」, not the list."""
    browser = site.login("finance")
    page = browser.get(f"{path}?q=a%00b")
    assert page.status_code == 200, page.text
    assert '<div class="alert" role="alert">查询条件含有控制字符，已忽略</div>' in page.text
    assert page.text.count("查询条件含有控制字符") == 1


def test_the_fund_list_workbook_says_when_the_filter_matched_more_than_it_exports(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: past the export's limit the workbook was cut silently, its 合计 short of the
    page's with nothing saying why."""
    _money(site)
    monkeypatch.setattr("api.web.finance_list.EXPORT_LIMIT", 1)
    browser = site.login("finance")
    sheet = load_workbook(BytesIO(browser.get("/finance/designations.xlsx").content)).active
    assert sheet is not None
    cells = [r[0] for r in sheet.iter_rows(values_only=True)]
    assert "共 2 个工作室，仅导出前 1 个（合计为导出各行之和），请缩小筛选范围" in cells
    monkeypatch.setattr("api.web.finance_list.EXPORT_LIMIT", 20_000)
    whole = load_workbook(BytesIO(browser.get("/finance/designations.xlsx").content)).active
    assert whole is not None
    assert not [c for r in whole.iter_rows(values_only=True) for c in r if "仅导出" in str(c)]


def test_the_intake_home_lists_the_applications_not_named_a_page_at_a_time_latest_first(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: 申报评审 listed every application of the subtree not yet named, of every year,
    at once, the oldest first."""
    monkeypatch.setattr("api.web.intake.PER_PAGE", 2)
    _, names = _three_applications(site)
    browser = site.login("district")
    first = browser.get("/intake")
    assert first.status_code == 200, first.text
    assert "尚未命名的共 3 件（最新的在前），第 1–2 件。" in first.text
    mine = first.text.split('id="mine"')[1]
    assert [name in mine for name in names] == [False, True, True]
    assert mine.index(names[2]) < mine.index(names[1])  # the latest first
    assert 'href="?page=2#mine" rel="next"' in mine
    second = browser.get("/intake?page=2").text.split('id="mine"')[1]
    assert [name in second for name in names] == [True, False, False]
    assert 'href="?page=1#mine" rel="prev"' in second


def test_a_craftsman_years_applications_come_a_page_at_a_time(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the year's page listed every application in the reader's scope at once (the
    city's: every district's)."""
    monkeypatch.setattr("api.web.paged.PER_PAGE", 2)
    with site.uow() as u:
        sel = open_call(u, site.tree, local=False)
        ids = []
        for n in range(3):
            person = local_craftsman(u, site.tree, f"分页师傅{n + 1}")
            cmd = craftsman_form(sel.id, person.id, channel=Channel.SELF, applied_on=DATED)
            ids.append(file(u, cmd, scope=EVERYTHING, on=CRAFTSMAN_TODAY).id)
        u.commit()
        sel_id = sel.id
    browser = site.login("city")
    first = browser.get(f"/craftsman-selections/{sel_id}")
    assert first.status_code == 200, first.text
    assert "共 3 件，第 1–2 件。" in first.text
    listed = [f'/craftsman-selections/applications/{i}"' in first.text for i in ids]
    assert listed == [True, True, False]
    assert 'href="?page=2#applications" rel="next"' in first.text
    second = browser.get(f"/craftsman-selections/{sel_id}?page=2")
    assert [f'/craftsman-selections/applications/{i}"' in second.text for i in ids] == [
        False,
        False,
        True,
    ]
    one_group = browser.get(f"/craftsman-selections/{sel_id}?group=catering")
    assert "暂无申报。" in one_group.text


@pytest.mark.parametrize(
    ("who", "path", "counted"),
    [
        ("district", "/designations", "条"),
        ("district", "/workshops", "个"),
        ("district", "/persons", "人"),
        ("finance", "/finance/designations", "个"),
    ],
)
def test_a_page_after_the_last_shows_the_last_and_says_so(
    site: Site, who: str, path: str, counted: str
) -> None:
    """As the 待办 list: before, 「共 37 条，第 49901–49900 条」 over 「没有符合条件的记录」."""
    browser = site.login(who)
    first = browser.get(path)
    total = int(re.search(r"共 (\d+) ", first.text).group(1))  # type: ignore[union-attr]
    assert 1 <= total <= 50  # one page: the last is the first
    past = browser.get(f"{path}?page=999")
    assert past.status_code == 200
    assert '<div class="alert" role="alert">第 999 页超出范围（共 1 页），已显示最后一页</div>' in (
        past.text
    )
    assert f"，第 1–{total} {counted}" in past.text  # the last page's rows
    assert "没有符合条件的" not in past.text
    assert "page=998" not in past.text
