"""A yearly self-check or evaluation dated before the title was named is refused beside 备案日期
[Y11], on the page (with every other bad field at once, what was typed kept) and in the API;
nothing is filed."""

from __future__ import annotations

import re
from datetime import date

from tests import factories as f
from tests.integration.web.conftest import csrf_of

PDF = b"%PDF-1.4\n% self-check\n"
SAID = "备案日期不能早于命名日期（2026年3月7日）：工作室命名后方可报送年度自查和评估"


def _beside(html: str, field: str) -> str | None:
    found = re.search(rf'id="{field}-error">([^<]*)<', html)
    return found.group(1) if found else None


def test_a_filing_dated_before_the_naming_is_refused_beside_its_date(site):
    with site.uow() as u:
        d = f.named_designation(u, site.tree, naming_date=date(2026, 3, 7))
        u.commit()
    unit = site.login("unit")
    url = f"/designations/{d.id}/filings"
    form = unit.get(f"{url}/new")
    assert form.status_code == 200
    said = "于年底前报区总工会备案（《杨浦区劳模（先进）、技师创新工作室管理办法》第十一条）。"
    assert said in form.text  # the form cites the article it rests on
    data = {"csrf_token": csrf_of(form.text), "kind": "self_check", "year": "2026"}
    data |= {"filed_on": "2026-03-01", "note": "年度自查"}
    files = {"upload": ("自查报告.pdf", PDF, "application/pdf")}
    refused = unit.post(url, data=data, files=files)
    assert refused.status_code == 422
    assert _beside(refused.text, "filed_on") == SAID
    assert 'value="2026-03-01"' in refused.text
    assert "年度自查" in refused.text
    # Without its file as well: both are named at once.
    both = unit.post(url, data=data)
    assert both.status_code == 422
    assert _beside(both.text, "filed_on") == SAID
    assert _beside(both.text, "upload") == "请选择自查报告或评估表文件"
    # On the naming day itself it is filed.
    data["filed_on"] = "2026-03-07"
    assert unit.post(url, data=data, files=files).status_code == 303
    with site.uow() as u:
        assert [x.filed_on for x in u.filings.for_designation(d.id)] == [date(2026, 3, 7)]
