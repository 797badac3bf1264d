"""The JSON API under /api/v1: one router per aggregate, every route in the access registry."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api.errors import ERROR_RESPONSES
from api.v1 import (
    accounts,
    calendar,
    changes,
    designations,
    funding,
    inspections,
    ledgers,
    registry,
)
from api.v1.common import authorize

router = APIRouter(prefix="/api/v1", dependencies=[Depends(authorize)], responses=ERROR_RESPONSES)
for module in (accounts, registry, designations, inspections, ledgers, calendar, changes, funding):
    router.include_router(module.router)
