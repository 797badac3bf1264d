"""Proofs of a leader event over JSON (死亡证明、离职证明、退休证明…): upload and download."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from api.deps import ReaderDep, SettingsDep, UowDep
from api.downloads import STORED_FILE_RESPONSE, download
from api.v1.common import CallerDep, IdPath, found
from api.v1.leaders import EventProofOut
from lifecycle.files.model import DESCRIPTION_MAX
from lifecycle.files.storage import FileStorage, Upload
from lifecycle.leaders.proofs import (
    AttachEventProof,
    attach_event_proof,
    event_in_scope,
)

router = APIRouter(tags=["leaders"])


def _storage(settings: SettingsDep) -> FileStorage:
    return FileStorage(settings.files_dir, settings.max_upload_bytes)


@router.post("/leader-events/{event_id}/proofs", response_model=EventProofOut, status_code=201)
def attach(
    *,
    event_id: IdPath,
    caller: CallerDep,
    uow: UowDep,
    settings: SettingsDep,
    file: Annotated[
        UploadFile, File(description="死亡证明、离职证明、退休证明等（pdf、jpg、png…）")
    ],
    description: Annotated[str | None, Form(max_length=DESCRIPTION_MAX)] = None,
) -> EventProofOut:
    """Keep a proof of the event, as the unit's union or an overseeing district union [S9][C]."""
    actor = caller.principal.actor
    upload = Upload(file.filename or "upload", file.file.read(settings.max_upload_bytes + 1))
    with uow(actor) as u:
        cmd = AttachEventProof(event_id, description or "")
        proof = attach_event_proof(
            u, _storage(settings), cmd, upload, actor=actor, scope=caller.scope
        )
        u.commit()
        return EventProofOut.model_validate(proof)


@router.get(
    "/leader-events/{event_id}/proofs/{proof_id}",
    response_class=Response,
    responses=STORED_FILE_RESPONSE,
)
def proof_file(
    event_id: IdPath, proof_id: IdPath, caller: CallerDep, u: ReaderDep, settings: SettingsDep
) -> Response:
    """One proof under its own name and type, only inside the caller's scope."""
    event_in_scope(u, event_id, caller.scope)
    proof = found(u.leaders.proof(event_id, proof_id))
    return download(_storage(settings).read(proof.file), proof.filename, proof.content_type)
