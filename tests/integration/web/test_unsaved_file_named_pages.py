"""A good file chosen on a form refused for another field is not kept, and the browser shows the
field empty again: the leader-proof form, the 整改情况报告 form [Y12] and the 年度备案 form [Y11]
name it as the consent form and the 附件3 upload do (「所选文件「…」未上传（表单未提交成功），
请重新选择。」), on both backends; a file refused for itself is said by its own error instead."""

from __future__ import annotations

import re
from datetime import date

from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_flow_pages import _failed_yangpu
from tests.integration.web.test_notice_report_pages import _reports, _sector_officer

PDF = b"%PDF-1.4\n% chosen\n"


def _unsaved(name: str, field_id: str) -> str:
    return f'id="{field_id}">所选文件「{name}」未上传（表单未提交成功），请重新选择。</div>'


def test_the_proof_form_names_the_file_it_dropped(site: Site) -> None:
    with site.uow() as u:
        old = f.person(u, name="周工匠", honours=lf.CRAFTSMAN, union_id=site.tree.unit.id)
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman", leader=old)
        u.commit()
        d_id = d.id
    unit = site.login("unit")
    action = f"/designations/{d_id}/leader/event"
    recorded = unit.post(
        action,
        data={"csrf_token": csrf_of(unit.get(action).text, action), "kind": "death",
              "occurred_on": "2026-06-01", "source": "单位工会书面报告"},
    )  # fmt: skip
    assert recorded.status_code == 303
    page = unit.get(f"/designations/{d_id}")
    link = re.search(rf'href="(/designations/{d_id}/leader/events/\d+/proofs)"', page.text)
    assert link is not None
    proofs = link.group(1)
    token = csrf_of(unit.get(proofs).text, proofs)
    refused = unit.post(
        proofs,
        data={"csrf_token": token, "description": "说" * 2001},
        files={"file": ("死亡证明.pdf", PDF, "application/pdf")},
    )
    assert refused.status_code == 422, refused.text
    assert 'id="description-error"' in refused.text
    assert _unsaved("死亡证明.pdf", "file-unsaved") in refused.text
    bad = unit.post(
        proofs,
        data={"csrf_token": token, "description": "医院出具"},
        files={"file": ("死亡证明.exe", b"MZ\x90", "application/octet-stream")},
    )
    assert bad.status_code == 422
    assert "未上传（表单未提交成功）" not in bad.text  # its own error says why


def test_the_notice_report_form_names_the_file_it_dropped(site: Site) -> None:
    notice_id = _failed_yangpu(site, date(2026, 11, 20))
    url = f"/notices/{notice_id}"
    sector = _sector_officer(site)
    page = sector.get(url)
    refused = sector.post(
        f"{url}/reports",
        data={"csrf_token": csrf_of(page.text), "reported_on": "2026-11-19"},
        files={"file": ("整改情况报告.pdf", PDF, "application/pdf")},
    )
    assert refused.status_code == 422, refused.text
    assert 'id="reported_on-error"' in refused.text
    assert _unsaved("整改情况报告.pdf", "file-unsaved") in refused.text
    assert _reports(site, notice_id) == 0


def test_the_filing_form_names_the_file_it_dropped(site: Site) -> None:
    with site.uow() as u:
        d = f.named_designation(u, site.tree, naming_date=date(2024, 3, 2))
        u.commit()
        d_id = d.id
    unit = site.login("unit")
    action = f"/designations/{d_id}/filings"
    form = unit.get(f"{action}/new")
    assert form.status_code == 200
    sent = {"csrf_token": csrf_of(form.text, action), "kind": "self_check",
            "filed_on": "2026-11-20", "note": ""}  # fmt: skip
    files = {"upload": ("自查报告.pdf", PDF, "application/pdf")}
    # Refused before the use case (a year outside the title's) and by it (a year filed twice).
    early = unit.post(action, data=sent | {"year": "2099"}, files=files)
    assert early.status_code == 422, early.text
    assert 'id="year-error"' in early.text
    assert _unsaved("自查报告.pdf", "upload-unsaved") in early.text
    assert unit.post(action, data=sent | {"year": "2026"}, files=files).status_code == 303
    again = unit.post(action, data=sent | {"year": "2026"}, files=files)
    assert again.status_code == 422, again.text
    assert _unsaved("自查报告.pdf", "upload-unsaved") in again.text
    bare = unit.post(action, data=sent | {"year": "2099"})
    assert "未上传（表单未提交成功）" not in bare.text  # no file chosen: none named
