"""Proofs of a leader event (死亡证明、离职证明、退休证明…), kept by the union that may record the
event: the unit's own union or a district union overseeing one of the team's titles
[S9][C 三（六）][Y13] (RULES.md reading 46); the files go through the one upload store."""

from __future__ import annotations

from dataclasses import dataclass

from lifecycle.actors import Actor
from lifecycle.errors import NotFound
from lifecycle.files.storage import FileStorage, Upload, attached_file_problems, store_upload
from lifecycle.leaders.model import LeaderEvent, LeaderEventProof
from lifecycle.leaders.service import event_recorder_refusal
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.workshops.model import Workshop


@dataclass(frozen=True)
class AttachEventProof:
    """One proof for a recorded leader event, with an optional note (e.g. 人事处出具)."""

    event_id: int
    description: str = ""


def event_in_scope(uow: UnitOfWork, event_id: int, scope: Scope) -> tuple[LeaderEvent, Workshop]:
    """The event and its workshop, only inside ``scope`` (else not found, as if absent)."""
    event = uow.leaders.get_event(event_id)
    workshop = uow.workshops.get(event.workshop_id, scope) if event is not None else None
    if event is None or workshop is None:
        raise NotFound("带头人情况记录不存在或不在管辖范围内", field="event_id")
    return event, workshop


def attach_event_proof(
    uow: UnitOfWork,
    storage: FileStorage,
    cmd: AttachEventProof,
    upload: Upload | None,
    *,
    actor: Actor,
    scope: Scope,
) -> LeaderEventProof:
    """Keep a proof of a recorded event, by a union that may record it; refused whole (no row,
    no file kept) for another union, a note too long or a bad file (type, size, content)."""
    event, workshop = event_in_scope(uow, cmd.event_id, scope)
    refused = event_recorder_refusal(uow, workshop, actor)
    if refused is not None:
        raise refused
    attached_file_problems(cmd.description, upload, storage).raise_if_any()
    assert upload is not None  # none chosen is refused above, beside 文件
    stored = store_upload(uow, storage, upload, actor=actor, field="file")
    return uow.leaders.add_proof(
        LeaderEventProof(
            leader_event_id=event.id,
            file_id=stored.id,
            description=cmd.description.strip() or None,
            uploaded_by=actor.name,
            actor_user_id=actor.user_id,
        )
    )
