"""Demo leader records: a Yangpu consent to continue [Y13] and a 附件3 request in progress [C]."""

from __future__ import annotations

from datetime import date, timedelta

from lifecycle.actors import Actor
from lifecycle.changes.model import ChangeMeasure, ChangeReason, ChangeStep
from lifecycle.changes.service import FileChangeRequest, StepDecision, approve_step
from lifecycle.changes.service import file_change_request as file_request
from lifecycle.clock import chinese_date
from lifecycle.demo.acting import acting_for
from lifecycle.demo.papers import one_page_pdf
from lifecycle.designations.model import Designation
from lifecycle.files.storage import FileStorage, Upload, store_upload
from lifecycle.leaders.model import LeaderEventKind
from lifecycle.leaders.service import (
    RecordConsent,
    RecordLeaderEvent,
    record_continuation_consent,
    record_leader_event,
)
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus

# Yangpu: 钱永刚 passed the legal age in 2021 and continues with his and the unit's consent.
CONSENT_WORKSHOP_LEADER = "钱永刚"
CONSENT_ON = date(2021, 3, 1)
# Shanghai: the leader of this craftsman studio left; the unit union proposes an exit.
REQUEST_TITLE = "潘志明模具精修工匠创新工作室"


def _find(
    uow: UnitOfWork, scheme: str, *, title: str | None = None, leader: str | None = None
) -> Designation | None:
    for d in uow.designations.find(scheme_code=scheme, limit=1000, scope=EVERYTHING):
        if (title is None or d.title == title) and (
            leader is None or d.workshop.leader.name == leader
        ):
            return d
    return None


def _consent_pdf(leader: str, unit: str, on: date) -> bytes:
    """A one-page signed-consent scan stand-in (deterministic bytes)."""
    return one_page_pdf(
        "继续领衔创新工作室同意书",
        f"本人{leader}愿意继续领衔工作室，{unit}同意。",
        chinese_date(on),
    )


def _acting(uow: UnitOfWork, union_id: int) -> Actor:
    """The demo's actor for the union whose step it is (issue 13 authority)."""
    union = uow.unions.get(union_id, EVERYTHING)
    assert union is not None
    return acting_for(union)


def load_leader_demo(uow: UnitOfWork, storage: FileStorage, *, as_of: date, actor: Actor) -> int:
    """Add the demo consent and change request if missing; returns how many were created."""
    created = 0
    yangpu = _find(uow, "yangpu-district", leader=CONSENT_WORKSHOP_LEADER)
    if yangpu is not None and not uow.leaders.consents_for(yangpu.id):
        unit = yangpu.workshop.host_unit_name
        data = _consent_pdf(CONSENT_WORKSHOP_LEADER, unit, CONSENT_ON)
        stored = store_upload(uow, storage, Upload("继续领衔同意书.pdf", data), actor=actor)
        record_continuation_consent(
            uow,
            RecordConsent(
                yangpu.id, CONSENT_ON, CONSENT_WORKSHOP_LEADER, CONSENT_ON, f"{unit}党委", stored.id
            ),
            actor=_acting(uow, yangpu.district_union_id),  # the district union keeps it [Y13]
            as_of=as_of,
            scope=EVERYTHING,
        )
        created += 1
    craftsman = _find(uow, "shanghai-craftsman", title=REQUEST_TITLE)
    if craftsman is not None and not uow.change_requests.for_designation(craftsman.id):
        filed_on = as_of - timedelta(days=20)
        request = file_request(
            uow,
            FileChangeRequest(
                designation_id=craftsman.id,
                acting_union_id=craftsman.workshop.unit_union_id,
                reason=ChangeReason.LEFT,
                reason_details="领衔工匠调往集团外单位工作，不能继续发挥示范引领作用",
                measure=ChangeMeasure.EXIT_KEEPING_TITLE,
                filed_on=filed_on,
                filed_by="单位工会主席",
            ),
            actor=actor,
            as_of=as_of,
            scope=EVERYTHING,
        )
        approve_step(
            uow,
            StepDecision(
                request.id,
                ChangeStep.UNIT,
                craftsman.workshop.unit_union_id,
                filed_on + timedelta(days=5),
                "单位工会主席",
                "同意退出管理序列，保留工作室称号",
            ),
            actor=actor,
            as_of=as_of,
            scope=EVERYTHING,
        )
        created += 1
    created += _departed_leader(uow, as_of=as_of)
    return created


def _departed_leader(uow: UnitOfWork, *, as_of: date) -> int:
    """A model-worker title whose leader left a fortnight ago: 附件3 is now owed [C 三（六）]."""
    for d in uow.designations.find(EVERYTHING, scheme_code="shanghai-model-worker", limit=1000):
        if d.status is not DesignationStatus.NAMED or uow.change_requests.for_designation(d.id):
            continue
        if uow.leaders.events_for_workshop(d.workshop_id):
            return 0  # loaded before
        record_leader_event(
            uow,
            RecordLeaderEvent(
                d.workshop_id,
                LeaderEventKind.DEPARTURE,
                as_of - timedelta(days=14),
                "单位工会书面报告",
                "领衔人调往外省工作",  # a city title's leader is its 领衔人 [S3]
            ),
            actor=_acting(uow, d.workshop.unit_union_id),  # the unit's own union reports it
            as_of=as_of,
            scope=EVERYTHING,  # the demo loader acts as the system
        )
        return 1
    return 0
