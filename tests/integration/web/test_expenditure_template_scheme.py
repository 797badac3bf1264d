"""The expenditure template a unit downloads from its title's fund ledger cites that title's own
专款专用 article (乐山 [L 建设标准（四）], 杨浦 [Y16]), never another city's rules; the template
shared by all titles cites none [Y16][L 建设标准（四）]."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from lifecycle.citations import cite
from lifecycle.schemes.leshan_city import CODE as LESHAN
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.web.conftest import Site

YANGPU_RULES = "杨浦区劳模（先进）、技师创新工作室管理办法"


def _notes(content: bytes) -> list[str]:
    """Every text cell of the template's 填写说明 sheet."""
    sheet = load_workbook(BytesIO(content))["填写说明"]
    return [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


def test_a_leshan_unit_downloads_a_template_citing_leshans_rules_not_yangpus(site: Site) -> None:
    with site.uow() as u:
        leshan = f.leshan_tree(u)
        title = f.named_designation(u, leshan, scheme=LESHAN)
        principal, password = f.user(u, Role.UNIT_CONTACT, leshan.unit.id)
        u.commit()
    site.usernames["leshan"], site.passwords["leshan"] = principal.username, password
    unit = site.login("leshan")
    page = unit.get(f"/finance/designations/{title.id}")
    link = f"/finance/designations/{title.id}/expenditure-template.xlsx"
    assert f'href="{link}"' in page.text
    assert 'href="/finance/expenditure-template.xlsx"' not in page.text
    template = unit.get(link)
    assert template.status_code == 200
    notes = _notes(template.content)
    # The notice's own words, cited; it lists no uses, so none is called 禁止 (reading 35a).
    rule = cite("工作室所在单位设有用于创新工作室各项创新活动开展的专项经费（[L 建设标准（四）]）")
    assert any(text.startswith(rule) for text in notes)
    assert "是否列为审计发现" in notes
    assert "禁止" not in notes
    assert not any(YANGPU_RULES in text for text in notes)
    shared = _notes(unit.get("/finance/expenditure-template.xlsx").content)
    assert "支出类别" in shared
    assert not any(YANGPU_RULES in text for text in shared)
    # Another city's title is not found, whatever its number.
    yangpu = unit.get(f"/finance/designations/{site.designation.id}/expenditure-template.xlsx")
    assert yangpu.status_code == 404


def test_a_yangpu_unit_downloads_a_template_citing_y16(site: Site) -> None:
    unit = site.login("unit")
    template = unit.get(f"/finance/designations/{site.designation.id}/expenditure-template.xlsx")
    assert template.status_code == 200
    assert cite("支出类别（[Y16]）") in _notes(template.content)
