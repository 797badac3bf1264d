"""改期 on the inspection page: the district moves a scheduled inspection, the page and its
修改记录 show the new date; a refusal is shown beside its fields, keeps what was typed and writes
nothing; another district, a unit and a recorded inspection are refused [Y12]."""

from __future__ import annotations

import re

from lifecycle.clock import chinese_date
from lifecycle.scope import EVERYTHING
from tests.integration.web.conftest import csrf_of

ACTION = "/inspections/{}/reschedule"


def _schedule(site, browser) -> int:
    d = site.designation
    form = browser.get(f"/designations/{d.id}/inspections/new")
    sent = browser.post(
        f"/designations/{d.id}/inspections",
        data={
            "csrf_token": csrf_of(form.text),
            "kind": "cycle_end",
            "scheduled_on": "2026-11-20",
            "place": "二号车间",
            "inspectors": "王干事",
            "cycle_no": "1",  # overdue since 2026-03-15 [Y12]
        },
    )
    assert sent.status_code == 303, sent.text
    return int(sent.headers["location"].rsplit("/", 1)[1])


def _form(browser, inspection_id: int, **typed: str) -> dict[str, str]:
    page = browser.get(f"/inspections/{inspection_id}")
    assert page.status_code == 200
    action = ACTION.format(inspection_id)
    version = re.search(
        rf'action="{action}".*?name="expected_version" value="(\d+)"', page.text, re.S
    )
    assert version is not None, "the 改期 form is not offered"
    return {
        "csrf_token": csrf_of(page.text, action),
        "expected_version": version.group(1),
        "move_on": "2026-11-20",
        "move_place": "二号车间",
        "move_inspectors": "王干事",
        "move_reason": "领衔人出差",
        **typed,
    }


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _assert_as_scheduled(site, inspection_id: int) -> None:
    """The inspection is still as ``_schedule`` wrote it: nothing of a refused move stored."""
    with site.uow() as uow:
        kept = uow.inspections.get(inspection_id, EVERYTHING)
        assert kept is not None
        assert (kept.scheduled_on.isoformat(), kept.place, kept.version) == (
            "2026-11-20",
            "二号车间",
            1,
        )


def test_the_district_moves_an_inspection_and_its_history_shows_the_new_date(site):
    district = site.login("district")
    inspection_id = _schedule(site, district)
    data = _form(district, inspection_id, move_on="2026-12-10", move_reason="领衔人出差")
    sent = district.post(ACTION.format(inspection_id), data=data)
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == f"/inspections/{inspection_id}"
    page = district.get(f"/inspections/{inspection_id}")
    assert 'name="move_on" type="date" value="2026-12-10"' in page.text
    with site.uow() as uow:
        moved = uow.inspections.get(inspection_id, EVERYTHING)
        assert moved is not None
        assert (moved.scheduled_on.isoformat(), moved.cycle_no) == ("2026-12-10", 1)
    history = _text(district.get(f"/history/inspection/{inspection_id}").text)
    assert "检查改期：领衔人出差" in history
    assert "2026年12月10日" in history
    assert "2026年11月20日" in history  # the date it had before


def test_a_refused_move_is_shown_beside_its_fields_keeps_the_typing_and_writes_nothing(site):
    district = site.login("district")
    inspection_id = _schedule(site, district)
    data = _form(district, inspection_id, move_on="2020-01-01", move_inspectors="")
    data["move_place"] = "我改的地点"
    refused = district.post(ACTION.format(inspection_id), data=data)
    assert refused.status_code == 422
    assert re.search(r'id="move_inspectors-error">[^<]*检查人员', refused.text)
    assert 'value="我改的地点"' in refused.text
    assert 'value="2020-01-01"' in refused.text
    data = _form(district, inspection_id, move_on="2020-01-01", move_place="我改的地点")
    refused = district.post(ACTION.format(inspection_id), data=data)
    assert refused.status_code == 422
    assert re.search(r'id="move_on-error">[^<]*不能早于命名日期', refused.text)
    assert 'value="我改的地点"' in refused.text
    _assert_as_scheduled(site, inspection_id)


def test_a_move_without_a_reason_is_refused_beside_it_keeps_the_typing_and_writes_nothing(site):
    """The reason is the move's record in the inspection's 修改记录: required, as a withdrawal's
    is; before, 「检查改期」 was logged with no reason (outside tester) [Y12]."""
    district = site.login("district")
    inspection_id = _schedule(site, district)
    for blank in ("", "   "):
        data = _form(district, inspection_id, move_on="2026-12-10", move_reason=blank)
        data["move_place"] = "我改的地点"
        refused = district.post(ACTION.format(inspection_id), data=data)
        assert refused.status_code == 422
        assert re.search(r'id="move_reason-error">[^<]*改期原因不能为空', refused.text)
        assert 'value="我改的地点"' in refused.text
        assert 'value="2026-12-10"' in refused.text
    _assert_as_scheduled(site, inspection_id)
    assert "检查改期" not in _text(district.get(f"/history/inspection/{inspection_id}").text)


def test_another_district_a_unit_and_a_recorded_inspection_cannot_move_it(site):
    district = site.login("district")
    inspection_id = _schedule(site, district)
    data = _form(district, inspection_id, move_on="2026-12-10")
    for who, status in (("other", 404), ("unit", 403)):
        browser = site.login(who)
        token = csrf_of(browser.get("/dashboard").text)
        sent = browser.post(ACTION.format(inspection_id), data={**data, "csrf_token": token})
        assert sent.status_code == status, who
    page = district.get(f"/inspections/{inspection_id}")
    record = {
        "csrf_token": csrf_of(page.text, f"/inspections/{inspection_id}/outcome"),
        "recorded_on": "2026-11-21",
        "expected_version": data["expected_version"],
    }
    record |= {
        f"result__{c}": "pass" for c in re.findall(r'name="result__(\w+)" value="pass"', page.text)
    }
    assert district.post(f"/inspections/{inspection_id}/outcome", data=record).status_code == 303
    recorded = district.get(f"/inspections/{inspection_id}")
    assert f'action="{ACTION.format(inspection_id)}"' not in recorded.text
    # A form sent at the recorded inspection's version: refused for the result itself.
    data["expected_version"] = str(int(data["expected_version"]) + 1)
    refused = district.post(ACTION.format(inspection_id), data=data)
    assert refused.status_code == 409
    with site.uow() as uow:
        held = uow.inspections.get(inspection_id, EVERYTHING)
        assert held is not None
        assert held.recorded_on is not None
        # The refusal names who recorded the result and when (P51c).
        said = f"该次检查结果已由{held.recorded_by}于{chinese_date(held.recorded_on)}登记（合格）"
    assert f"{said}，不能改期" in refused.text
    with site.uow() as uow:
        kept = uow.inspections.get(inspection_id, EVERYTHING)
        assert kept is not None
        assert kept.scheduled_on.isoformat() == "2026-11-20"


def test_an_inspection_scheduled_ahead_offers_its_result_form_only_from_its_day(site):
    """The use case records a result only once the inspection is held [Y12]: scheduled for
    2026-11-25 (the clock reads 2026-11-21), the page says so instead of offering the form; a
    forged post is refused beside 检查日期; moved to today, the form is there."""
    district = site.login("district")
    inspection_id = _schedule(site, district)
    data = _form(district, inspection_id, move_on="2026-11-25")
    assert district.post(ACTION.format(inspection_id), data=data).status_code == 303
    page = district.get(f"/inspections/{inspection_id}")
    outcome = f"/inspections/{inspection_id}/outcome"
    assert f'action="{outcome}"' not in page.text
    assert "检查尚未进行（安排在2026年11月25日），不能登记结果" in page.text
    assert f'action="{ACTION.format(inspection_id)}"' in page.text  # 改期 stays offered
    forged = {"csrf_token": csrf_of(page.text), "recorded_on": "2026-11-21"}
    forged |= {f"result__{c}": "pass" for c in ("leader", "team", "projects", "achievements")}
    forged["result__venue"] = "pass"
    refused = district.post(outcome, data=forged)
    assert refused.status_code == 422
    assert re.search(r'id="recorded_on-error">[^<]*检查尚未进行', refused.text)
    with site.uow() as uow:
        kept = uow.inspections.get(inspection_id, EVERYTHING)
        assert kept is not None
        assert kept.result is None
    data = _form(district, inspection_id, move_on="2026-11-21")
    assert district.post(ACTION.format(inspection_id), data=data).status_code == 303
    assert f'action="{outcome}"' in district.get(f"/inspections/{inspection_id}").text


def test_a_result_dated_before_the_arranged_day_that_has_passed_says_to_move_it_first(site):
    """Scheduled for 2026-11-20 (the clock reads 2026-11-21), the inspection's day has come: a
    result dated 2026-11-19 is refused beside 检查日期 as earlier than the arranged day, with the
    way out (改期 first), not 「检查尚未进行」 (it may well have been held); the typing is kept
    and nothing is written [Y12]."""
    district = site.login("district")
    inspection_id = _schedule(site, district)
    page = district.get(f"/inspections/{inspection_id}")
    outcome = f"/inspections/{inspection_id}/outcome"
    assert f'action="{outcome}"' in page.text
    typed = {"csrf_token": csrf_of(page.text, outcome), "recorded_on": "2026-11-19"}
    typed |= {f"result__{c}": "pass" for c in ("leader", "team", "projects", "achievements")}
    typed["result__venue"] = "fail"
    typed["notes__venue"] = "场地被占用"
    refused = district.post(outcome, data=typed)
    assert refused.status_code == 422
    beside = re.search(r'id="recorded_on-error">([^<]*)<', refused.text)
    assert beside is not None
    assert "检查日期不能早于安排的检查日期（2026年11月20日）" in beside.group(1)
    assert "请先将检查改期到实际检查日期" in beside.group(1)
    assert "检查尚未进行" not in refused.text
    assert 'value="2026-11-19"' in refused.text
    assert "场地被占用" in refused.text
    with site.uow() as uow:
        kept = uow.inspections.get(inspection_id, EVERYTHING)
        assert kept is not None
        assert (kept.result, kept.version) == (None, 1)
