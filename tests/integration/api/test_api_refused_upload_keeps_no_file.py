"""An upload refused after its checks passed (another field of the request refused) leaves no
file behind in the files store, on both backends: the bytes are written when the record naming
them is committed (``UnitOfWork.commit``), so the store holds no file no record names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lifecycle.vocab import Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api

CONSENT = b"%PDF-1.4\n% signed consent, refused first\n"


def _store(tmp_path: Path) -> set[bytes]:
    """The bytes in the test's files store (``api`` keeps them under ``tmp_path / "files"``)."""
    return {p.read_bytes() for p in (tmp_path / "files").rglob("*") if p.is_file()}


def test_a_consent_refused_on_its_dates_keeps_no_file_and_an_accepted_one_keeps_it(
    api: Api, tmp_path: Path
) -> None:
    with api.uow() as u:
        leader = f.person(u, name="冯老师", birth_date=date(1965, 3, 2), union_id=api.tree.unit.id)
        d = f.named_designation(u, api.tree, shop=lf.led_workshop(u, api.tree, leader))
        u.commit()
        d_id = d.id
    before = _store(tmp_path)
    route = f"/api/v1/designations/{d_id}/continuation-consents"
    typed = {"leader_consented_on": "2099-02-01", "leader_signer": "冯老师",
             "unit_consented_on": "2099-02-03", "unit_signer": "单位工会主席"}  # fmt: skip
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    upload = {"file": ("同意书.pdf", CONSENT, "application/pdf")}
    refused = api.client.post(route, data=typed, files=upload, headers=headers)
    assert refused.status_code == 422, refused.text
    fields = {p["field"] for p in refused.json()["error"]["problems"]}
    assert fields == {"leader_consented_on", "unit_consented_on"}
    assert _store(tmp_path) == before  # the file passed its own checks, yet nothing is kept
    typed |= {"leader_consented_on": "2025-02-01", "unit_consented_on": "2025-02-03"}
    kept = api.client.post(route, data=typed, files=upload, headers=headers)
    assert kept.status_code == 201, kept.text
    assert _store(tmp_path) == before | {CONSENT}
