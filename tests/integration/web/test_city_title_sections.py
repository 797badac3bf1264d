"""A city title's page shows only the oversight its scheme has: a 上海市劳模创新工作室 [S9] or
上海市工匠创新工作室 [C] has no on-site inspection (实地检查 is Yangpu's [Y12]), so neither an empty
「检查记录 暂无检查记录。」 nor 整改通知 is shown for it; a Yangpu title keeps both sections."""

from __future__ import annotations

from tests import factories as f


def test_a_city_title_shows_no_inspection_section_and_a_yangpu_title_does(site):
    with site.uow() as u:
        model = f.named_designation(u, site.tree, scheme="shanghai-model-worker")
        craft = f.named_designation(u, site.tree, scheme="shanghai-craftsman")
        u.commit()
    district = site.login("district")
    for d in (model, craft):
        page = district.get(f"/designations/{d.id}")
        assert page.status_code == 200
        assert 'id="inspections"' not in page.text
        assert "暂无检查记录" not in page.text
        assert 'id="notices"' not in page.text
    yangpu = district.get(f"/designations/{site.designation.id}")
    assert 'id="inspections"' in yangpu.text
    assert "暂无检查记录" in yangpu.text
