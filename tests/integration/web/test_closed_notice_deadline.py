"""A closed 整改通知 no longer says its deadline is provisional: 「节假日安排未公布，暂定」 stands
beside an open notice's unconfirmed deadline only (it is confirmed when the year's arrangement is
imported, `notices/deadlines.py`); once 已整改 or 已撤牌 the deadline no longer runs and is never
counted again, so the notice page, the list and its export, the title's page, the inspection's
page and the API say it without 暂定, all from `notices/rules.py::deadline_note` [Y12]."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    record_outcome,
    schedule_inspection,
)
from lifecycle.notices.model import NoticeStatus
from lifecycle.schemes import get_scheme
from tests import factories as f
from tests.integration.web.conftest import Site
from tests.integration.web.test_flow_pages import _failed_yangpu

NOTE = "节假日安排未公布，暂定"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _surfaces(site: Site, notice_id: int, inspection_id: int) -> dict[str, object]:
    """What each surface says beside the deadline: the pages' text, the export's note cell, the
    API's flag."""
    district = site.login("district")
    sheet = load_workbook(BytesIO(district.get("/notices.xlsx").content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    token = (
        site.client()
        .post(
            "/api/v1/auth/tokens",
            json={"username": site.usernames["district"], "password": site.passwords["district"]},
        )
        .json()["token"]
    )
    api = site.client()
    bearer = {"Authorization": f"Bearer {token}"}
    listed = api.get("/api/v1/notices", headers=bearer).json()["items"]
    return {
        "notice": _text(district.get(f"/notices/{notice_id}").text),
        "list": _text(district.get("/notices").text),
        "designation": _text(district.get(f"/designations/{site.designation.id}").text),
        "inspection": _text(district.get(f"/inspections/{inspection_id}").text),
        "export": rows[2][6],
        "api": api.get(f"/api/v1/notices/{notice_id}", headers=bearer).json()[
            "deadline_provisional"
        ],
        "api_list": [n["deadline_provisional"] for n in listed if n["id"] == notice_id],
    }


def test_a_rectified_notice_no_longer_says_its_deadline_is_provisional(site: Site) -> None:
    notice_id = _failed_yangpu(site, date(2026, 12, 7))  # 30 working days into 2027: provisional
    with site.uow() as u:
        notice = u.notices.get(notice_id, f.SYSTEM_SCOPE)
        assert notice is not None
        assert (notice.deadline, notice.deadline_provisional) == (date(2027, 1, 19), True)
        inspection_id = notice.inspection_id
    open_ = _surfaces(site, notice_id, inspection_id)
    assert f"整改期限 2027年1月19日 （{NOTE}）" in str(open_["notice"])
    assert NOTE in str(open_["list"])
    assert f"整改期限 2027年1月19日（{NOTE}）" in str(open_["designation"])
    # The title's dates list the notice's deadline as its duty, provisional as the notice says.
    assert "（节假日安排未公布，日期暂定）" in str(open_["designation"])
    assert f"整改期限为2027年1月19日（{NOTE}）" in str(open_["inspection"])
    assert open_["export"] == NOTE
    assert open_["api"] is True
    assert open_["api_list"] == [True]

    # Rectified: its re-inspection passes, the notice closes with the title restored.
    with site.uow() as u:
        officer = f.acting(site.tree.district)
        on = date(2026, 12, 10)
        again = schedule_inspection(
            u,
            ScheduleInspection(site.designation.id, InspectionKind.RE_INSPECTION, on, "现场", "王"),
            actor=officer,
            as_of=on,
            scope=f.SYSTEM_SCOPE,
        )
        criteria = get_scheme(site.designation.scheme_code).settings.inspection_criteria
        record_outcome(
            u,
            RecordOutcome(again.id, on, tuple(CriterionInput(c, True, "") for c, _ in criteria)),
            actor=officer,
            as_of=on,
            scope=f.SYSTEM_SCOPE,
        )
        closed = u.notices.get(notice_id, f.SYSTEM_SCOPE)
        assert closed is not None
        assert closed.status == NoticeStatus.RECTIFIED
        assert closed.deadline_provisional  # the stored fact stays; only its words change
        u.commit()

    after = _surfaces(site, notice_id, inspection_id)
    assert "整改期限 2027年1月19日" in str(after["notice"])
    assert "已整改" in str(after["notice"])
    assert "2027年1月19日" in str(after["list"])
    assert "整改期限 2027年1月19日" in str(after["designation"])
    assert "日期暂定" not in str(after["designation"])  # its duty done, without 暂定
    assert "整改期限为2027年1月19日。" in str(after["inspection"])
    for surface in ("notice", "list", "designation", "inspection"):
        assert "暂定" not in str(after[surface]), surface
    assert after["export"] is None
    assert after["api"] is False
    assert after["api_list"] == [False]
