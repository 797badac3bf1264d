"""A filtered registry export says in its title which filters made it, on the page's export and
the API's alike: a printed sheet of one scheme's lost titles is not read as the whole registry."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from lifecycle.clock import chinese_date
from tests.integration.web.conftest import AS_OF, Site


def _title(content: bytes) -> str:
    sheet = load_workbook(BytesIO(content)).active
    assert sheet is not None
    return str(sheet["A1"].value)


def test_a_filtered_export_names_its_scheme_status_year_and_search(site: Site) -> None:
    """Before: every export read 「上海市总工会创新工作室命名记录（2026年11月21日）」 whatever
    was filtered, so the city's sheet of its 已摘牌 劳模 titles looked like the whole registry."""
    browser = site.login("city")
    union = site.tree.city.name
    params = {"scheme": "shanghai-model-worker", "status": "revoked"}
    # the page's 命名年度 is ``year``, the API's ``named_year``
    for address, year in (
        ("/designations.xlsx", "year"),
        ("/api/v1/exports/designations.xlsx", "named_year"),
    ):
        export = browser.get(address, params=params | {year: "2026"})
        assert export.status_code == 200, export.text
        assert _title(export.content) == (
            f"{union}创新工作室命名记录 · 上海市劳模创新工作室 · 已摘牌 · 2026年命名"
            f"（{chinese_date(AS_OF)}）"
        )
    searched = browser.get("/designations.xlsx", params={"q": "热能"})
    assert (
        _title(searched.content)
        == f"{union}创新工作室命名记录 · 含「热能」（{chinese_date(AS_OF)}）"
    )
    whole = browser.get("/api/v1/exports/designations.xlsx")
    assert _title(whole.content) == f"{union}创新工作室命名记录（{chinese_date(AS_OF)}）"
