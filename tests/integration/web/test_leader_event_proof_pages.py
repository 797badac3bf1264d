"""A leader event's proof on the pages, on both backends: the unit contact who recorded a death
keeps the death certificate from the designation page, a bad file is named beside its field with
the note kept and nothing written, the district reads and downloads it, another district finds
nothing [S9][C 三（六）][Y13]."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lifecycle.files.model import StoredFile
from lifecycle.leaders.model import LeaderEventProof
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of

# An upload of a type not taken, as the field's refusal words it.
WRONG_TYPE = "不接受此类文件（只接受 PDF、PNG、JPG、JPEG、DOCX、XLSX）"

PDF = b"%PDF-1.4\n% death certificate\n"


def _counts(site: Site) -> tuple[int, int]:
    with site.uow() as u:
        rows = u.session.scalar(select(func.count()).select_from(LeaderEventProof))
        files = u.session.scalar(select(func.count()).select_from(StoredFile))
        return int(rows or 0), int(files or 0)


def test_the_unit_keeps_the_death_certificate_and_the_district_downloads_it(site: Site) -> None:
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
    link = re.search(
        rf'href="(/designations/{d_id}/leader/events/\d+/proofs)">证明材料（0）', page.text
    )
    assert link is not None, page.text
    proofs_url = link.group(1)
    form = unit.get(proofs_url)
    assert "尚未上传证明材料" in form.text
    assert "<h1>领衔人情况证明材料</h1>" in form.text  # the craftsman title's word [C 三（六）]
    token = csrf_of(form.text, proofs_url)

    before = _counts(site)
    bad = unit.post(
        proofs_url,
        data={"csrf_token": token, "description": "医院出具"},
        files={"file": ("死亡证明.exe", b"MZ\x90", "application/octet-stream")},
    )
    assert bad.status_code == 422
    assert f'id="f-file-error">{WRONG_TYPE}' in bad.text
    assert 'value="医院出具"' in bad.text
    assert _counts(site) == before

    kept = unit.post(
        proofs_url,
        data={"csrf_token": token, "description": "医院出具"},
        files={"file": ("死亡证明.pdf", PDF, "application/pdf")},
    )
    assert kept.status_code == 303, kept.text
    district = site.login("district")
    shown = district.get(proofs_url)
    assert "死亡证明.pdf" in shown.text
    assert "医院出具" in shown.text
    assert "证明材料（1）" in district.get(f"/designations/{d_id}").text
    got = re.search(rf'href="({re.escape(proofs_url)}/\d+)"', shown.text)
    assert got is not None
    download = district.get(got.group(1))
    assert (download.status_code, download.content) == (200, PDF)

    # Another district finds neither the page nor the file, and keeps nothing there.
    other = site.login("other")
    assert other.get(proofs_url).status_code == 404
    assert other.get(got.group(1)).status_code == 404
    # Finance reads the title but adds no proof: no form.
    finance = site.login("finance").get(proofs_url)
    assert finance.status_code == 200
    assert 'enctype="multipart/form-data"' not in finance.text
