"""Two requests keeping the same bytes, one of whose commits fails: the failing one takes back
only bytes no committed record names, even when the other's record is committed between its
check and its removal; a unit that found the bytes already there writes them again after its
commit if they were taken back meanwhile. So a committed evidence file is always downloadable."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from lifecycle.files.storage import FileStorage, Upload
from lifecycle.inspections.service import attach_evidence
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api

PHOTO = b"%PDF-1.4\n% venue photos, sent twice at once\n"


@dataclass(frozen=True)
class RemovingFirst(FileStorage):
    """The failing unit's storage: just before it takes its bytes back, ``meanwhile`` runs."""

    meanwhile: Any = None

    def remove(self, key: str) -> None:
        self.meanwhile()
        super().remove(key)


def _post(api: Api) -> int:
    posted = api.client.post(
        f"/api/v1/inspections/{api.own.inspection}/evidence",
        files={"file": ("场地照片.pdf", PHOTO, "application/pdf")},
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    )
    assert posted.status_code == 201, posted.text
    return int(posted.json()["file_id"])


def _download(api: Api, file_id: int) -> bytes:
    got = api.client.get(
        f"/api/v1/inspections/{api.own.inspection}/evidence/{file_id}",
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    )
    assert got.status_code == 200, got.text
    return got.content


def test_a_failing_commit_leaves_the_bytes_another_request_committed_meanwhile(
    api: Api, tmp_path: Path
) -> None:
    """Unit A writes the bytes, its commit fails; it checks no record names them; the
    request B (which found them on disk and wrote nothing) commits its record; then A removes
    them. Before: B's evidence was gone from disk; now A sees B's record and puts them back."""
    answers: list[int] = []
    storage = RemovingFirst(tmp_path / "files", meanwhile=lambda: answers.append(_post(api)))
    officer = f.acting(api.tree.district)
    with api.uow(officer) as a:
        attach_evidence(
            a, storage, api.own.inspection, None, Upload("场地照片.pdf", PHOTO),
            actor=officer, scope=EVERYTHING,
        )  # fmt: skip

        def fail(_session: object) -> None:
            raise OSError("磁盘写入失败")

        event.listen(a.session, "before_commit", fail)
        with pytest.raises(OSError, match="磁盘写入失败"):
            a.commit()
    [committed] = answers
    assert _download(api, committed) == PHOTO


def test_bytes_taken_back_between_the_write_and_the_commit_are_written_again(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The request finds the bytes already on disk (written by a unit whose commit then
    fails) and another unit takes them back before this one commits: written again after it."""
    real_write = FileStorage.write

    def found_then_taken_back(self: FileStorage, key: str, data: bytes) -> bool:
        real_write(self, key, data)  # the other unit's bytes, there before this one looks
        created = real_write(self, key, data)
        self.remove(key)  # the other unit's take-back, between this write and this commit
        monkeypatch.setattr(FileStorage, "write", real_write)
        return created

    monkeypatch.setattr(FileStorage, "write", found_then_taken_back)
    assert _download(api, _post(api)) == PHOTO
