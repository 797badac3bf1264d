"""A sector/street union's officer reads the titles under it but does not inspect or confirm 撤牌
(the district union does [Y12]): the pages offer it none of those forms, and say why."""

from __future__ import annotations

from datetime import date

from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    record_outcome,
    schedule_inspection,
)
from lifecycle.schemes import get_scheme
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.web.conftest import csrf_of, log_in

DISTRICT_ONLY = "实地检查、整改通知及整改复查应由"
Y12 = "（《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条）"


def _sector_officer(site):  # type: ignore[no-untyped-def]
    with site.uow() as u:
        principal, password = f.user(u, Role.DISTRICT_OFFICER, site.tree.sector.id)
        u.commit()
    return log_in(site.client(), principal.username, password)


def _scheduled(site, on: date) -> int:  # type: ignore[no-untyped-def]
    with site.uow() as u:
        inspection = schedule_inspection(
            u,
            ScheduleInspection(site.designation.id, InspectionKind.CYCLE_END, on, "现场", "王"),
            actor=f.acting(site.tree.district),
            as_of=on,
            scope=f.SYSTEM_SCOPE,
        )
        u.commit()
        return inspection.id


def _failed(site, inspection_id: int, on: date) -> int:  # type: ignore[no-untyped-def]
    with site.uow() as u:
        criteria = get_scheme(site.designation.scheme_code).settings.inspection_criteria
        outcomes = tuple(CriterionInput(c, c != "team", "成员不足") for c, _ in criteria)
        record_outcome(
            u,
            RecordOutcome(inspection_id, on, outcomes),
            actor=f.acting(site.tree.district),
            as_of=on,
            scope=f.SYSTEM_SCOPE,
        )
        notice = u.notices.open_for_designation(site.designation.id)
        assert notice is not None
        u.commit()
        return notice.id


def test_a_sector_officer_is_offered_no_inspection_form_and_is_told_who_inspects(site):
    d = site.designation
    sector, district = _sector_officer(site), site.login("district")
    new = f"/designations/{d.id}/inspections/new"
    assert f'href="{new}"' in district.get(f"/designations/{d.id}").text
    page = sector.get(f"/designations/{d.id}")
    assert page.status_code == 200
    assert f'href="{new}"' not in page.text
    form = sector.get(new)
    assert form.status_code == 200
    assert DISTRICT_ONLY in form.text
    assert "第十二条" in form.text
    assert f'action="/designations/{d.id}/inspections"' not in form.text

    inspection_id = _scheduled(site, date(2026, 4, 1))
    shown = sector.get(f"/inspections/{inspection_id}")
    assert shown.status_code == 200
    for act in ("outcome", "reschedule", "withdrawal"):
        assert f'action="/inspections/{inspection_id}/{act}"' not in shown.text
        assert f'action="/inspections/{inspection_id}/{act}"' in (
            district.get(f"/inspections/{inspection_id}").text
        )
    # A forged post is refused by the use case all the same, and nothing is written.
    token = csrf_of(sector.get("/dashboard").text)
    forged = sector.post(
        f"/inspections/{inspection_id}/withdrawal",
        data={"csrf_token": token, "withdraw_reason": "误"},
    )
    assert forged.status_code in (403, 422)
    with site.uow() as u:
        assert u.inspections.get(inspection_id, f.SYSTEM_SCOPE) is not None


def test_a_sector_officer_is_offered_no_revocation_and_is_told_who_decides(site):
    notice_id = _failed(site, _scheduled(site, date(2026, 4, 1)), date(2026, 4, 1))
    url = f"/notices/{notice_id}/revocation"
    d = site.designation
    district, sector = site.login("district"), _sector_officer(site)
    assert url in district.get(f"/designations/{d.id}").text  # the deadline has passed
    assert f'action="{url}"' in district.get(url).text
    page = sector.get(f"/designations/{d.id}")
    assert f'href="/notices/{notice_id}"' in page.text
    assert url not in page.text
    form = sector.get(url)
    assert form.status_code == 200
    assert "应由" in form.text
    assert f'action="{url}"' not in form.text


def test_before_the_deadline_a_sector_officer_is_told_who_decides_not_from_when(site):
    """Before the 整改期限 has passed, the street union's officer opening 逾期撤牌确认 reads who
    confirms 撤牌 (the district union), as the use case refuses it first — not 「…起方可确认撤牌」,
    which told it a day from which it seemingly could; the district still reads that day [Y12]."""
    notice_id = _failed(site, _scheduled(site, date(2026, 11, 20)), date(2026, 11, 20))
    url = f"/notices/{notice_id}/revocation"
    district, sector = site.login("district"), _sector_officer(site)
    form = sector.get(url)
    assert form.status_code == 200
    assert f"逾期未整改的撤牌应由{site.tree.district.name}办理{Y12}" in form.text
    assert "方可确认撤牌" not in form.text
    assert f'action="{url}"' not in form.text
    told = district.get(url)
    assert "方可确认撤牌" in told.text
    assert f'action="{url}"' not in told.text


def test_the_city_officer_refused_a_revocation_reads_the_article(site):
    """The city officer is refused 撤牌 by the role check; the refusal cites [Y12] as the use
    case's refusal of the street union does (before: no article), on the form and its post."""
    notice_id = _failed(site, _scheduled(site, date(2026, 4, 1)), date(2026, 4, 1))
    url = f"/notices/{notice_id}/revocation"
    city = site.login("city")
    said = f"市总工会干部无权办理此事项，须由区局（产业）工会干部办理{Y12}"
    form = city.get(url)
    assert form.status_code == 403
    assert said in form.text
    token = csrf_of(city.get("/dashboard").text)
    posted = city.post(url, data={"csrf_token": token, "decided_on": "2026-11-20"})
    assert posted.status_code == 403
    assert said in posted.text


def test_a_sector_officer_files_no_yearly_self_check_for_the_unit(site):
    """「自查和评估情况应于每年年底前报区总工会备案」 [Y11]: the unit's union files, the district
    union receives (and may enter one filed on paper); a street union's officer does neither."""
    d = site.designation
    url = f"/designations/{d.id}/filings/new"
    sector, unit = _sector_officer(site), site.login("unit")
    assert f'href="{url}"' in unit.get(f"/designations/{d.id}").text
    assert f'href="{url}"' in site.login("district").get(f"/designations/{d.id}").text
    assert f'href="{url}"' not in sector.get(f"/designations/{d.id}").text
    form = sector.get(url)
    assert form.status_code == 200
    assert "年度自查与评估备案应由" in form.text
    assert "第十一条" in form.text
    assert f'action="/designations/{d.id}/filings"' not in form.text
    token = csrf_of(sector.get("/dashboard").text)
    forged = sector.post(
        f"/designations/{d.id}/filings",
        data={"csrf_token": token, "kind": "self_check", "year": "2026", "filed_on": "2026-11-20"},
        files={"upload": ("自查.pdf", b"%PDF-1.4 self check", "application/pdf")},
    )
    assert forged.status_code in (403, 422)
    assert "年度自查与评估备案应由" in forged.text
    with site.uow() as u:
        assert list(u.filings.for_designation(d.id)) == []
