"""Over /api/v1, a 社团 recommends the 工匠创新工作室 applications that go through it, and the
district union is refused at that stage: 「区局（产业）工会、社团审查后…推荐申报」 [C 二（二）]."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lifecycle.accounts.service import issue_token
from lifecycle.files.storage import FileStorage
from lifecycle.unions.service import NewUnion, create_union
from lifecycle.vocab import Role, UnionLevel, UnitNature
from tests import factories as f
from tests.craftsman_batch import craftsman_call, craftsman_team, recommendable
from tests.integration.api.conftest import NOW, Api


def _association(api: Api) -> tuple[int, dict[str, str]]:
    with api.uow() as u:
        union = create_union(
            u, NewUnion("上海市模具行业协会", UnionLevel.ASSOCIATION, api.tree.city.id)
        )
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, union.id)
        token = issue_token(u, principal, "推荐", NOW).plaintext
        u.commit()
        return union.id, {"Authorization": f"Bearer {token}"}


def test_an_association_recommends_over_the_api_and_the_district_is_refused(
    api: Api, tmp_path: Path
) -> None:
    c = api.client
    association_id, assoc = _association(api)
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    call_id = craftsman_call(api.uow, api.tree)
    # The unit names the 社团 it applies through; the district union is no 社团.
    with api.uow() as u:
        shop_id = craftsman_team(u, api.tree, UnitNature.STATE_OWNED).id
        u.commit()
    # The call names the 社团 an application may go through.
    found = c.get(f"/api/v1/intake/calls/{call_id}", headers=unit).json()
    assert found["recommenders"] == [{"id": association_id, "name": "上海市模具行业协会"}]
    url = f"/api/v1/intake/calls/{call_id}/applications"
    body = {"workshop_id": shop_id, "recommender_union_id": api.tree.district.id}
    refused = c.post(url, headers=unit, json=body)
    assert refused.status_code == 422
    fields = [p["field"] for p in refused.json()["error"]["problems"]]
    assert fields == ["recommender_union_id"]
    created = c.post(url, headers=unit, json={**body, "recommender_union_id": association_id})
    assert created.status_code == 201, created.text
    assert created.json()["recommender_union_id"] == association_id
    storage = FileStorage(tmp_path / "files")
    app_id = recommendable(
        api.uow, api.tree, call_id, UnitNature.STATE_OWNED, storage, association_id
    )
    detail = c.get(f"/api/v1/intake/applications/{app_id}", headers=assoc)
    assert detail.status_code == 200, detail.text
    assert detail.json()["waiting_union_id"] == association_id
    # The district union is not this application's recommender.
    batch_url = f"/api/v1/intake/applications/{app_id}/batch"
    wrong = c.post(batch_url, headers=district, json={"rank": 1})
    assert wrong.status_code == 403
    error = wrong.json()["error"]
    assert error["code"] == "not_your_step"
    assert "上海市模具行业协会" in error["message"]
    listed = c.post(batch_url, headers=assoc, json={"rank": 1})
    assert listed.status_code in (200, 201), listed.text
    batches = c.get(f"/api/v1/intake/calls/{call_id}/batches", headers=assoc).json()["items"]
    assert [b["union_id"] for b in batches] == [association_id]
    # One state-owned team: no 30% share asked of a 社团.
    batch_id = batches[0]["id"]
    sent = c.post(
        f"/api/v1/intake/batches/{batch_id}/submit", headers=assoc, json={"signer": "周文"}
    )
    assert sent.status_code == 200, sent.text
    after = c.get(f"/api/v1/intake/applications/{app_id}", headers=unit).json()
    assert after["application"]["stage"] == "expert"


def test_the_association_reviewing_an_application_downloads_its_attachments(
    api: Api, tmp_path: Path
) -> None:
    """审查 [C 二（二）] reads the 附件 [C 三（五）]: over the API too, a listed attachment
    downloads under its own name and type for the 社团 reviewing it; another 社团 and a file of
    another application find nothing."""
    c = api.client
    association_id, assoc = _association(api)
    call_id = craftsman_call(api.uow, api.tree)
    storage = FileStorage(tmp_path / "files")
    app_id = recommendable(
        api.uow, api.tree, call_id, UnitNature.NON_PUBLIC, storage, association_id
    )
    listed = c.get(f"/api/v1/intake/applications/{app_id}/attachments", headers=assoc)
    assert listed.status_code == 200, listed.text
    first = listed.json()[0]
    url = f"/api/v1/intake/applications/{app_id}/attachments/{first['id']}"
    got = c.get(url, headers=assoc)
    assert got.status_code == 200, got.text
    assert got.headers["content-type"].startswith(first["content_type"])
    assert "filename" in got.headers["content-disposition"]
    assert len(got.content) == first["size_bytes"]
    # Another 社团 does not read it; a file id of another application is not this one's.
    with api.uow() as u:
        welding = NewUnion("上海市焊接协会", UnionLevel.ASSOCIATION, api.tree.city.id)
        other = create_union(u, welding)
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, other.id)
        stranger = {"Authorization": f"Bearer {issue_token(u, principal, '推荐', NOW).plaintext}"}
        u.commit()
    assert c.get(url, headers=stranger).status_code == 404
    foreign = f"/api/v1/intake/applications/{app_id}/attachments/{api.own.intake_attachment}"
    missing = c.get(foreign, headers=assoc)
    assert missing.status_code == 404
    assert missing.json()["error"]["field"] == "attachment_id"


def test_a_district_reads_no_other_districts_application_through_a_association_under_it(
    api: Api, tmp_path: Path
) -> None:
    """DOMAIN §1, nobody sees another district's data: a unit of another district applying
    through a 社团 registered under this district is read by that 社团, which reviews it
    [C 二（二）], not by the district above the 社团."""
    c = api.client
    with api.uow() as u:
        welding = NewUnion("杨浦区焊接协会", UnionLevel.ASSOCIATION, api.tree.district.id)
        union = create_union(u, welding)
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, union.id)
        assoc = {"Authorization": f"Bearer {issue_token(u, principal, '推荐', NOW).plaintext}"}
        u.commit()
    call_id = craftsman_call(api.uow, api.tree)
    elsewhere = replace(api.tree, unit=api.tree.other_unit)  # a unit of the other district
    app_id = recommendable(
        api.uow, elsewhere, call_id, UnitNature.NON_PUBLIC, FileStorage(tmp_path / "files"),
        union.id,
    )  # fmt: skip
    url = f"/api/v1/intake/applications/{app_id}"
    assert c.get(url, headers=assoc).status_code == 200
    district = api.callers[Role.DISTRICT_OFFICER].headers
    assert c.get(url, headers=district).status_code == 404
    listed = c.get(f"/api/v1/intake/calls/{call_id}/applications", headers=district).json()
    assert app_id not in [a["id"] for a in listed["items"]]
    assert c.get(f"{url}/history", headers=district).status_code == 404
