"""A file form sent with no file chosen names every bad field at once, on both backends: the
附件3 request's 附件类别 beside 文件 [C 三（六）], a leader event proof's note too long beside
文件 [S9][Y13]; what was typed is kept and nothing is written. Before, 「请选择文件」 alone was
shown, and the other fault only after the file was chosen again."""

from __future__ import annotations

from sqlalchemy import func, select

from lifecycle.changes.model import ChangeMeasure, ChangeRequestAttachment
from lifecycle.files.model import StoredFile
from lifecycle.leaders.model import LeaderEventProof
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of


def _count(site: Site, table: type) -> tuple[int, int]:
    with site.uow() as u:
        rows = u.session.scalar(select(func.count()).select_from(table))
        files = u.session.scalar(select(func.count()).select_from(StoredFile))
        return int(rows or 0), int(files or 0)


def test_a_change_attachment_without_file_or_kind_names_both(site: Site) -> None:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman")
        request = lf.file_request(u, site.tree, d, measure=ChangeMeasure.EXIT_KEEPING_TITLE)
        u.commit()
        request_id = request.id
    unit = site.login("unit")
    action = f"/changes/{request_id}/attachments"
    token = csrf_of(unit.get(f"/changes/{request_id}").text, action)
    before = _count(site, ChangeRequestAttachment)
    refused = unit.post(action, data={"csrf_token": token, "kind": "", "description": "离职证明"})
    assert refused.status_code == 422
    assert 'id="kind-error">请选择附件类别' in refused.text
    assert 'id="f-file-error">请选择文件' in refused.text
    assert 'value="离职证明"' in refused.text
    assert _count(site, ChangeRequestAttachment) == before
    # The district, not at this step, is told so, not asked for a file.
    district = site.login("district")
    token = csrf_of(district.get(f"/changes/{request_id}").text, "/logout")
    other = district.post(action, data={"csrf_token": token, "kind": "other"})
    assert other.status_code == 422
    assert "当前工会无权上传" in other.text
    assert "请选择文件" not in other.text


def test_a_leader_proof_without_file_and_a_note_too_long_names_both(site: Site) -> None:
    with site.uow() as u:
        old = f.person(u, name="周工匠", honours=lf.CRAFTSMAN, union_id=site.tree.unit.id)
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman", leader=old)
        u.commit()
        d_id, shop_id = d.id, d.workshop_id
    unit = site.login("unit")
    action = f"/designations/{d_id}/leader/event"
    recorded = unit.post(
        action,
        data={"csrf_token": csrf_of(unit.get(action).text, action), "kind": "death",
              "occurred_on": "2026-06-01", "source": "单位工会书面报告"},
    )  # fmt: skip
    assert recorded.status_code == 303
    with site.uow() as u:
        (event,) = u.leaders.events_for_workshop(shop_id)
        proofs_url = f"/designations/{d_id}/leader/events/{event.id}/proofs"
    token = csrf_of(unit.get(proofs_url).text, proofs_url)
    before = _count(site, LeaderEventProof)
    note = "医" * 201
    refused = unit.post(proofs_url, data={"csrf_token": token, "description": note})
    assert refused.status_code == 422
    assert "说明不能超过200个字符" in refused.text
    assert 'id="f-file-error">请选择文件' in refused.text
    assert note in refused.text
    assert _count(site, LeaderEventProof) == before
