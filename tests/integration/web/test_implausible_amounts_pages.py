"""An amount far beyond any a title's funds hold is refused beside its field, with what was typed
kept and nothing written (reading F-PLAUSIBLE): a 99,999,999 元 district matching on the 登记补贴
form, a 10,000,000 元 expenditure on the 登记支出 form; 1,000,000.00 元 itself is taken (both
backends).

Before: both were recorded without a word, the ledger then showing the slip as funds."""

from __future__ import annotations

from tests.factories import named_designation
from tests.integration.web.conftest import Site, csrf_of

TOO_MUCH = "超出创新工作室单笔经费的合理范围（不超过 1,000,000.00 元），请核对是否多填了位数"


def test_a_matching_of_99999999_yuan_is_refused_beside_its_amount(site: Site) -> None:
    with site.uow() as uow:
        d = named_designation(uow, site.tree, scheme="shanghai-model-worker").id
        uow.commit()
    finance = site.login("finance")  # the district's finance pays the matching [S10]
    new = f"/finance/designations/{d}/grants"
    typed = {"kind": "matching", "approval_ref": "杨工〔2026〕9号", "approved_on": "2026-11-05"}
    for amount in ("99,999,999", "99999999.00", "1,000,000.01"):
        page = finance.get(f"/finance/designations/{d}").text
        refused = finance.post(
            new, data={**typed, "amount_yuan": amount, "csrf_token": csrf_of(page, new)}
        )
        assert refused.status_code == 422, refused.text
        beside = refused.text.split('id="new-amount_yuan"')[1].split("</div>")[0]
        assert TOO_MUCH in beside, amount
        assert f'value="{amount}"' in refused.text
        assert 'value="杨工〔2026〕9号"' in refused.text
    with site.uow() as uow:
        assert list(uow.funding.grants_of(d)) == []
    page = finance.get(f"/finance/designations/{d}").text
    taken = finance.post(
        new, data={**typed, "amount_yuan": "1,000,000.00", "csrf_token": csrf_of(page, new)}
    )
    assert taken.status_code == 303, taken.text
    with site.uow() as uow:
        assert [g.amount_fen for g in uow.funding.grants_of(d)] == [100_000_000]


def test_an_expenditure_of_ten_million_yuan_is_refused_beside_its_amount(site: Site) -> None:
    d = site.designation.id
    unit = site.login("unit")
    url = f"/finance/designations/{d}/expenditures"
    form = unit.get(f"/finance/designations/{d}").text
    refused = unit.post(
        url,
        data={
            "csrf_token": csrf_of(form, url),
            "category": "books",
            "spent_on": "2026-11-02",
            "amount_yuan": "10000000",
            "payee": "上海书城",
            "description": "技术书籍",
        },
    )
    assert refused.status_code == 422, refused.text
    assert "金额 10,000,000.00 元" + TOO_MUCH in refused.text
    assert 'value="10000000"' in refused.text
    assert 'value="上海书城"' in refused.text
    with site.uow() as uow:
        assert list(uow.funding.expenditures_of(d)) == []
