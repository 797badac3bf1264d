"""The yearly filing form [Y11] on a title that takes none: a city title (its annual 考核 [S9]
instead) or one no longer under oversight says why, offers no form it would refuse, and does
not point to the Yangpu excellence support [Y15]; a Yangpu title keeps its form."""

from __future__ import annotations

from datetime import date

from lifecycle.designations.flows import Flow
from lifecycle.designations.service import Transition, transition
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import DesignationStatus
from tests import factories as f
from tests.factories import AS_OF
from tests.integration.web.conftest import Site, csrf_of

PDF = b"%PDF-1.4\n% self-check\n"
FORM = 'action="/designations/{}/filings"'


def test_a_city_title_has_no_yearly_filing_form_nor_a_link_to_excellence_support(
    site: Site,
) -> None:
    with site.uow() as uow:
        city = f.named_designation(
            uow, site.tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        )
        uow.commit()
    unit = site.login("unit")
    page = unit.get(f"/designations/{city.id}/filings/new")
    assert page.status_code == 200
    assert "上海市劳模创新工作室不实行年度自查备案，不能在此备案。" in page.text
    assert FORM.format(city.id) not in page.text
    assert "优秀成果项目扶持" not in page.text  # [Y15] is Yangpu's alone
    assert "报区总工会备案" not in page.text
    # Posted anyway (a stale page): refused with the reason, nothing filed.
    token = csrf_of(unit.get(f"/designations/{site.designation.id}/filings/new").text)
    data = {"csrf_token": token, "kind": "self_check", "year": "2026", "filed_on": "2026-03-02"}
    files = {"upload": ("自查.pdf", PDF, "application/pdf")}
    refused = unit.post(f"/designations/{city.id}/filings", data=data, files=files)
    assert refused.status_code == 422
    assert "上海市劳模创新工作室不实行年度自查备案" in refused.text
    with site.uow() as uow:
        assert list(uow.filings.for_designation(city.id)) == []
    yangpu = unit.get(f"/designations/{site.designation.id}/filings/new").text
    assert FORM.format(site.designation.id) in yangpu
    assert "提出优秀成果项目扶持申请" in yangpu


def test_a_revoked_yangpu_title_says_it_is_no_longer_under_oversight(site: Site) -> None:
    with site.uow() as uow:
        officer = f.acting(site.tree.district)
        for target, flow, on in (
            (DesignationStatus.RECTIFYING, Flow.RECTIFICATION, date(2026, 4, 1)),
            (DesignationStatus.REVOKED, Flow.REVOCATION, date(2026, 6, 1)),
        ):
            step = Transition(site.designation.id, target, "测试", on, "杨工〔2026〕20号")
            transition(uow, step, flow=flow, actor=officer, as_of=AS_OF, scope=EVERYTHING)
        uow.commit()
    page = site.login("unit").get(f"/designations/{site.designation.id}/filings/new")
    assert page.status_code == 200
    assert "该工作室不在管理序列中，不能在此备案。" in page.text
    assert FORM.format(site.designation.id) not in page.text
