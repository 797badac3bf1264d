"""Over /api/v1: form fields restating the team's register take its value and are refused at
submission where they differ — 单位性质 of 附件1 (the batch's non-public share counts the register's
[C 二（二）]) and the Leshan form's 创建时间 and 共（人） (its team rules read the register's
[L 二（一）]); an application stored before with a typed value keeps it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from lifecycle.accounts.service import issue_token
from lifecycle.files.storage import FileStorage
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.model import Application
from lifecycle.scope import Scope
from lifecycle.vocab import UNIT_NATURE_LABELS, Role, UnitNature
from tests import factories as f
from tests.craftsman_batch import craftsman_call, craftsman_draft, craftsman_team
from tests.intake_factories import CITY, attach_required, craftsman_form, leshan_form
from tests.integration.api.conftest import NOW, Api

APPS = "/api/v1/intake/applications"
C22 = "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》二（二）"
L21 = "《关于推荐申报2020年乐山市劳模和工匠人才创新工作室的通知》二（一）"


def _field(forms: list[dict[str, Any]], scheme: str, name: str) -> dict[str, Any]:
    pack = next(x for x in forms if x["scheme"] == scheme)
    return next(x for x in pack["fields"] if x["name"] == name)


def test_the_forms_unit_nature_is_the_registers_and_a_differing_one_is_refused(
    api: Api, tmp_path: Path
) -> None:
    c = api.client
    unit = api.callers[Role.UNIT_CONTACT].headers
    forms = c.get("/api/v1/intake/forms", headers=unit).json()
    nature = _field(forms, "shanghai-craftsman", "unit_nature")
    assert nature["kind"] == "choice"
    assert [label for label, _ in nature["choices"]] == list(UNIT_NATURE_LABELS.values())
    assert nature["register"] == "host_unit_nature"
    call_id = craftsman_call(api.uow, api.tree)
    with api.uow() as u:
        shop_id = craftsman_team(u, api.tree, UnitNature.NON_PUBLIC).id
        u.commit()
    created = c.post(
        f"/api/v1/intake/calls/{call_id}/applications",
        headers=unit,
        json={"workshop_id": shop_id, "form": craftsman_form()},
    )
    assert created.status_code == 201, created.text
    app_id = created.json()["id"]
    assert created.json()["form"]["unit_nature"] == "非公企业"  # taken from the register
    with api.uow() as u:
        attach_required(u, FileStorage(tmp_path / "files"), app_id)
        u.commit()
    # Only the register's list: free text is refused even in a draft.
    free = c.put(
        f"{APPS}/{app_id}/form",
        headers=unit,
        json={"form": {**craftsman_form(), "unit_nature": "民营"}},
    )
    assert free.status_code == 422
    error = free.json()["error"]
    assert (error["code"], error["field"], error["message"]) == (
        "invalid_choice",
        "unit_nature",
        "单位性质不在可选范围内",
    )
    # A draft may say 国有企业; its submission is refused beside the field, nothing written.
    saved = c.put(
        f"{APPS}/{app_id}/form",
        headers=unit,
        json={"form": {**craftsman_form(), "unit_nature": "国有企业"}},
    )
    assert saved.status_code == 200, saved.text
    before = api.writes()
    refused = c.post(f"{APPS}/{app_id}/submit", headers=unit, json={})
    assert refused.status_code == 422
    problems = refused.json()["error"]["problems"]
    assert problems == [
        {
            "field": "unit_nature",
            "code": "differs_from_register",
            "message": "单位性质应与工作室登记的单位性质一致：登记为「非公企业」，"
            "本表为「国有企业」；如登记有误，请先在工作室页面「更正登记」，"
            f"再提交申报（{C22}）",
        }
    ]
    assert api.writes() == before
    # Left blank, the register fills it in: the form and the batch's 非公 say the same.
    cleared = c.put(
        f"{APPS}/{app_id}/form",
        headers=unit,
        json={"form": {**craftsman_form(), "unit_nature": ""}},
    )
    assert cleared.json()["application"]["form"]["unit_nature"] == "非公企业"
    sent = c.post(f"{APPS}/{app_id}/submit", headers=unit, json={})
    assert sent.status_code == 200, sent.text
    shown = c.get(f"{APPS}/{app_id}", headers=unit).json()["application"]
    assert (shown["status"], shown["non_public"], shown["form"]["unit_nature"]) == (
        "in_review",
        True,
        "非公企业",
    )


def test_a_draft_stored_with_a_typed_unit_nature_keeps_it_and_is_refused_at_submission(
    api: Api, tmp_path: Path
) -> None:
    """A draft written before 单位性质 was the register's keeps 「国企」 as typed; submitted as
    saved, it is refused naming both (not merely 不在可选范围内), nothing written."""
    c = api.client
    unit = api.callers[Role.UNIT_CONTACT].headers
    call_id = craftsman_call(api.uow, api.tree)
    with api.uow() as u:
        app = craftsman_draft(
            u, api.tree, call_id, UnitNature.STATE_OWNED, FileStorage(tmp_path / "files")
        )
        row = u.session.get(Application, app.id)
        assert row is not None
        row.form = {**row.form, "unit_nature": "国企"}  # as a row of before was written
        u.commit()
        app_id = app.id
    stored = c.get(f"{APPS}/{app_id}", headers=unit).json()["application"]["form"]
    assert stored["unit_nature"] == "国企"
    before = api.writes()
    refused = c.post(f"{APPS}/{app_id}/submit", headers=unit, json={})
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert (error["field"], error["code"]) == ("unit_nature", "differs_from_register")
    assert "登记为「国有企业」，本表为「国企」" in error["message"]
    assert api.writes() == before


def test_leshan_founding_day_and_head_count_are_the_registers(api: Api) -> None:
    """创建时间 and 共（人） take the register's founding day and team when left out; a founding
    day that differs is refused beside 创建时间 at submission."""
    c = api.client
    with api.uow() as u:
        leshan = f.leshan_tree(u)
        principal, _ = f.user(u, Role.UNIT_CONTACT, leshan.unit.id)
        unit = {"Authorization": f"Bearer {issue_token(u, principal, '乐山', NOW).plaintext}"}
        call = open_call(
            u,
            NewCall("leshan-city", 2026, "乐山申报", date(2026, 10, 1), date(2026, 12, 20)),
            naming_union_id=leshan.city.id, actor=CITY, scope=Scope.subtree(leshan.city.path),
            as_of=date(2026, 10, 1),
        )  # fmt: skip
        shop_id = f.workshop(u, leshan, members=5, founded_on=date(2017, 5, 12)).id
        u.commit()
        call_id = call.id
    forms = c.get("/api/v1/intake/forms", headers=unit).json()
    assert _field(forms, "leshan-city", "founded")["register"] == "founded_on"
    assert _field(forms, "leshan-city", "n_total")["register"] == "team_size"
    created = c.post(
        f"/api/v1/intake/calls/{call_id}/applications",
        headers=unit,
        json={"workshop_id": shop_id, "form": {**leshan_form(), "founded": "2010-01-01"}},
    )
    assert created.status_code == 201, created.text
    form = created.json()["form"]
    assert (form["founded"], form["n_total"]) == ("2010-01-01", 6)  # a draft keeps what was sent
    app_id = created.json()["id"]
    before = api.writes()
    refused = c.post(f"{APPS}/{app_id}/submit", headers=unit, json={})
    assert refused.status_code == 422
    problems = {p["field"]: p for p in refused.json()["error"]["problems"]}
    assert problems["founded"]["code"] == "differs_from_register"
    assert problems["founded"]["message"] == (
        "创建时间应与工作室登记的成立日期一致：登记为「2017-05-12」，本表为「2010-01-01」；"
        f"如登记有误，请先在工作室页面「更正登记」，再提交申报（{L21}）"
    )
    assert "n_total" not in problems
    assert api.writes() == before
