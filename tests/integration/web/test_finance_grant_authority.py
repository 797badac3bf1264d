"""Who writes money on the fund ledger page: the finance staff of the union paying it [S10][Y14];
a grant approved on the day the title ended is refused beside its date (reading 30)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from lifecycle.audit.model import AuditEntry
from lifecycle.designations.delisting import CityDecision, delist
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.model import Grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import factories as f
from tests import leader_factories as lf
from tests.factories import AS_OF
from tests.integration.web.conftest import csrf_of, log_in


def _city_finance(site):
    """A browser logged in as finance staff of the city union."""
    with site.uow() as u:
        principal, password = f.user(u, Role.FINANCE, site.tree.city.id)
        u.commit()
    return log_in(site.client(), principal.username, password)


def _grant_state(site, grant_id: int):
    with site.uow() as u:
        g = u.session.get(Grant, grant_id)
        entries = u.session.scalar(select(func.count()).select_from(AuditEntry))
        return (g.version, g.paid_on, g.approval_ref, g.voided_on, entries)


def test_district_finance_reads_the_city_grant_and_is_refused_paying_correcting_voiding_it(site):
    with site.uow() as u:
        title = f.named_designation(u, site.tree, scheme="shanghai-model-worker")
        cmd = RecordGrant(title.id, GrantKind.ONE_OFF, "沪工〔2026〕5号", date(2026, 11, 2))
        city = f.acting(site.tree.city, Role.FINANCE)
        grant = record_grant(u, cmd, actor=city, as_of=AS_OF, scope=EVERYTHING)
        u.commit()
        title_id, grant_id = title.id, grant.id
    ledger = f"/finance/designations/{title_id}"
    browser = site.login("finance")  # the district's finance
    page = browser.get(ledger)
    assert page.status_code == 200
    assert "沪工〔2026〕5号" in page.text
    # No form it may not use: a line says who records the grant, with the article [S10].
    for action in ("payment", "correct", "void"):
        assert f'action="/finance/grants/{grant_id}/{action}"' not in page.text
    assert (
        f"一次性补贴 沪工〔2026〕5号：由{site.tree.city.name}财务人员登记到账、更正和作废"
        "（《上海市“劳模创新工作室”管理办法（修订）》第十条）"
    ) in page.text
    # It records the district's matching, not the city's one-off grant.
    assert '<option value="matching">' in page.text
    assert '<option value="one_off">' not in page.text
    # The one-off is recorded: none is offered, and the page says it is paid once per title.
    assert (
        "一次性补贴已登记，每个命名只拨付一次（《上海市“劳模创新工作室”管理办法（修订）》第十条）"
        in (page.text)
    )
    before = _grant_state(site, grant_id)
    wanted = f"须由{site.tree.city.name}财务人员办理"
    forms = (
        ("payment", {"paid_on": "2026-11-10"}),
        ("correct", {"approval_ref": "沪工〔2026〕6号", "approved_on": "2026-11-02",
                     "paid_on": "", "amount_yuan": "20,000.00", "reason": "文号有误"}),
        ("void", {"reason": "误录"}),
    )  # fmt: skip
    for action, fields in forms:
        refused = browser.post(
            f"/finance/grants/{grant_id}/{action}",
            data={"csrf_token": csrf_of(page.text), "expected_version": "1", **fields},
        )
        assert refused.status_code in (403, 422), refused.text
        assert wanted in refused.text, action
        assert _grant_state(site, grant_id) == before
    city_browser = _city_finance(site)
    page = city_browser.get(ledger)
    for action in ("payment", "correct", "void"):  # the payer's finance has the forms
        assert f'action="/finance/grants/{grant_id}/{action}"' in page.text
    assert "财务人员登记到账、更正和作废" not in page.text
    paid = city_browser.post(
        f"/finance/grants/{grant_id}/payment",
        data={"csrf_token": csrf_of(page.text), "expected_version": "1", "paid_on": "2026-11-10"},
    )
    assert paid.status_code == 303, paid.text
    assert _grant_state(site, grant_id)[1] == date(2026, 11, 10)


def test_the_city_finance_may_not_record_the_districts_matching_on_the_page(site):
    with site.uow() as u:
        title = f.named_designation(u, site.tree, scheme="shanghai-model-worker")
        u.commit()
        title_id = title.id
    new = f"/finance/designations/{title_id}/grants"
    matching = {"kind": "matching", "approval_ref": "杨工〔2026〕9号",
                "approved_on": "2026-11-05", "amount_yuan": "20,000"}  # fmt: skip
    browser = _city_finance(site)
    page = browser.get(f"/finance/designations/{title_id}")
    refused = browser.post(new, data={"csrf_token": csrf_of(page.text), **matching})
    assert f"须由{site.tree.district.name}财务人员办理" in refused.text
    assert 'value="杨工〔2026〕9号"' in refused.text  # what was typed stays
    with site.uow() as u:
        assert u.funding.grants_of(title_id) == []
    district = site.login("finance")
    page = district.get(f"/finance/designations/{title_id}")
    done = district.post(new, data={"csrf_token": csrf_of(page.text), **matching})
    assert done.status_code == 303, done.text


def test_a_grant_approved_on_the_day_of_the_delisting_is_refused_beside_its_date(site):
    with site.uow() as u:
        title = lf.titled(u, site.tree, scheme="shanghai-craftsman", naming_date=date(2023, 3, 15))
        decision = CityDecision(title.id, date(2026, 10, 20), "市总工会决定", "沪工创〔2026〕1号")
        delist(u, decision, actor=f.acting(site.tree.city), as_of=AS_OF, scope=EVERYTHING)
        u.commit()
        title_id = title.id
    browser = _city_finance(site)
    page = browser.get(f"/finance/designations/{title_id}")
    form = {"kind": "one_off", "approval_ref": "沪工〔2026〕7号", "approved_on": "2026-10-20"}
    refused = browser.post(
        f"/finance/designations/{title_id}/grants",
        data={"csrf_token": csrf_of(page.text), **form},
    )
    assert refused.status_code == 422
    assert "批准日期即命名终止当日：该命名已于2026年10月20日终止" in refused.text
    with site.uow() as u:
        assert u.funding.grants_of(title_id) == []
    day_before = browser.post(
        f"/finance/designations/{title_id}/grants",
        data={"csrf_token": csrf_of(page.text), **form, "approved_on": "2026-10-19"},
    )
    assert day_before.status_code == 303, day_before.text
