"""An API write sent again with its ``Idempotency-Key`` writes once and gets the first answer;
the key with another request is refused naming the header; keys are each user's own; a refused
request keeps no key; the keys are kept and pruned with the page forms' one-time keys."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from lifecycle.accounts.service import issue_token
from lifecycle.clock import now_utc
from lifecycle.submissions.model import FormSubmission
from lifecycle.submissions.service import prune_submissions
from lifecycle.unions.model import UnionContact
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api

HEADER = "Idempotency-Key"


def _path(api: Api) -> str:
    return f"/api/v1/unions/{api.own.unit}/contacts"


def _post(api: Api, key: str | bytes | None, role: Role = Role.ADMIN, **body: Any) -> Any:
    sent = {"name": "钱干事", "email": "qian@unit.example.cn", "role": "officer", **body}
    headers: dict[str, str | bytes] = dict(api.callers[role].headers)
    if key is not None:
        headers[HEADER] = key
    return api.client.post(_path(api), headers=headers, json=sent)


def _contacts(api: Api, email: str) -> int:
    with api.uow() as u:
        stmt = select(func.count()).select_from(UnionContact).where(UnionContact.email == email)
        return int(u.session.scalar(stmt) or 0)


def test_the_same_request_with_its_key_writes_once_and_gets_the_first_answer(api: Api) -> None:
    first = _post(api, "add-qian-0001")
    assert first.status_code == 201, first.text
    assert "Idempotent-Replayed" not in first.headers
    written = api.writes()
    again = _post(api, "add-qian-0001")
    assert (again.status_code, again.json()) == (201, first.json())
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["content-type"].startswith("application/json")
    assert api.writes() == written
    assert _contacts(api, "qian@unit.example.cn") == 1
    # Without a key the API works as before: the same request is tried again (and refused:
    # the union has a contact with that address now).
    assert _post(api, None).json()["error"]["code"] == "duplicate"


def test_the_key_with_another_request_is_refused_naming_the_header(api: Api) -> None:
    assert _post(api, "add-once").status_code == 201
    written = api.writes()
    other = _post(api, "add-once", email="sun@unit.example.cn")
    assert other.status_code == 422, other.text
    error = other.json()["error"]
    assert (error["code"], error["field"]) == ("idempotency_key_reused", HEADER)
    assert "Idempotency-Key" in error["message"]
    assert api.writes() == written
    assert _contacts(api, "sun@unit.example.cn") == 0
    # Another route with the same key is another request too.
    path = f"/api/v1/unions/{api.own.district}/contacts"
    headers = {**api.callers[Role.ADMIN].headers, HEADER: "add-once"}
    sent = {"name": "钱干事", "email": "qian@unit.example.cn", "role": "officer"}
    elsewhere = api.client.post(path, headers=headers, json=sent)
    assert elsewhere.status_code == 422
    assert elsewhere.json()["error"]["code"] == "idempotency_key_reused"


def test_a_malformed_key_is_refused_naming_the_header(api: Api) -> None:
    written = api.writes()
    for bad in ("x" * 65, "带中文".encode(), "has space", "a/b"):
        refused = _post(api, bad)
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert (error["code"], error["field"]) == ("idempotency_key_invalid", HEADER)
    assert api.writes() == written


def test_keys_are_each_users_own(api: Api) -> None:
    mine = _post(api, "shared-key-1")
    assert mine.status_code == 201, mine.text
    with api.uow() as u:  # a second administrator of the same union
        principal, _ = f.user(u, Role.ADMIN, api.callers[Role.ADMIN].principal.union_id)
        token = issue_token(u, principal, "测试", now_utc()).plaintext
        u.commit()
    # Sent as another request: a key shared between users would be refused as reused.
    theirs = api.client.post(
        f"/api/v1/unions/{api.own.district}/contacts",
        headers={"Authorization": f"Bearer {token}", HEADER: "shared-key-1"},
        json={"name": "钱干事", "email": "qian@unit.example.cn", "role": "officer"},
    )
    assert theirs.status_code == 201, theirs.text
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.json()["id"] != mine.json()["id"]
    assert _contacts(api, "qian@unit.example.cn") == 2  # one in each union


def test_a_refused_request_keeps_no_key_and_is_tried_again(api: Api) -> None:
    written = api.writes()
    refused = _post(api, "retry-me-1", email="not-an-address")
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] != HEADER
    assert api.writes() == written
    # Corrected and sent with the same key: nothing was kept, so it writes now.
    corrected = _post(api, "retry-me-1", email="wu@unit.example.cn")
    assert corrected.status_code == 201, corrected.text
    assert _contacts(api, "wu@unit.example.cn") == 1


def test_the_daily_pruning_removes_the_keys_after_30_days(api: Api) -> None:
    assert _post(api, "pruned-key-1", email="zheng@unit.example.cn").status_code == 201
    with api.uow() as u:
        assert prune_submissions(u, now_utc() + timedelta(days=29)) == 0
        u.commit()
    assert (
        "Idempotent-Replayed" in _post(api, "pruned-key-1", email="zheng@unit.example.cn").headers
    )
    with api.uow() as u:
        assert prune_submissions(u, now_utc() + timedelta(days=31)) >= 1
        u.commit()
    # The key is gone: the same request is tried again (refused: the contact exists now).
    again = _post(api, "pruned-key-1", email="zheng@unit.example.cn")
    assert "Idempotent-Replayed" not in again.headers
    assert again.json()["error"]["code"] == "duplicate"
    assert _contacts(api, "zheng@unit.example.cn") == 1


def test_the_openapi_documents_the_header_on_every_guarded_post(api: Api) -> None:
    paths = api.client.get("/openapi.json").json()["paths"]
    posts = {
        p: ops["post"] for p, ops in paths.items() if p.startswith("/api/v1/") and "post" in ops
    }
    assert len(posts) > 40

    def named(operation: dict[str, Any]) -> set[str]:
        return {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}

    unguarded = {"/api/v1/auth/tokens"}
    assert all(HEADER in named(op) for p, op in posts.items() if p not in unguarded)
    assert HEADER not in named(posts["/api/v1/auth/tokens"])
    assert HEADER not in named(paths[_path_template()]["get"])


def _path_template() -> str:
    return "/api/v1/unions/{union_id}/contacts"


def test_an_answer_carrying_a_secret_is_not_kept_for_a_replay(api: Api) -> None:
    """A new API token or calendar address is shown once and stored only as its hash (ASVS
    2.10.4): its answer is not kept with the key either, so the database holds no usable
    secret and a replay writes nothing and is answered 409 naming the header."""
    headers = {**api.callers[Role.DISTRICT_OFFICER].headers, HEADER: "new-token-0001"}
    for path, body, secret in (
        ("/api/v1/me/tokens", {"name": "脚本"}, "token"),
        ("/api/v1/me/calendar-feed", None, "url"),
    ):
        first = api.client.post(path, headers=headers, json=body)
        assert first.status_code in (200, 201), first.text
        shown = first.json()[secret]
        written = api.writes()
        again = api.client.post(path, headers=headers, json=body)
        assert again.status_code == 409, again.text
        error = again.json()["error"]
        assert (error["code"], error["field"]) == ("idempotency_key_in_use", HEADER)
        assert shown not in again.text
        assert api.writes() == written
        with api.uow() as u:
            bodies = u.session.scalars(select(FormSubmission.response_body)).all()
        assert not any(b and shown.split("/")[-1].encode() in b for b in bodies)
        headers[HEADER] = "new-feed-0001"
    tokens = api.client.get("/api/v1/me/tokens", headers=headers).json()["items"]
    assert [t["name"] for t in tokens].count("脚本") == 1  # the replay made no second token
