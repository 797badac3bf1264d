"""Registry exports show ID numbers masked, each person named by their 人员编号, and still
round-trip: a masked number beside its 人员编号 is "this person, number unchanged" [DOMAIN §1]."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from lifecycle.adoption.sample import sample_id_card
from lifecycle.adoption.sheets import HONOURS, MEMBERS, PERSONS, WORKSHOPS
from lifecycle.persons.id_card import mask_id_card
from lifecycle.persons.model import Person
from lifecycle.unions.model import Union
from lifecycle.vocab import Role
from lifecycle.workshops.model import Workshop
from tests.adoption_helpers import data_row, snapshot, workbook
from tests.integration.api.conftest import Api
from tests.integration.api.test_api_adoption import _rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = PERSONS.index("professional_title")


def _full_rows(api: Api) -> dict[str, list[list[object]]]:
    """Two titles of the district officer's subtree, with leaders, members and honours."""
    rows = _rows(api)
    members = [[*r] for r in rows[PERSONS.name]]
    for i, leader in enumerate(list(members)):
        born = leader[3]
        member = sample_id_card(501 + 2 * i, born)  # a man
        rows[PERSONS.name].append([member, f"成员{i}", "男", born, "男职工", leader[5], "是"])
        shop = rows[WORKSHOPS.name][i]
        rows[MEMBERS.name].append([shop[0], shop[1], member, shop[4], None, "骨干", "车工", 5])
        rows[HONOURS.name].append([leader[0], "市级先进个人", 2018])
    return rows


def _import(api: Api, content: bytes, *, dry_run: bool = False):  # type: ignore[no-untyped-def]
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    files = {"file": ("名册.xlsx", content, XLSX)}
    query = "?dry_run=true" if dry_run else ""
    return api.client.post(f"/api/v1/adoption/import{query}", headers=officer, files=files)


def _imported(api: Api) -> int:
    """Import the file; the id of its unit union (the export is asked for that subtree)."""
    done = _import(api, workbook(_full_rows(api)))
    assert done.status_code == 200, done.text
    with api.uow() as u:
        return u.session.scalars(select(Union.id).where(Union.name == "接口公司工会")).one()


def _export(api: Api, unit_id: int) -> bytes:
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    exported = api.client.get(f"/api/v1/adoption/export?under={unit_id}", headers=officer)
    assert exported.status_code == 200, exported.text
    return exported.content


def _numbers(api: Api) -> dict[int, str]:
    with api.uow() as u:
        found = u.session.execute(
            select(Person.id, Person.id_card_number).where(Person.id_card_number.is_not(None))
        ).all()
        return {i: str(n) for i, n in found}


def _cells(content: bytes) -> Iterator[str]:
    wb = load_workbook(BytesIO(content))
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            yield from (str(v) for v in row if v is not None)


def _assert_no_full_number(content: bytes, numbers: dict[int, str]) -> None:
    cells = list(_cells(content))
    for number in numbers.values():
        assert not any(number in cell or number.lower() in cell for cell in cells), mask_id_card(
            number
        )


def test_the_exports_show_no_full_id_number_in_any_cell(api: Api) -> None:
    unit_id = _imported(api)
    numbers = _numbers(api)
    assert len(numbers) >= 4  # the two leaders and two members, at least
    exported = _export(api, unit_id)
    _assert_no_full_number(exported, numbers)
    persons = load_workbook(BytesIO(exported))[PERSONS.name]
    shown = {
        r[0]: r[PERSONS.index("person_no")] for r in persons.iter_rows(min_row=3, values_only=True)
    }
    assert len(shown) == 4
    assert all(mask_id_card(numbers[no]) == card for card, no in shown.items())
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    listed = api.client.get("/api/v1/designations?limit=500", headers=officer).json()["items"]
    imported = [d["id"] for d in listed if str(d["number"]).startswith("样本-")]
    bulk = api.client.post(
        "/api/v1/bulk/export", headers=officer, json={"designation_ids": imported}
    )
    assert bulk.status_code == 200, bulk.text
    _assert_no_full_number(bulk.content, numbers)
    whole = api.client.get("/api/v1/adoption/export", headers=officer)
    assert whole.status_code == 200
    _assert_no_full_number(whole.content, numbers)


def _set(content: bytes, sheet: str, row: int, index: int, value: object) -> bytes:
    wb = load_workbook(BytesIO(content))
    wb[sheet].cell(row=row, column=index + 1).value = value
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_edited_export_reimports_changing_only_the_edited_cell(api: Api) -> None:
    unit_id = _imported(api)
    numbers = _numbers(api)
    with api.uow() as u:
        before = snapshot(u)
    exported = _export(api, unit_id)
    edited = _set(exported, PERSONS.name, data_row(0), TITLE, "正高级工程师")
    done = _import(api, edited)
    assert done.status_code == 200, done.text
    sheets = {s["sheet"]: s for s in done.json()["sheets"]}
    assert all(s["created"] == 0 for s in sheets.values())
    assert {name: s["changed"] for name, s in sheets.items() if s["changed"]} == {"人员": 1}
    assert sheets["成员"]["unchanged"] == 2
    assert sheets["荣誉"]["unchanged"] == 2
    assert sheets["工作室"]["unchanged"] == 2
    assert _numbers(api) == numbers  # no ID number changed
    with api.uow() as u:
        after = snapshot(u)
    assert {k: v for k, v in after.items() if k != "人员"} == {
        k: v for k, v in before.items() if k != "人员"
    }
    changed = set(after["人员"]) - set(before["人员"])
    gone = set(before["人员"]) - set(after["人员"])
    assert len(changed) == len(gone) == 1
    [new], [old] = changed, gone
    assert new[TITLE] == "正高级工程师"
    assert new[:TITLE] + new[TITLE + 1 :] == old[:TITLE] + old[TITLE + 1 :]
    again = _import(api, _export(api, unit_id), dry_run=True)
    assert all(s["created"] == s["changed"] == 0 for s in again.json()["sheets"])


def test_a_full_number_beside_a_person_number_corrects_it(api: Api) -> None:
    unit_id = _imported(api)
    exported = _export(api, unit_id)
    persons = load_workbook(BytesIO(exported))[PERSONS.name]
    first = next(persons.iter_rows(min_row=3, max_row=3, values_only=True))
    person_no, born = first[PERSONS.index("person_no")], first[PERSONS.index("birth_date")]
    corrected = sample_id_card(901, born.date())  # the leader, a man
    done = _import(api, _set(exported, PERSONS.name, data_row(0), 0, corrected))
    assert done.status_code == 200, done.text
    sheets = {s["sheet"]: s for s in done.json()["sheets"]}
    assert sheets["人员"]["changed"] == 1
    assert sheets["人员"]["created"] == 0
    assert _numbers(api)[int(person_no)] == corrected


def test_a_masked_number_not_the_persons_or_without_its_number_is_refused(api: Api) -> None:
    unit_id = _imported(api)
    exported = _export(api, unit_id)
    before = api.writes()
    with api.uow() as u:
        kept = snapshot(u)
    number = PERSONS.index("person_no")
    wrong = _set(exported, PERSONS.name, data_row(0), 0, "3101**********0000")
    without = _set(exported, MEMBERS.name, data_row(0), MEMBERS.index("person_no"), None)
    for content, sheet, header, message in (
        (wrong, "人员", "身份证号", "与人员编号对应人员的身份证号不一致"),
        (without, "成员", "身份证号", "身份证号已脱敏"),
    ):
        refused = _import(api, content)
        assert refused.status_code == 422, refused.text
        cells = refused.json()["error"]["cells"]
        assert [(c["sheet"], c["header"]) for c in cells] == [(sheet, header)]
        assert message in cells[0]["message"]
    stranger = _set(exported, PERSONS.name, data_row(0), number, 2_000_000_000)
    refused = _import(api, stranger)
    assert refused.status_code == 422
    [cell] = refused.json()["error"]["cells"]
    assert (cell["sheet"], cell["header"]) == ("人员", "人员编号")
    assert "不存在或不在管辖范围内" in cell["message"]
    assert api.writes() == before
    with api.uow() as u:
        assert snapshot(u) == kept


def test_a_person_without_an_id_number_reimports_by_person_number(api: Api) -> None:
    unit_id = _imported(api)
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    person = {
        "name": "无证号师傅",
        "gender": "male",
        "birth_date": "1981-02-03",
        "union_id": unit_id,
        "honours": [{"honour": "district_craftsman", "year": 2021}],
    }
    registered = api.client.post("/api/v1/persons", headers=officer, json=person)
    assert registered.status_code == 201, registered.text
    person_id = registered.json()["id"]
    with api.uow() as u:
        shop = u.session.scalars(select(Workshop.id).where(Workshop.unit_union_id == unit_id))
        workshop_id = shop.first()
    joined = {"person_id": person_id, "joined_on": "2024-01-01", "role": "骨干"}
    members = f"/api/v1/workshops/{workshop_id}/members"
    added = api.client.post(members, headers=officer, json=joined)
    assert added.status_code == 201, added.text
    exported = _export(api, unit_id)
    rows = list(load_workbook(BytesIO(exported))[PERSONS.name].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r[PERSONS.index("person_no")] == person_id)
    assert rows[at][0] is None  # no number to show: the 人员编号 names them
    before = api.writes()
    again = _import(api, exported, dry_run=True)
    assert again.status_code == 200, again.text
    sheets = {s["sheet"]: s for s in again.json()["sheets"]}
    assert all(s["created"] == s["changed"] == 0 for s in sheets.values())
    assert (sheets["人员"]["unchanged"], sheets["荣誉"]["unchanged"]) == (5, 3)
    assert sheets["成员"]["unchanged"] == 3
    assert api.writes() == before
    edited = _set(exported, PERSONS.name, at + 1, TITLE, "技师")
    done = _import(api, edited)
    assert done.status_code == 200, done.text
    changed = {s["sheet"]: s["changed"] for s in done.json()["sheets"] if s["changed"]}
    assert changed == {"人员": 1}
    with api.uow() as u:
        found = u.session.get(Person, person_id)
        assert found is not None
        assert (found.professional_title, found.id_card_number) == ("技师", None)
    # Neither a number nor a 人员编号: the row names no one.
    nameless = _set(edited, PERSONS.name, at + 1, PERSONS.index("person_no"), None)
    refused = _import(api, nameless)
    assert refused.status_code == 422
    cells = refused.json()["error"]["cells"]
    assert {(c["sheet"], c["header"], c["message"]) for c in cells} >= {
        (
            "人员",
            "身份证号",
            "请填写身份证号，或填写人员编号（未登记身份证号或导出时已脱敏的人员以人员编号识别）",
        )
    }


def test_a_person_number_naming_someone_else_is_refused_not_merged(api: Api) -> None:
    """A 人员编号 of another database may name someone else here: a row without an ID number must
    name a person registered without one, under the same name; else the cell is refused and
    nothing is written (reading 47)."""
    unit_id = _imported(api)
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    person = {"name": "无证号师傅", "gender": "male", "birth_date": "1981-02-03"}
    registered = api.client.post(
        "/api/v1/persons", headers=officer, json=person | {"union_id": unit_id}
    )
    assert registered.status_code == 201, registered.text
    person_id = registered.json()["id"]
    exported = _export(api, unit_id)
    rows = list(load_workbook(BytesIO(exported))[PERSONS.name].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r[PERSONS.index("person_no")] == person_id)
    # A person with an ID number, in the officer's scope, not in the file.
    card = sample_id_card(951, date(1981, 2, 3))  # a man
    holder = person | {"name": "有证号师傅", "id_card_number": card, "union_id": unit_id}
    elsewhere = api.client.post("/api/v1/persons", headers=officer, json=holder)
    assert elsewhere.status_code == 201, elsewhere.json()
    numbered = elsewhere.json()["id"]
    before = api.writes()
    renamed = _set(exported, PERSONS.name, at + 1, PERSONS.index("name"), "另一个人")
    refused = _import(api, renamed)
    assert refused.status_code == 422, refused.text
    cells = {(c["sheet"], c["header"]): c["message"] for c in refused.json()["error"]["cells"]}
    assert "姓名不一致" in cells[("人员", "姓名")]
    # The 人员编号 of a person who has an ID number, beside a blank one: not the same person.
    other = _set(exported, PERSONS.name, at + 1, PERSONS.index("person_no"), numbered)
    refused = _import(api, other)
    assert refused.status_code == 422, refused.text
    cells = {(c["sheet"], c["header"]): c["message"] for c in refused.json()["error"]["cells"]}
    assert "已登记身份证号" in cells[("人员", "身份证号")]
    assert api.writes() == before
