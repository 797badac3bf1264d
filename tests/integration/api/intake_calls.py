"""A Yangpu call and a team's application to it, made over the API as its users make them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from lifecycle.intake.model import Application
from lifecycle.vocab import Role
from tests.intake_factories import yangpu_form
from tests.integration.api.conftest import Api


def yangpu_2027_call(api: Api) -> int:
    """The district officer publishes the 2027 Yangpu call (2026-11-01 to 12-20): its id."""
    published = api.client.post(
        "/api/v1/intake/calls",
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
        json={
            "scheme": "yangpu-district",
            "year": 2027,
            "title": "2027年度杨浦区创新工作室申报",
            "opens_on": "2026-11-01",
            "deadline": "2026-12-20",
        },
    )
    assert published.status_code == 201, published.text
    call_id: int = published.json()["id"]
    return call_id


def drafted(api: Api, call_id: int, shop_id: int) -> int:
    """The unit contact's application of the team to the call, filled in, not submitted: its id."""
    created = api.client.post(
        f"/api/v1/intake/calls/{call_id}/applications",
        headers=api.callers[Role.UNIT_CONTACT].headers,
        json={"workshop_id": shop_id, "form": yangpu_form()},
    )
    assert created.status_code == 201, created.text
    app_id: int = created.json()["id"]
    return app_id


def refused_application(
    api: Api, call_id: int, shop_id: int, form: dict[str, Any]
) -> tuple[dict[str, dict[str, str]], str]:
    """The unit contact's application of the team with ``form``, refused (422) with no
    application stored: its problems by field and its summary message."""
    with api.uow() as u:
        before = u.session.scalar(select(func.count()).select_from(Application))
    sent = api.client.post(
        f"/api/v1/intake/calls/{call_id}/applications",
        headers=api.callers[Role.UNIT_CONTACT].headers,
        json={"workshop_id": shop_id, "form": form},
    )
    assert sent.status_code == 422, sent.text
    with api.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(Application)) == before
    error = sent.json()["error"]
    return {p["field"]: p for p in error["problems"]}, error["message"]
