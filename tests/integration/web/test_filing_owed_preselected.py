"""The yearly filing form [Y11] starts from the oldest filing the 待办 still owes: a unit following
an overdue item (2025年度单位工会评估备案) finds that year and kind chosen, not this year's; the
district reads a filing made after its year's end as late."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.clock import chinese_date
from lifecycle.filings.model import FilingKind
from lifecycle.filings.past import PastFiling, register_past_filing
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.factories import AS_OF
from tests.integration.web.conftest import Site, csrf_of

PDF = b"%PDF-1.4\n% evaluation\n"


def _chosen(page: str) -> tuple[str, str]:
    """The year and kind the form offers."""
    year = re.search(r'id="f-year" name="year"[^>]*value="(\d+)"', page)
    kind = re.search(r'<option value="(\w+)" selected', page.split('id="f-kind"', 1)[1])
    assert year, page
    assert kind, page
    return year.group(1), kind.group(1)


def test_the_filing_form_offers_the_oldest_owed_filing_first(site: Site) -> None:
    with site.uow() as uow:
        d = f.named_designation(uow, site.tree, naming_date=date(2024, 3, 15))
        for year, kind in ((2024, "self_check"), (2024, "unit_evaluation"), (2025, "self_check")):
            filed = PastFiling(d.id, year, FilingKind(kind), date(year, 12, 10), "纸质备案")
            register_past_filing(uow, filed, as_of=AS_OF, scope=EVERYTHING)
        uow.commit()
    unit = site.login("unit")
    owed = [o["title"] for o in unit.get(f"/api/v1/designations/{d.id}/occasions").json()["items"]]
    assert "2025年度单位工会评估备案" in " ".join(owed)
    url = f"/designations/{d.id}/filings/new"
    page = unit.get(url).text
    assert _chosen(page) == ("2025", "unit_evaluation")  # before: 2026 and the self-check
    sent = {"csrf_token": csrf_of(page, f"/designations/{d.id}/filings"),
            "kind": "unit_evaluation", "year": "2025", "filed_on": AS_OF.isoformat()}  # fmt: skip
    files = {"upload": ("评估表.pdf", PDF, "application/pdf")}
    done = unit.post(f"/designations/{d.id}/filings", data=sent, files=files)
    assert done.status_code == 303, done.text
    # Nothing of past years owed: this year's, the self-check first.
    assert _chosen(unit.get(url).text) == (str(AS_OF.year), "self_check")
    # 每年年底前报区总工会备案: the district reads the 2025 evaluation, filed in November 2026,
    # as late; the ones filed in their year are not marked.
    page = site.login("district").get(f"/designations/{d.id}").text
    filings = page.split('id="filings"', 1)[1].split("</section>", 1)[0]
    late = "（逾期备案：应于2025年12月31日前备案）"
    assert f"2025年 单位工会年度评估 · 备案于 {chinese_date(AS_OF)}{late}" in filings
    assert filings.count("逾期备案") == 1
