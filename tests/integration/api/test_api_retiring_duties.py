"""「即将退休的领衔人」 says what each row still owes, over the JSON API and in its workbook, on
both backends: a Yangpu leader whose and whose unit's consent to go on leading is on record owes
nothing more [Y13], and each row cites the regulation's own title ([C 三（六）], [S9])."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.persons.model import Person
from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import PDF, Api

CRAFTSMAN = (f.HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),)
MODEL_WORKER = (f.HonourInput(Honour.SHANGHAI_MODEL_WORKER, 2015),)


def test_a_recorded_consent_is_what_the_retiring_list_shows_and_each_row_cites_its_rule(
    api: Api,
) -> None:
    # AS_OF is 2026-11-21; each leader reaches the legal age (60 and 5 months) on 2026-12-01.
    with api.uow() as u:

        def born(name: str, honours: tuple[f.HonourInput, ...] = ()) -> Person:
            return f.person(u, name=name, birth_date=date(1966, 7, 1), honours=honours,
                            union_id=api.tree.unit.id)  # fmt: skip

        yangpu = f.named_designation(u, api.tree, shop=lf.led_workshop(u, api.tree, born("冯老师")))
        lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=born("周工匠", CRAFTSMAN))
        lf.titled(u, api.tree, scheme="shanghai-model-worker", leader=born("吴劳模", MODEL_WORKER))
        u.commit()
        d_id = yangpu.id
    district = api.callers[Role.DISTRICT_OFFICER].headers
    url = f"/api/v1/unions/{api.tree.district.id}/retiring-leaders"

    def steps() -> dict[str, str]:
        got = api.client.get(url, params={"months": 12}, headers=district).json()
        return {r["name"]: r["next_step"] for r in got["items"]}

    before = steps()
    assert before["冯老师"] == (
        "到龄前登记本人愿意继续领衔及所在单位同意，或由区总工会变更带头人"
        "（《杨浦区劳模（先进）、技师创新工作室管理办法》第十三条）"
    )
    assert before["周工匠"].endswith(
        "（《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（六））"
    )
    assert before["吴劳模"] == (
        "退休后报送管理变更申请（附件3），向上海市总工会申请摘牌"
        "（《上海市“劳模创新工作室”管理办法（修订）》第九条）"
    )
    consent = api.client.post(
        f"/api/v1/designations/{d_id}/continuation-consents",
        data={"leader_consented_on": "2026-11-10", "leader_signer": "冯老师",
              "unit_consented_on": "2026-11-12", "unit_signer": "单位工会主席"},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
        headers=district,
    )  # fmt: skip
    assert consent.status_code == 201, consent.text
    after = steps()
    assert after["冯老师"] == (
        "已登记本人愿意继续领衔及所在单位同意（单位于2026年11月12日同意），到龄后可继续领衔"
        "（《杨浦区劳模（先进）、技师创新工作室管理办法》第十三条）"
    )
    assert {k: v for k, v in after.items() if k != "冯老师"} == {
        k: v for k, v in before.items() if k != "冯老师"
    }
    xlsx = api.client.get(f"{url}/xlsx", params={"months": 12}, headers=district)
    ws = load_workbook(BytesIO(xlsx.content)).worksheets[0]
    shown = {row[4]: row[8] for row in ws.iter_rows(min_row=3, values_only=True)}
    assert shown["冯老师"] == after["冯老师"]
    assert ws.cell(row=2, column=5).value == "带头人（领衔人）"  # Yangpu's rows and the city's


def test_each_retiring_row_names_its_leader_in_its_own_titles_scheme(api: Api) -> None:
    """带头人 of a Yangpu title [Y3][Y13], 领衔人 of a city one [S3][C 一（一）]: each row of the
    list carries its own scheme's word, on the API, and the page's column and rows say so."""
    with api.uow() as u:
        leader = f.person(u, name="冯老师", birth_date=date(1966, 7, 1), union_id=api.tree.unit.id)
        f.named_designation(u, api.tree, shop=lf.led_workshop(u, api.tree, leader))
        craftsman = f.person(u, name="周工匠", birth_date=date(1966, 7, 1), honours=CRAFTSMAN,
                             union_id=api.tree.unit.id)  # fmt: skip
        lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=craftsman)
        u.commit()
    url = f"/api/v1/unions/{api.tree.district.id}/retiring-leaders"
    got = api.client.get(url, headers=api.callers[Role.DISTRICT_OFFICER].headers).json()
    assert {(r["name"], r["scheme_code"], r["leader_word"]) for r in got["items"]} == {
        ("冯老师", "yangpu-district", "带头人"),
        ("周工匠", "shanghai-craftsman", "领衔人"),
    }


def test_the_api_names_each_leader_items_kind_in_its_titles_scheme(api: Api) -> None:
    """The occasions and the 待办 of the API word a leader item's kind as its title's scheme does:
    带头人即将退休 on a Yangpu title [Y3], 领衔人即将退休 on a city one [C 一（一）]."""
    with api.uow() as u:
        leader = f.person(u, name="冯老师", birth_date=date(1966, 7, 1), union_id=api.tree.unit.id)
        yangpu = f.named_designation(u, api.tree, shop=lf.led_workshop(u, api.tree, leader))
        craftsman = f.person(u, name="周工匠", birth_date=date(1966, 7, 1), honours=CRAFTSMAN,
                             union_id=api.tree.unit.id)  # fmt: skip
        city = lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=craftsman)
        u.commit()
        ids = {yangpu.id: "带头人即将退休", city.id: "领衔人即将退休"}
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    for designation_id, label in ids.items():
        got = api.client.get(f"/api/v1/designations/{designation_id}/occasions", headers=headers)
        kinds = {o["kind_label"] for o in got.json()["items"] if o["kind"] == "leader_retirement"}
        assert kinds == {label}
    todo = api.client.get(
        "/api/v1/todo", params={"kind": "leader_retirement", "limit": 100}, headers=headers
    ).json()
    assert {(o["designation_id"], o["kind_label"]) for o in todo["items"]} == set(ids.items())
