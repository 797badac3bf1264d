"""An administrator's own account: the name and e-mail are theirs to correct, the role and the
union are not (another administrator's). Before, the only admin of a city moved themselves into
a district over the API or the page, could never come back, and left the city without one."""

from __future__ import annotations

import re

from lifecycle.scope import EVERYTHING
from tests.integration.web.conftest import Site, csrf_of


def _admin(site: Site) -> tuple[int, int, int]:
    """The admin's user id, union and version."""
    with site.uow() as uow:
        (found,) = [
            u for u in uow.accounts.users(EVERYTHING) if u.username == site.usernames["admin"]
        ]
        return found.id, found.union_id, found.version


def test_an_admin_cannot_move_themselves_into_another_union(site: Site) -> None:
    browser = site.login("admin")
    admin_id, city_id, version = _admin(site)
    page = browser.get(f"/admin/users/{admin_id}")
    assert page.status_code == 200
    assert 'name="union_id"' in page.text
    assert "<select" not in page.text.split('id="edit"')[1].split("</form>")[0]  # nothing to pick
    assert "这是您本人的账号：角色和所属工会须由其他系统管理员更改" in page.text
    assert re.search(r'id="own-account">角色：系统管理员；所属工会：上海市总工会', page.text)
    token = csrf_of(page.text, f"/admin/users/{admin_id}")
    # The name is still theirs to correct on the page.
    saved = browser.post(
        f"/admin/users/{admin_id}",
        data={
            "csrf_token": token,
            "display_name": "系统管理员（市总）",
            "email": "",
            "role": "admin",
            "union_id": str(city_id),
            "expected_version": str(version),
        },
    )
    assert saved.status_code == 303, saved.text
    # A union posted anyway (a tampered form) is refused and said on the page, nothing written.
    moved = browser.post(
        f"/admin/users/{admin_id}",
        data={
            "csrf_token": token,
            "display_name": "系统管理员（市总）",
            "email": "",
            "role": "admin",
            "union_id": str(site.tree.district.id),
            "expected_version": str(version + 1),
        },
    )
    assert moved.status_code == 422
    assert "您不能更改自己的所属工会，请由其他管理员操作" in moved.text
    over_api = browser.patch(
        f"/api/v1/users/{admin_id}",
        json={"union_id": site.tree.district.id},
        headers={"X-CSRF-Token": token},
    )
    assert over_api.status_code == 422, over_api.text
    error = over_api.json()["error"]
    assert [(p["field"], p["code"]) for p in error["problems"]] == [("union_id", "own_union")]
    assert error["message"] == "您不能更改自己的所属工会，请由其他管理员操作"
    own_role = browser.patch(
        f"/api/v1/users/{admin_id}", json={"role": "city_officer"}, headers={"X-CSRF-Token": token}
    )
    assert own_role.json()["error"]["message"] == "您不能更改自己的角色，请由其他管理员操作"
    assert _admin(site)[1] == city_id
