"""The Yangpu continuation consent's dates on the page, on both backends [Y13]: the leader's and
the unit's consent to go on leading are given by the present leader about this workshop, so
neither is dated before that leader took the lead of it (a consent typed as 1990 was kept)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from lifecycle.leaders.model import ContinuationConsent
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of

PDF = b"%PDF-1.4 consent"


def test_a_consent_dated_before_the_leader_took_the_lead_is_refused_beside_its_dates(
    site: Site,
) -> None:
    with site.uow() as u:  # the workshop was founded under 冯老师 on 2019-01-01
        born = date(1966, 1, 15)
        leader = f.person(u, name="冯老师", birth_date=born, union_id=site.tree.unit.id)
        d = f.named_designation(u, site.tree, shop=lf.led_workshop(u, site.tree, leader))
        u.commit()
        d_id = d.id
    browser = site.login("unit")
    action = f"/designations/{d_id}/leader/consent"
    form = browser.get(action)
    typed = {"leader_consented_on": "1990-01-01", "leader_signer": "冯老师",
             "unit_consented_on": "2018-12-31", "unit_signer": "单位工会主席"}  # fmt: skip
    refused = browser.post(
        action,
        data={"csrf_token": csrf_of(form.text, action), **typed},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
    )
    assert refused.status_code == 422
    for field, label in (("leader_consented_on", "本人"), ("unit_consented_on", "单位")):
        assert (
            f'id="{field}-error">{label}同意日期不能早于冯老师开始担任带头人的日期（2019年1月1日）'
            "（《杨浦区劳模（先进）、技师创新工作室管理办法》第十三条）"
        ) in refused.text
    assert 'value="1990-01-01"' in refused.text
    assert 'value="2018-12-31"' in refused.text
    count = select(func.count()).select_from(ContinuationConsent)
    with site.uow() as u:
        assert u.session.scalar(count) == 0
    done = browser.post(
        action,
        data={"csrf_token": csrf_of(form.text, action), **typed,
              "leader_consented_on": "2026-05-01", "unit_consented_on": "2026-05-06"},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
    )  # fmt: skip
    assert done.status_code == 303, done.text
    with site.uow() as u:
        assert u.session.scalar(count) == 1
