"""A new leader already past the legal retirement age is accepted, but not silently, over the
JSON API on both backends: a Yangpu change says the [Y13] consent is owed at once; a craftsman
附件3 leader change tells those who review and decide it that the leader's retirement will need
another 附件3 [C 三（六）]; a successor of working age gets no warning (RULES.md reading 43b)."""

from __future__ import annotations

from datetime import date

from lifecycle.vocab import Gender, Role, SkillLevel
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api

# A woman worker born 1970-07-07 reached the legal age (50) on 2020-07-07.
PAST_AGE = {"gender": Gender.FEMALE, "birth_date": date(1970, 7, 7)}


def test_a_yangpu_change_to_a_successor_past_the_age_says_the_consent_is_owed(api: Api) -> None:
    with api.uow() as u:
        first = f.person(u, name="冯老师", birth_date=date(1975, 3, 2), union_id=api.tree.unit.id)
        d = f.named_designation(u, api.tree, shop=lf.led_workshop(u, api.tree, first))
        old = f.person(u, name="方师傅", union_id=api.tree.unit.id, **PAST_AGE)  # type: ignore[arg-type]
        young = f.person(u, name="韩师傅", birth_date=date(1985, 1, 1), union_id=api.tree.unit.id)
        u.commit()
        d_id, old_id, young_id = d.id, old.id, young.id
    district = api.callers[Role.DISTRICT_OFFICER].headers

    def change(person_id: int, on: str) -> list[str]:
        done = api.client.post(
            f"/api/v1/designations/{d_id}/leader-change",
            json={"new_leader_person_id": person_id, "effective_on": on, "reason": "调离"},
            headers=district,
        )
        assert done.status_code == 200, done.text
        warnings: list[str] = done.json()["warnings"]
        return warnings

    assert change(young_id, "2026-10-01") == []
    assert change(old_id, "2026-11-01") == [
        "新带头人方师傅接任时（2026年11月1日）已达到法定退休年龄（2020年7月7日）："
        "须登记本人愿意继续领衔及所在单位同意，否则须另行变更带头人"
        "（《杨浦区劳模（先进）、技师创新工作室管理办法》第十三条）"
    ]


def test_a_craftsman_request_for_a_successor_past_the_age_warns_its_deciders(api: Api) -> None:
    with api.uow() as u:
        d = lf.titled(u, api.tree, scheme="shanghai-craftsman")
        old = f.person(
            u, name="方工匠", honours=lf.CRAFTSMAN, union_id=api.tree.unit.id,
            **PAST_AGE,  # type: ignore[arg-type]
        )  # fmt: skip
        u.commit()
        d_id, old_id = d.id, old.id
    body = {
        "reason": "retired",
        "reason_details": "领衔工匠已退休",
        "measure": "leader_change",
        "filed_on": f.AS_OF.isoformat(),
        "new_leader_person_id": old_id,
    }
    filed = api.client.post(
        f"/api/v1/designations/{d_id}/change-requests",
        json=body,
        headers=api.callers[Role.UNIT_CONTACT].headers,
    )
    assert filed.status_code == 201, filed.text  # accepted: the city decides
    (warning,) = filed.json()["warnings"]
    past = "新领衔人方工匠接任时（2026年11月21日）已达到法定退休年龄（2020年7月7日）"
    assert warning.startswith(past)
    assert "其退休时须再报送管理变更申请（附件3）" in warning
    for role in (Role.DISTRICT_OFFICER, Role.CITY_OFFICER):
        seen = api.client.get(
            f"/api/v1/change-requests/{filed.json()['id']}", headers=api.callers[role].headers
        )
        assert seen.json()["warnings"] == [warning]
    # The title's list of requests says it too (before: ``warnings`` [] there).
    (listed,) = api.client.get(
        f"/api/v1/designations/{d_id}/change-requests",
        headers=api.callers[Role.CITY_OFFICER].headers,
    ).json()["items"]
    assert listed["warnings"] == [warning]
    # Withdrawn, the request answers as every other 附件3 answer does: what GET says of it (no
    # decider is left to warn).
    path = f"/api/v1/change-requests/{filed.json()['id']}"
    unit = api.callers[Role.UNIT_CONTACT].headers
    withdrawn = api.client.post(
        f"{path}/withdraw",
        json={"withdrawn_on": f.AS_OF.isoformat(), "signer": "赵主席", "reason": "另行推荐"},
        headers=unit,
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json() == api.client.get(path, headers=unit).json()
    assert withdrawn.json()["warnings"] == []


def test_a_yangpu_new_leader_refused_is_named_in_yangpus_word(api: Api) -> None:
    """[Y3] says 带头人: a refused Yangpu change read 「新领衔人…不符合…领衔人条件」."""
    with api.uow() as u:
        first = f.person(u, name="冯老师", birth_date=date(1975, 3, 2), union_id=api.tree.unit.id)
        d = f.named_designation(u, api.tree, shop=lf.led_workshop(u, api.tree, first))
        plain = f.person(u, name="秦师傅", honours=(), skill_level=SkillLevel.INTERMEDIATE_WORKER,
                         union_id=api.tree.unit.id)  # fmt: skip
        u.commit()
        d_id, plain_id, first_id = d.id, plain.id, first.id
    district = api.callers[Role.DISTRICT_OFFICER].headers
    for person_id, start in (
        (plain_id, "新带头人秦师傅不符合"),
        (first_id, "新带头人与现任带头人相同"),
    ):
        refused = api.client.post(
            f"/api/v1/designations/{d_id}/leader-change",
            json={"new_leader_person_id": person_id, "effective_on": "2026-10-01",
                  "reason": "调离"},
            headers=district,
        )  # fmt: skip
        assert refused.status_code == 422, refused.text
        message = refused.json()["error"]["message"]
        assert message.startswith(start), message
        assert "领衔人" not in message
