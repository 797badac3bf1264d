"""The JSON API under /api/v1: one router per aggregate, every route in the access registry."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api.errors import ERROR_RESPONSES
from api.v1 import (
    accounts,
    adoption,
    auth,
    calendar,
    calendar_feed,
    change_amendments,
    change_attachments,
    changes,
    contacts,
    craftsman_closing,
    craftsman_title,
    designations,
    expenditure_changes,
    funding,
    funding_reports,
    inspections,
    intake,
    leader_proofs,
    leaders,
    ledgers,
    lists,
    naming,
    notice_reports,
    refund_changes,
    registry,
    reminders,
    schemes,
    user_profiles,
    workshops,
)
from api.v1.common import authorize

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)
GUARDED = (
    accounts,
    adoption,
    registry,
    workshops,
    contacts,
    designations,
    naming,
    inspections,
    notice_reports,
    ledgers,
    calendar,
    changes,
    change_amendments,
    change_attachments,
    funding,
    expenditure_changes,
    refund_changes,
    funding_reports,
    reminders,
    schemes,
    leaders,
    leader_proofs,
    lists,
    calendar_feed,
    user_profiles,
    intake,
    craftsman_title,
    craftsman_closing,
)
for module in GUARDED:
    router.include_router(module.router, dependencies=[Depends(authorize)])
# PUBLIC in the access registry: the credentials are the body (API login, throttled).
router.include_router(auth.router)
