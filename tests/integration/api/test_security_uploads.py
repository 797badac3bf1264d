"""Issue 16: hostile Excel uploads are refused (422 naming the file) on every import route, within
limits checked before openpyxl loads anything, and parsing never holds up other users."""

from __future__ import annotations

import asyncio
import threading
import zipfile
from collections.abc import Callable
from io import BytesIO
from urllib.parse import unquote

import httpx
import pytest
from openpyxl.utils import get_column_letter

from lifecycle import workbook_reader
from lifecycle.funding.excel_import import expenditure_template
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api
from tests.integration.web.conftest import CSRF

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAME = "坏文件.xlsx"
SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _rewrite(parts: dict[str, bytes], base: bytes | None = None) -> bytes:
    """The import template with some zip members replaced (or added)."""
    source = zipfile.ZipFile(BytesIO(base or expenditure_template()))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, source.read(info.filename))
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def _sheet(rows: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def _header() -> str:
    heads = ["支出日期", "金额（元）", "收款方", "支出类别", "用途说明", "票据号"]
    cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(heads)
    )
    return f'<row r="1">{cells}</row>'


def _wide(rows: int, columns: int) -> bytes:
    """A sheet of ``rows`` × ``columns`` numbers, written as XML directly (fast)."""
    letters = [get_column_letter(c) for c in range(1, columns + 1)]
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{x}{r}"><v>1</v></c>' for x in letters) + "</row>"
        for r in range(1, rows + 1)
    )
    return _sheet(body)


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
# Built when a test asks (the huge cell is 48 MB uncompressed).
HOSTILE: dict[str, Callable[[], bytes]] = {
    "not_a_zip": lambda: b"PK\x03\x04 this is not really a workbook",
    "malformed_xml": lambda: _rewrite({SHEET: b"<worksheet><sheetData><row><c>broken"}),
    "xxe": lambda: _rewrite(
        {
            SHEET: _sheet(
                _header() + '<row r="2"><c r="C2" t="inlineStr"><is><t>&xxe;</t></is></c></row>',
                '<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
            )
        }
    ),
    "billion_laughs": lambda: _rewrite(
        {
            SHEET: _sheet(
                _header() + '<row r="2"><c r="C2" t="inlineStr"><is><t>&lol9;</t></is></c></row>',
                LAUGHS,
            )
        }
    ),
    "huge_cell": lambda: _rewrite(
        {
            SHEET: _sheet(
                _header()
                + '<row r="2"><c r="C2" t="inlineStr"><is><t>'
                + "A" * (48 * 1024 * 1024)
                + "</t></is></c></row>"
            )
        }
    ),
    "long_cell": lambda: _rewrite(
        {
            SHEET: _sheet(
                _header()
                + f'<row r="2"><c r="C2" t="inlineStr"><is><t>{"长" * 6000}</t></is></c></row>'
            )
        }
    ),
    "5000x200": lambda: _rewrite({SHEET: _wide(5000, 200)}),
}


def _page_browser(api: Api) -> tuple[httpx.Client, str]:
    browser = api.client.__class__(api.client.app, follow_redirects=False)
    login = browser.get("/login")
    token = CSRF.search(login.text)
    assert token is not None
    caller = api.callers[Role.UNIT_CONTACT]
    form = {
        "csrf_token": token.group(1),
        "username": caller.principal.username,
        "password": api.passwords[Role.UNIT_CONTACT],
        "next": "/finance",
    }
    assert browser.post("/login", data=form).status_code == 303
    page = browser.get("/finance")
    found = CSRF.search(page.text)
    assert found is not None
    return browser, found.group(1)


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_every_import_route_refuses_a_hostile_file_naming_it(api: Api, kind: str) -> None:
    content = HOSTILE[kind]()
    contact = api.callers[Role.UNIT_CONTACT].headers
    files = {"file": (NAME, content, XLSX)}
    for path in (
        f"/api/v1/designations/{api.own.designation}/expenditures/import",
        f"/api/v1/unions/{api.own.unit}/expenditures/import",
    ):
        response = api.client.post(path, headers=contact, files=files)
        assert response.status_code == 422, (kind, path, response.text[:300])
        error = response.json()["error"]
        assert error["field"] == "file", (kind, error)
        assert NAME in error["message"], (kind, error)
    browser, csrf = _page_browser(api)
    for path in (f"/finance/designations/{api.own.designation}/import", "/finance/import"):
        page = browser.post(path, data={"csrf_token": csrf}, files=files)
        assert page.status_code == 422, (kind, path, page.text[:300])
        assert NAME in page.text, (kind, path)


def test_limits_are_checked_before_openpyxl_loads_the_file(api: Api, monkeypatch) -> None:
    loaded: list[int] = []
    real = workbook_reader.load_workbook

    def counting(*args, **kwargs):
        loaded.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(workbook_reader, "load_workbook", counting)
    contact = api.callers[Role.UNIT_CONTACT].headers
    path = f"/api/v1/designations/{api.own.designation}/expenditures/import"
    for kind in ("xxe", "billion_laughs", "huge_cell", "long_cell", "5000x200"):
        files = {"file": (NAME, HOSTILE[kind](), XLSX)}
        assert api.client.post(path, headers=contact, files=files).status_code == 422
    assert loaded == []


def test_parsing_an_upload_does_not_hold_up_another_users_request(api: Api, monkeypatch) -> None:
    started, served = threading.Event(), threading.Event()
    seen: list[bool] = []
    real = workbook_reader.load_workbook

    def waiting(*args, **kwargs):
        # Held until the other user's request has been answered (or 20 s): served meanwhile
        # only if this parse runs off the event loop.
        started.set()
        seen.append(served.wait(timeout=20))
        return real(*args, **kwargs)

    monkeypatch.setattr(workbook_reader, "load_workbook", waiting)
    browser, csrf = _page_browser(api)
    good = _rewrite({}, expenditure_template())  # the empty template: refused, but parsed
    other = api.callers[Role.DISTRICT_OFFICER].headers

    async def scenario() -> tuple[int, int]:
        transport = httpx.ASGITransport(app=api.client.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver", cookies=browser.cookies
        ) as client:
            upload = asyncio.create_task(
                client.post(
                    f"/finance/designations/{api.own.designation}/import",
                    data={"csrf_token": csrf},
                    files={"file": ("支出.xlsx", good, XLSX)},
                )
            )
            await asyncio.to_thread(started.wait, 20)
            meanwhile = await client.get("/api/v1/me", headers=other)
            served.set()
            return meanwhile.status_code, (await upload).status_code

    meanwhile, uploaded = asyncio.run(scenario())
    assert meanwhile == 200
    assert uploaded == 422  # the template without rows: "文件中没有支出记录"
    assert seen == [True]


@pytest.mark.parametrize(
    "name",
    ["证据\u202efdp.exe.pdf", "证据\u200b.pdf", "证\u200e据.pdf", "证据\u2066.pdf"],
    ids=["bidi-override", "zero-width", "direction-mark", "isolate"],
)
def test_a_file_whose_name_hides_characters_is_refused_beside_the_file(api: Api, name: str) -> None:
    """ASVS 12.3, 5.1.4: an uploaded file's name is shown on the record's page and given back
    as the download's name; like every typed name it holds visible characters only (before: a
    U+202E before 「fdp.exe.pdf」 was kept and shown reversed). Nothing is stored."""
    pdf = b"%PDF-1.4\n%%EOF\n"
    cases = (
        (f"/api/v1/inspections/{api.own.inspection}/evidence", {}, Role.DISTRICT_OFFICER),
        (
            f"/api/v1/intake/applications/{api.own.intake}/attachments",
            {"kind": "certificate"},
            Role.UNIT_CONTACT,
        ),
    )
    for path, data, role in cases:
        refused = api.client.post(
            path,
            data=data,
            files={"file": (name, pdf, "application/pdf")},
            headers=api.callers[role].headers,
        )
        assert refused.status_code == 422, (path, refused.text)
        problem = refused.json()["error"]["problems"][0]
        assert problem["field"] == "file"
        assert problem["code"] == "invisible_character"
        assert problem["message"] == (
            "文件名不能包含控制字符或不可见字符（如文字方向控制符、零宽字符）"
        )
        kept = api.client.post(
            path,
            data=data,
            files={"file": ("证据.pdf", pdf, "application/pdf")},
            headers=api.callers[role].headers,
        )
        assert kept.status_code == 201, (path, kept.text)


def test_a_long_file_name_is_shortened_before_its_extension(api: Api) -> None:
    """A name past 255 characters is kept shortened before its extension (before: cut at 255,
    losing 「.pdf」, so the download came back with no type to open it by)."""
    pdf = b"%PDF-1.4\n%%EOF\n"
    name = "长" * 300 + ".pdf"
    kept = "长" * 251 + ".pdf"
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    evidence = api.client.post(
        f"/api/v1/inspections/{api.own.inspection}/evidence",
        files={"file": (name, pdf, "application/pdf")},
        headers=officer,
    )
    assert evidence.status_code == 201, evidence.text
    download = api.client.get(
        f"/api/v1/inspections/{api.own.inspection}/evidence/{evidence.json()['file_id']}",
        headers=officer,
    )
    assert download.status_code == 200
    assert unquote(download.headers["content-disposition"]).endswith(f"''{kept}")
    unit = api.callers[Role.UNIT_CONTACT].headers
    attached = api.client.post(
        f"/api/v1/intake/applications/{api.own.intake}/attachments",
        data={"kind": "certificate"},
        files={"file": (name, pdf, "application/pdf")},
        headers=unit,
    )
    assert attached.status_code == 201, attached.text
    assert attached.json()["filename"] == kept
