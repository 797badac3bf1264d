"""A 整改通知 issued in December with its 30 working days running into a year whose holiday
arrangement is not yet published says its deadline is provisional and promises to confirm it
[Y12]. Once the city's admin imports that year's arrangement, the open notice is counted again
from its 发文日期: the deadline moves where a make-up workday (调休) moves it, 暂定 goes from the
page and the printed notice, the change is in the notice's 修改记录 with its reason, and the
addressed union is told by mail (「届时另行通知」)."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader
from sqlalchemy import select

from lifecycle.notices.deadlines import REASON
from lifecycle.reminders.model import OutboxMessage
from tests import factories as f
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_flow_pages import _failed_yangpu

# 2027: 元旦 on 1 January, and a Saturday worked (16 January) — an arrangement for the test.
YEAR_2027 = "date,kind\n2027-01-01,休\n2027-01-16,班\n".encode()


def _pdf_text(data: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_imported_holiday_arrangement_confirms_an_open_notices_deadline(site: Site) -> None:
    notice_id = _failed_yangpu(site, date(2026, 12, 7))
    with site.uow() as u:
        notice = u.notices.get(notice_id, f.SYSTEM_SCOPE)
        assert notice is not None
        assert (notice.deadline, notice.deadline_provisional) == (date(2027, 1, 19), True)
        number = notice.number
    district = site.login("district")
    before = _text(district.get(f"/notices/{notice_id}").text)
    assert "整改期限 2027年1月19日 （节假日安排未公布，暂定）" in before
    # The printed notice and its PDF say it too, before the import (helper polish67).
    assert "上述整改期限为暂定" in _text(district.get(f"/notices/{notice_id}/print").text)
    assert "上述整改期限为暂定" in _pdf_text(district.get(f"/notices/{notice_id}.pdf").content)

    admin = site.login("admin")
    page = admin.get("/admin/calendar")
    done = admin.post(
        "/admin/calendar",
        data={"csrf_token": csrf_of(page.text, "/admin/calendar")},
        files={"file": ("2027.csv", YEAR_2027, "text/csv")},
    )
    assert done.status_code == 200, done.text

    with site.uow() as u:
        notice = u.notices.get(notice_id, f.SYSTEM_SCOPE)
        assert notice is not None
        # Dec 8 … 31: 18 working days; 4–15 January: 10; Saturday 16 and Monday 18 January.
        assert (notice.deadline, notice.deadline_provisional) == (date(2027, 1, 18), False)
    after = _text(district.get(f"/notices/{notice_id}").text)
    assert "整改期限 2027年1月18日" in after
    assert "暂定" not in after
    printed = _text(district.get(f"/notices/{notice_id}/print").text)
    assert "于2027年1月18日前（30个工作日内）完成整改" in printed
    assert "暂定" not in printed
    pdf = district.get(f"/notices/{notice_id}.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    in_pdf = _pdf_text(pdf.content)
    assert "于2027年1月18日前" in in_pdf
    assert "暂定" not in in_pdf
    history = _text(district.get(f"/history/notice/{notice_id}").text)
    assert REASON in history
    assert "2027年1月19日" in history
    assert "2027年1月18日" in history
    # 「届时另行通知」: the addressed union's contacts are told, once, through the outbox.
    with site.uow() as u:
        mails = u.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.dedup_key.startswith(f"notice-deadline:{notice_id}:")
            )
        ).all()
        assert mails
        titles = {item["title"] for m in mails for item in m.payload["items"]}
        assert titles == {f"{number}的整改期限确认为2027年1月18日（原暂定2027年1月19日）"}
        # The line is the addressed union's: whose admin reads it in the outbox.
        addressee = u.notices.get(notice_id, f.SYSTEM_SCOPE).addressee_union_id
        assert {item["union_id"] for m in mails for item in m.payload["items"]} == {addressee}


def test_a_closed_notice_keeps_the_deadline_it_was_issued_with(site: Site) -> None:
    notice_id = _failed_yangpu(site, date(2026, 12, 7))
    with site.uow() as u:
        notice = u.notices.get(notice_id, f.SYSTEM_SCOPE)
        assert notice is not None
        notice.status = notice.status.RECTIFIED  # closed by its re-inspection meanwhile
        notice.closed_on = date(2026, 12, 8)
        u.commit()
    admin = site.login("admin")
    page = admin.get("/admin/calendar")
    admin.post(
        "/admin/calendar",
        data={"csrf_token": csrf_of(page.text, "/admin/calendar")},
        files={"file": ("2027.csv", YEAR_2027, "text/csv")},
    )
    with site.uow() as u:
        notice = u.notices.get(notice_id, f.SYSTEM_SCOPE)
        assert notice is not None
        assert (notice.deadline, notice.deadline_provisional) == (date(2027, 1, 19), True)
