"""The registry import enters a 上海工匠 with its 授予依据 (the 荣誉 sheet's column), as a hand
entry must [G] 三（五）、四: a row without one is a bad cell naming the column, nothing written;
with one, the person's API answer and the export carry it."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from lifecycle.adoption.sheets import HONOURS
from lifecycle.persons.model import PersonHonour
from lifecycle.vocab import Honour, Role
from tests.adoption_helpers import data_row
from tests.integration.api.conftest import Api
from tests.integration.api.test_api_import_lost_title_assessments import _import, _rows

REFERENCE = "沪工〔2020〕18号 2020年度“上海工匠”命名"


def test_an_imported_shanghai_craftsman_carries_its_reference(api: Api) -> None:
    rows = _rows(api, date(2025, 12, 20), [])
    leader = rows[HONOURS.name][0][0]
    rows[HONOURS.name].append([leader, "上海工匠", 2020])
    before = api.writes()
    refused = _import(api, rows)
    assert refused.status_code == 422, refused.text
    cells = refused.json()["error"]["cells"]
    assert [(c["sheet"], c["row"], c["header"]) for c in cells] == [
        (HONOURS.name, data_row(1), "授予依据")
    ]
    assert "请填写“上海工匠”称号的授予依据" in cells[0]["message"]
    assert api.writes() == before  # before: imported with no reference
    rows[HONOURS.name][1] = [leader, "上海工匠", 2020, None, REFERENCE]
    done = _import(api, rows)
    assert done.status_code == 200, done.text
    with api.uow() as u:
        held = u.session.scalars(
            select(PersonHonour).where(PersonHonour.honour == Honour.SHANGHAI_CRAFTSMAN)
        ).all()
        person_id = next(h.person_id for h in held if h.year == 2020)
    city = api.callers[Role.CITY_OFFICER].headers
    person = api.client.get(f"/api/v1/persons/{person_id}", headers=city).json()
    titles = [h for h in person["honours"] if h["honour"] == "shanghai_craftsman"]
    assert [(h["year"], h["reference"]) for h in titles] == [(2020, REFERENCE)]
    exported = api.client.get("/api/v1/adoption/export", headers=city)
    sheet = load_workbook(BytesIO(exported.content))[HONOURS.name]
    header = [c.value for c in sheet[data_row(0) - 1]]
    at = header.index("授予依据")
    found = [
        r for r in sheet.iter_rows(min_row=data_row(0), values_only=True) if r[1] == "上海工匠"
    ]
    assert [r[at] for r in found if r[2] == 2020] == [REFERENCE]
