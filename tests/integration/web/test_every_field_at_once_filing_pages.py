"""On the 附件3, leader-event and intake pages, on both backends: a form with an unreadable date
and required texts left blank (spaces only) is refused once, each Chinese reason beside its
field, by the use cases' own checks (the API's 422 names the same), what was typed kept and
nothing written."""

from __future__ import annotations

from sqlalchemy import select

from lifecycle.intake.model import IntakeCall
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_change_pages import _counts, _decide


def _beside(html: str, field: str) -> str:
    return html.split(f'id="{field}-error">', 1)[1].split("</div>", 1)[0]


def test_a_change_request_sent_back_blank_and_undated_names_every_field(site: Site) -> None:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman")
        qian = f.person(u, name="钱工匠", honours=lf.CRAFTSMAN, union_id=site.tree.unit.id)
        request = lf.file_request(u, site.tree, d, new_leader=qian)
        u.commit()
        request_id = request.id
    assert _decide(site, "unit", request_id, decided_on="2026-06-05").status_code == 303
    before = _counts(site)
    refused = _decide(site, "district", request_id, action="send_back", decided_on="2026-02-30",
                      signer="  ", opinion="   ")  # fmt: skip
    assert refused.status_code == 422, refused.text
    assert "没有2026-02-30这一天" in _beside(refused.text, "decided_on")
    assert _beside(refused.text, "signer") == "签署人不能为空"
    assert _beside(refused.text, "opinion") == "退回理由不能为空"
    assert 'value="2026-02-30"' in refused.text
    assert _counts(site) == before


def test_a_leader_event_of_other_blank_and_undated_names_every_field(site: Site) -> None:
    d = site.designation.id
    with site.uow() as u:
        events = [e.id for e in u.leaders.events_for_workshop(site.designation.workshop_id)]
    unit = site.login("unit")
    page = unit.get(f"/designations/{d}/leader/event").text
    action = f"/designations/{d}/leader/event"
    refused = unit.post(
        action,
        data={"csrf_token": csrf_of(page, action), "kind": "other",
              "occurred_on": "2026-02-30", "source": "   ", "details": ""},
    )  # fmt: skip
    assert refused.status_code == 422, refused.text
    assert "没有2026-02-30这一天" in _beside(refused.text, "occurred_on")
    assert _beside(refused.text, "source") == "信息来源不能为空"
    assert _beside(refused.text, "details") == "具体情况不能为空"
    assert 'value="2026-02-30"' in refused.text
    with site.uow() as u:
        assert [e.id for e in u.leaders.events_for_workshop(site.designation.workshop_id)] == events


def test_an_intake_call_blank_and_undated_names_every_field(site: Site) -> None:
    district = site.login("district")
    with site.uow() as u:
        calls_before = u.session.scalars(select(IntakeCall.id)).all()
    page = district.get("/intake").text
    action = "/intake/calls"
    refused = district.post(
        action,
        data={"csrf_token": csrf_of(page, action), "scheme": "yangpu-district", "year": "2026",
              "title": "   ", "opens_on": "2026-02-30", "deadline": "2026-12-31",
              "document_ref": "杨工〔2026〕9号"},
    )  # fmt: skip
    assert refused.status_code == 422, refused.text
    assert "没有2026-02-30这一天" in _beside(refused.text, "opens_on")
    assert _beside(refused.text, "title") == "通知标题不能为空"
    assert "杨工〔2026〕9号" in refused.text
    with site.uow() as u:
        assert u.session.scalars(select(IntakeCall.id)).all() == calls_before
