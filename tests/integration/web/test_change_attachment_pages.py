"""The 附件3 request page's files, on both backends: the unit union attaches the stamped form,
the district and the city see and download it, a bad file is named beside the field with what
was typed kept and nothing written, and another district finds nothing [C 三（六）]."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lifecycle.changes.model import ChangeMeasure, ChangeRequestAttachment
from lifecycle.files.model import StoredFile
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of

# An upload of a type not taken, as the field's refusal words it.
WRONG_TYPE = "不接受此类文件（只接受 PDF、PNG、JPG、JPEG、DOCX、XLSX）"

PDF = b"%PDF-1.4\n% stamped form\n"


def _request(site: Site) -> int:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman")
        request = lf.file_request(u, site.tree, d, measure=ChangeMeasure.EXIT_KEEPING_TITLE)
        u.commit()
        return request.id


def _counts(site: Site) -> tuple[int, int]:
    with site.uow() as u:
        rows = u.session.scalar(select(func.count()).select_from(ChangeRequestAttachment))
        files = u.session.scalar(select(func.count()).select_from(StoredFile))
        return int(rows or 0), int(files or 0)


def _post(browser, request_id: int, name: str, data: bytes, **fields: str):  # type: ignore[no-untyped-def]
    action = f"/changes/{request_id}/attachments"
    page = browser.get(f"/changes/{request_id}")
    form = {"csrf_token": csrf_of(page.text, action), "kind": "signed_form", **fields}
    return browser.post(action, data=form, files={"file": (name, data, "application/pdf")})


def test_the_unit_attaches_the_stamped_form_and_the_district_and_city_download_it(
    site: Site,
) -> None:
    request_id = _request(site)
    unit = site.login("unit")
    page = unit.get(f"/changes/{request_id}")
    assert "附件材料" in page.text
    assert "尚未上传附件" in page.text
    assert f'action="/changes/{request_id}/attachments"' in page.text
    done = _post(unit, request_id, "附件3-三方盖章.pdf", PDF, description="单位、区、市三方盖章")
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/changes/{request_id}#attachments"

    for who in ("district", "city"):
        shown = site.login(who).get(f"/changes/{request_id}")
        assert "附件3-三方盖章.pdf" in shown.text
        assert "签字盖章的管理变更申请表（附件3）扫描件" in shown.text
        assert "单位、区、市三方盖章" in shown.text
        link = re.search(rf'href="(/changes/{request_id}/attachments/\d+)"', shown.text)
        assert link is not None
        got = site.login(who).get(link.group(1))
        assert got.status_code == 200
        assert got.content == PDF
        assert got.headers["content-type"] == "application/pdf"
    # Waiting for the unit union, which filed it: the district sees no upload form.
    district_page = site.login("district").get(f"/changes/{request_id}")
    assert f'action="/changes/{request_id}/attachments"' not in district_page.text


def test_a_bad_file_is_named_beside_the_field_and_nothing_is_kept(site: Site) -> None:
    request_id = _request(site)
    unit = site.login("unit")
    before = _counts(site)
    refused = _post(
        unit, request_id, "死亡证明.exe", b"MZ\x90", kind="death_certificate", description="补交"
    )
    assert refused.status_code == 422
    assert f"{WRONG_TYPE}<" in refused.text  # the field named once: not 「文件不接受此类文件」
    assert "文件不接受" not in refused.text
    assert 'id="f-file-error"' in refused.text
    assert '<option value="death_certificate" selected>' in refused.text  # what was typed stays
    assert 'value="补交"' in refused.text
    mismatch = _post(unit, request_id, "证明.pdf", b"\x89PNG\r\n\x1a\n....")
    assert mismatch.status_code == 422
    assert "文件内容与扩展名不符" in mismatch.text
    no_kind = _post(unit, request_id, "证明.pdf", PDF, kind="")
    assert no_kind.status_code == 422
    assert "请选择附件类别" in no_kind.text
    # A good file sent without its 附件类别 was not kept; the browser shows the field empty
    # again, so the page names the file to choose again (tester unit54). A file refused for
    # itself is said by its own error alone.
    assert 'id="f-file-unsaved">所选文件「证明.pdf」未上传（表单未提交成功），请重新选择。' in (
        no_kind.text
    )
    assert "未上传（表单未提交成功）" not in refused.text
    assert "未上传（表单未提交成功）" not in mismatch.text
    action = f"/changes/{request_id}/attachments"
    token = csrf_of(unit.get(f"/changes/{request_id}").text, action)
    empty = unit.post(action, data={"csrf_token": token, "kind": "other"})
    assert empty.status_code == 422
    assert "请选择文件" in empty.text
    assert _counts(site) == before


def test_another_union_or_district_attaches_nothing_and_finds_nothing(site: Site) -> None:
    request_id = _request(site)
    _post(site.login("unit"), request_id, "附件3.pdf", PDF)
    with site.uow() as u:
        attachment_id = u.session.scalars(select(ChangeRequestAttachment.id)).all()[-1]
    before = _counts(site)
    # The district union neither acts at the unit step nor filed the request.
    district = site.login("district")
    page = district.get(f"/changes/{request_id}")
    action = f"/changes/{request_id}/attachments"
    token = csrf_of(page.text, "/logout")
    refused = district.post(
        action,
        data={"csrf_token": token, "kind": "other"},
        files={"file": ("x.pdf", PDF + b"d", "application/pdf")},
    )
    assert refused.status_code == 422
    assert "当前工会无权上传" in refused.text
    # Finance holds no 附件3 role.
    finance = site.login("finance")
    token = csrf_of(finance.get(f"/changes/{request_id}").text, "/logout")
    denied = finance.post(
        action,
        data={"csrf_token": token, "kind": "other"},
        files={"file": ("x.pdf", PDF + b"f", "application/pdf")},
    )
    assert denied.status_code == 403
    # Another district: the request, its file and an upload are all not found.
    other = site.login("other")
    assert other.get(f"/changes/{request_id}").status_code == 404
    assert other.get(f"/changes/{request_id}/attachments/{attachment_id}").status_code == 404
    token = csrf_of(other.get("/dashboard").text, "/logout")
    crossing = other.post(
        action,
        data={"csrf_token": token, "kind": "other"},
        files={"file": ("x.pdf", PDF + b"o", "application/pdf")},
    )
    assert crossing.status_code == 404
    assert _counts(site) == before
