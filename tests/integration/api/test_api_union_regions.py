"""API: a second city or district union carrying a region is refused beside region_code [Y7][S7]."""

from __future__ import annotations

from sqlalchemy import func, select

from lifecycle.adoption.sheets import UNIONS
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from lifecycle.vocab import Role
from tests.adoption_helpers import data_row, workbook
from tests.integration.api.conftest import Api

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TAKEN = "该地区代码已由杨浦区总工会使用，同一层级只能有一个工会使用"


def _unions(api: Api) -> list[tuple[int, str | None]]:
    with api.uow() as u:
        return [(x.id, x.region_code) for x in u.session.scalars(select(Union).order_by(Union.id))]


def _count(api: Api) -> int:
    with api.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(Union)) or 0)


def test_a_second_district_of_yangpus_region_is_422_on_region_code_and_writes_nothing(
    api: Api,
) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    body = {
        "name": "杨浦区总工会（第二）",
        "level": "district",
        "parent_id": api.tree.city.id,
        "region_code": "yangpu",
    }
    before, unions = api.writes(), _unions(api)
    refused = api.client.post("/api/v1/unions", headers=city, json=body)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("region_taken", "region_code")
    assert error["problems"] == [{"field": "region_code", "code": "region_taken", "message": TAKEN}]
    assert api.writes() == before
    assert _unions(api) == unions
    # The same union with a region of its own is added.
    added = api.client.post("/api/v1/unions", headers=city, json={**body, "region_code": "minhang"})
    assert added.status_code == 201, added.text
    assert added.json()["region_code"] == "minhang"


def test_the_registry_import_refuses_a_taken_region_for_a_new_and_an_existing_district(
    api: Api,
) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    with api.uow() as u:
        top = u.unions.get(api.tree.city.id, EVERYTHING)
        pudong = u.unions.get(api.other.district, EVERYTHING)
        assert top is not None
        assert pudong is not None
        rows = [
            [f"{top.name}/杨浦区总工会（第二）", "区局（产业）工会", "杨二", "yangpu"],
            [f"{top.name}/{pudong.name}", "区局（产业）工会", None, "yangpu"],
        ]
    before, count = api.writes(), _count(api)
    files = {"file": ("工会.xlsx", workbook({UNIONS.name: rows}), XLSX)}
    refused = api.client.post("/api/v1/adoption/import", headers=city, files=files)
    assert refused.status_code == 422, refused.text
    cells = refused.json()["error"]["cells"]
    assert [(c["sheet"], c["row"], c["column"], c["header"], c["message"]) for c in cells] == [
        ("工会", data_row(i), "D", "地区代码", TAKEN) for i in (0, 1)
    ]
    assert api.writes() == before
    assert _count(api) == count
    with api.uow() as u:
        kept = u.unions.get(api.other.district, EVERYTHING)
        assert kept is not None
        assert kept.region_code == "pudong"


def test_a_union_below_a_district_takes_its_districts_region_and_no_other(api: Api) -> None:
    """A sector, unit or 社团 is in its district's region: the district officer registering a
    street union under 杨浦 with 浦东's region is refused beside region_code, nothing written.
    Before, it was kept, and a leader of its units failed 杨浦's 「带头人工会关系须在杨浦区」
    [Y3] while 浦东's could pass it."""
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    body = {"name": "新江湾城街道总工会", "level": "sector", "parent_id": api.tree.district.id}
    before = api.writes()
    refused = api.client.post(
        "/api/v1/unions", headers=officer, json={**body, "region_code": "pudong"}
    )
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["problems"] == [
        {
            "field": "region_code",
            "code": "region_inherited",
            "message": "地区代码随上级工会（杨浦区总工会）：只有市总工会和区局（产业）工会另有"
            "地区代码，其下的工会不能另填",
        }
    ]
    assert api.writes() == before
    for region in ("yangpu", None):
        added = api.client.post(
            "/api/v1/unions",
            headers=officer,
            json={**body, "name": f"新江湾城街道总工会{region}", "region_code": region},
        )
        assert added.status_code == 201, added.text
        assert added.json()["region_code"] == "yangpu"


def test_the_registry_import_refuses_another_region_below_a_district(api: Api) -> None:
    """The same in the registry file: a new street union, or an existing one, given 浦东's region
    under 杨浦 is refused beside 地区代码, nothing imported."""
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    inherited = (
        "地区代码随上级工会（杨浦区总工会）：只有市总工会和区局（产业）工会另有地区代码，"
        "其下的工会不能另填"
    )
    with api.uow() as u:
        top = u.unions.get(api.tree.city.id, EVERYTHING)
        sector = u.unions.get(api.tree.sector.id, EVERYTHING)
        assert top is not None
        assert sector is not None
        district = f"{top.name}/杨浦区总工会"
        rows = [
            [f"{district}/新江湾城街道总工会", "行业、街镇、直属工会", None, "pudong"],
            [f"{district}/{sector.name}", "行业、街镇、直属工会", None, "pudong"],
        ]
    before, count = api.writes(), _count(api)
    files = {"file": ("工会.xlsx", workbook({UNIONS.name: rows}), XLSX)}
    refused = api.client.post("/api/v1/adoption/import", headers=officer, files=files)
    assert refused.status_code == 422, refused.text
    cells = refused.json()["error"]["cells"]
    assert [(c["row"], c["column"], c["message"]) for c in cells] == [
        (data_row(i), "D", inherited) for i in (0, 1)
    ]
    assert api.writes() == before
    assert _count(api) == count
