"""Attachments [C 三（五）]: kinds, checked types, size and count; required at submission."""

from __future__ import annotations

import pytest

from lifecycle.errors import ConflictError, ValidationFailed
from lifecycle.files.storage import FileStorage, Upload
from lifecycle.intake.attachments import attach, attachments_of
from lifecycle.intake.model import ApplicationStatus
from lifecycle.intake.service import NewApplication, start_application, submit
from lifecycle.scope import Scope
from lifecycle.vocab import UnitNature
from tests import factories as f
from tests.intake_factories import AS_OF, OFFICER, SAMPLES, at, craftsman_form
from tests.integration.intake.test_city_routes import _call, _shop


def test_craftsman_needs_five_photos_a_video_and_a_certificate(uow, intake_storage: FileStorage):
    with uow() as u:
        tree = f.union_tree(u)
        call = _call(u, tree, "shanghai-craftsman")
        scope = Scope.subtree(tree.unit.path)
        app = start_application(
            u,
            NewApplication(call.id, _shop(u, tree, nature=UnitNature.NON_PUBLIC).id,
                           craftsman_form()),
            actor=OFFICER, now=f.at_ten(AS_OF), scope=scope, own_path=tree.unit.path,
        )  # fmt: skip

        def put(kind: str, name: str, data: bytes):  # type: ignore[no-untyped-def]
            return attach(u, intake_storage, app.id, kind, Upload(name, data), actor=OFFICER,
                          scope=scope)  # fmt: skip

        with pytest.raises(ValidationFailed) as wrong_type:
            put("photo", "场景.pdf", SAMPLES[".pdf"])
        assert "jpg" in wrong_type.value.message
        with pytest.raises(ValidationFailed) as disguised:
            put("photo", "场景.jpg", SAMPLES[".pdf"])
        assert disguised.value.code == "file_content_mismatch"
        with pytest.raises(ValidationFailed) as huge:
            put("certificate", "证书.pdf", SAMPLES[".pdf"] + bytes(10 * 2**20))
        assert huge.value.code == "file_too_large"
        for i in range(3):
            put("photo", f"场景{i}.jpg", SAMPLES[".jpg"] + bytes([i]))
        with pytest.raises(ValidationFailed) as missing:
            submit(u, app.id, actor=OFFICER, now=at(AS_OF), scope=scope)
        listed = {p.field: p.message for p in missing.value.problems}
        assert set(listed) == {
            "attachments.certificate",
            "attachments.photo",
            "attachments.video",
        }
        assert "应上传5个，现有3个" in listed["attachments.photo"]
        for i in range(3, 5):
            put("photo", f"场景{i}.jpg", SAMPLES[".jpg"] + bytes([i]))
        with pytest.raises(ValidationFailed) as sixth:
            put("photo", "场景6.jpg", SAMPLES[".jpg"] + b"6")
        assert sixth.value.code == "too_many"
        put("video", "介绍.mp4", SAMPLES[".mp4"])
        put("certificate", "上海工匠证书.pdf", SAMPLES[".pdf"])
        submit(u, app.id, actor=OFFICER, now=at(AS_OF), scope=scope)
        assert app.status is ApplicationStatus.IN_REVIEW
        kinds = [a.kind for a, _ in attachments_of(u, app.id)]
        assert kinds.count("photo") == 5
        # Once submitted nothing more is attached.
        with pytest.raises(ConflictError) as closed:
            put("certificate", "补充.pdf", SAMPLES[".pdf"] + b"x")
        assert closed.value.code == "not_editable"
