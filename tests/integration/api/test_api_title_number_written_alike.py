"""A title's number is one number whatever its width or spacing [Y7][S7]: 沪劳创2024-007 and
沪劳创　２０２４－００７ are the 沪劳创 2024-007 another title holds, refused beside 命名编号 with
nothing written; a new one typed in full width is kept as the series writes it (both backends).

Before: each was taken as a new number, so two titles held the same 沪劳创 2024-007 on the
registry and its export."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api


def _existing(api: Api, workshop_id: int, number: str):
    return api.client.post(
        "/api/v1/designations/existing",
        json={
            "workshop_id": workshop_id,
            "scheme": "shanghai-model-worker",
            "title": "张师傅劳模创新工作室",
            "number": number,
            "naming_date": "2024-03-01",
            "decision_ref": "沪工总〔2024〕3号",
        },
        headers=api.callers[Role.CITY_OFFICER].headers,
    )


def test_a_number_typed_without_its_space_or_in_full_width_is_the_number_already_held(
    api: Api,
) -> None:
    with api.uow() as u:
        first, second, third = (f.workshop(u, api.tree).id for _ in range(3))
        u.commit()
    held = _existing(api, first, "沪劳创 2019-901")
    assert held.status_code == 201, held.text
    before = api.writes()
    for typed in ("沪劳创2019-901", "沪劳创　２０１９－９０１", " 沪劳创  2019-901 "):
        again = _existing(api, second, typed)
        assert again.status_code == 422, (typed, again.text)
        (problem,) = again.json()["error"]["problems"]
        assert problem["field"] == "number"
        assert problem["code"] == "duplicate"
        assert problem["message"] == "命名编号 沪劳创 2019-901 已被使用"
        assert api.writes() == before
    new = _existing(api, third, "沪劳创２０１９－９０２")
    assert new.status_code == 201, new.text
    assert new.json()["number"] == "沪劳创 2019-902"
    listed = api.client.get(
        "/api/v1/designations",
        params={"q": "沪劳创 2019-90"},
        headers=api.callers[Role.CITY_OFFICER].headers,
    )
    assert listed.status_code == 200, listed.text
    assert sorted(d["number"] for d in listed.json()["items"]) == [
        "沪劳创 2019-901",
        "沪劳创 2019-902",
    ]
