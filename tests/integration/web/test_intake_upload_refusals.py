"""An attachment upload refused on the application page names the field it concerns — 附件类别 or
文件 — keeps the 附件类别 chosen, and warns that it does not save the form above [C 三（五）]."""

from __future__ import annotations

from sqlalchemy import func, select

from lifecycle.intake.model import Attachment
from tests.intake_factories import SAMPLES
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_intake_form_refusals import _draft

PHOTO = "项目工作场景照、团队攻关照、产品（窗口服务）照"


def _stored(site: Site) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(Attachment)) or 0)


def test_a_refused_upload_is_named_beside_its_field_and_keeps_the_kind_chosen(site: Site) -> None:
    url = _draft(site, "shanghai-craftsman")
    action = f"{url}/attachments"
    unit = site.login("unit")
    page = unit.get(url).text
    assert "上传附件不会保存上方申报表中尚未保存的内容，请先点击「保存草稿」。" in page
    token = csrf_of(page, action)

    def post(kind: str, file: tuple[str, bytes, str] | None):  # type: ignore[no-untyped-def]
        return unit.post(
            action,
            data={"csrf_token": token, "kind": kind},
            files={"file": file} if file else {"file": ("", b"", "application/octet-stream")},
        )

    photo = ("现场.jpg", SAMPLES[".jpg"], "image/jpeg")
    # No kind: 「请选择附件类别」 beside 附件类别 (before: 「该申报表没有此类附件」 beside 文件).
    no_kind = post("", photo)
    assert no_kind.status_code == 422
    assert 'id="kind-error">请选择附件类别<' in no_kind.text
    assert "该申报表没有此类附件" not in no_kind.text
    # Neither: both named (before: only 「请选择文件」).
    neither = post("", None)
    assert neither.status_code == 422
    assert 'id="kind-error">请选择附件类别<' in neither.text
    assert 'id="f-file-error">请选择文件<' in neither.text
    # A file whose content is not its type: beside 文件, the kind still chosen.
    fake = post("photo", ("现场.jpg", b"plain text", "image/jpeg"))
    assert fake.status_code == 422
    assert 'id="f-file-error">文件内容与扩展名不符<' in fake.text
    assert '<option value="photo" selected>' in fake.text
    assert _stored(site) == 0
    # A sixth photo: the kind's count, beside 附件类别.
    for i in range(5):
        sent = post("photo", (f"现场{i}.jpg", SAMPLES[".jpg"] + bytes([i]), "image/jpeg"))
        assert sent.status_code == 303, sent.text
    sixth = post("photo", photo)
    assert sixth.status_code == 422
    assert f'id="kind-error">{PHOTO}最多5个<' in sixth.text
    assert '<option value="photo" selected>' in sixth.text
    assert _stored(site) == 5
