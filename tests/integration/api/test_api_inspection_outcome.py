"""Over the API: a failed cycle-end inspection answers with the 整改通知 it issued [Y12]."""

from __future__ import annotations

from datetime import date
from typing import Any

from httpx import Response

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import CRITERIA, Api


def _failed(api: Api, held_on: str, failing: str, notes: str) -> tuple[int, int, Response]:
    """A title named in 2020 inspected at its cycle's end on ``held_on``, ``failing`` failed:
    (designation id, inspection id, the outcome's answer)."""
    with api.uow() as u:
        designation_id = f.named_designation(u, api.tree, naming_date=date(2020, 10, 16)).id
        u.commit()
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    scheduled = api.client.post(
        f"/api/v1/designations/{designation_id}/inspections",
        json={
            "kind": "cycle_end",
            "scheduled_on": held_on,
            "place": "现场",
            "inspectors": "王干事",
        },
        headers=officer,
    )
    assert scheduled.status_code == 201, scheduled.text
    inspection_id = scheduled.json()["id"]
    outcomes = [{"criterion_code": c, "passed": c != failing, "notes": notes} for c in CRITERIA]
    recorded = api.client.post(
        f"/api/v1/inspections/{inspection_id}/outcome",
        json={"recorded_on": held_on, "outcomes": outcomes, "expected_version": 1},
        headers=officer,
    )
    assert recorded.status_code == 200, recorded.text
    return designation_id, inspection_id, recorded


def _notices(api: Api, designation_id: int) -> list[dict[str, Any]]:
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    found = api.client.get(
        "/api/v1/notices", params={"designation_id": designation_id}, headers=officer
    )
    items: list[dict[str, Any]] = found.json()["items"]
    return items


def test_the_failed_outcome_names_the_notice_it_issued(api: Api) -> None:
    designation_id, inspection_id, recorded = _failed(api, "2026-11-21", "achievements", "无成果")
    body = recorded.json()
    assert body["result"] == "fail"
    notices = _notices(api, designation_id)
    assert [n["inspection_id"] for n in notices] == [inspection_id]
    assert body["issued_notice_id"] == notices[0]["id"]
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    again = api.client.get(f"/api/v1/inspections/{inspection_id}", headers=officer).json()
    assert again["issued_notice_id"] == notices[0]["id"]


def test_a_failed_result_entered_late_dates_the_notice_the_day_it_is_issued(api: Api) -> None:
    """Reading 24: an inspection held on 1 October whose result is entered on 21 November gets
    a notice dated 21 November, so the addressee has the whole 30 working days [Y12 限期整改]."""
    designation_id, _, recorded = _failed(api, "2026-10-01", "team", "成员不足")
    assert recorded.json()["recorded_on"] == "2026-10-01"
    notices = _notices(api, designation_id)
    assert [(n["issued_on"], n["status"]) for n in notices] == [(f.AS_OF.isoformat(), "open")]
    # 30 working days from Saturday 2026-11-21: 29 weekdays to 31 December, 元旦 on Friday
    # 1 January, then Monday 4 January; 2027's arrangement is not published, so provisional.
    assert (notices[0]["deadline"], notices[0]["deadline_provisional"]) == ("2027-01-04", True)


def test_recording_a_result_again_is_409_already_recorded_and_writes_nothing(api: Api) -> None:
    """A second result for the same inspection is the record's state, not the input: 409
    ``already_recorded``, as 撤销 and 改期 answer it, naming who recorded it, when and how —
    also to an officer sending the version read before the first was recorded (before: the
    bare 「该检查记录已在您打开后被修改，请刷新后重试」); no second notice, nothing written."""
    designation_id, inspection_id, recorded = _failed(api, "2026-11-21", "team", "成员不足")
    who = recorded.json()["recorded_by"]
    before = api.writes()
    outcomes = [{"criterion_code": c, "passed": True, "notes": "复核"} for c in CRITERIA]
    for version in (recorded.json()["version"], recorded.json()["version"] - 1, None):
        again = api.client.post(
            f"/api/v1/inspections/{inspection_id}/outcome",
            json={"recorded_on": "2026-11-21", "outcomes": outcomes, "expected_version": version},
            headers=api.callers[Role.DISTRICT_OFFICER].headers,
        )
        assert again.status_code == 409, again.text
        error = again.json()["error"]
        assert (error["code"], error["field"]) == ("already_recorded", "inspection_id")
        assert error["message"] == (
            f"该次检查结果已由{who}于2026年11月21日登记（不合格），不能重复登记；"
            "您填写的结果未保存，请刷新后查看"
        )
    assert api.writes() == before
    assert len(_notices(api, designation_id)) == 1


def test_an_evidence_file_downloads_under_its_own_name_and_type(api: Api) -> None:
    """As the page serves it: 现场照片.png as image/png, not a nameless octet stream."""
    _, inspection_id, _ = _failed(api, "2026-11-21", "venue", "无固定场所")
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    attached = api.client.post(
        f"/api/v1/inspections/{inspection_id}/evidence",
        data={"criterion_code": "venue"},
        files={"file": ("现场照片.png", png, "image/png")},
        headers=officer,
    )
    assert attached.status_code == 201, attached.text
    got = api.client.get(
        f"/api/v1/inspections/{inspection_id}/evidence/{attached.json()['file_id']}",
        headers=officer,
    )
    assert got.status_code == 200
    assert got.content == png
    assert got.headers["content-type"] == "image/png"
    assert got.headers["content-disposition"] == (
        "attachment; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png"
    )
