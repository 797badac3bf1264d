"""The designation page leads the unit contact to the team it names: its members are kept on
the workshop's page (成员离开、添加成员 [Y3]), one click away."""

from __future__ import annotations

import re


def test_the_designation_page_links_to_the_workshop_and_its_members(site):
    unit = site.login("unit")
    d = site.designation
    page = unit.get(f"/designations/{d.id}")
    assert page.status_code == 200
    workshop = d.workshop_id
    assert re.search(rf'工作室：<a href="/workshops/{workshop}">[^<]+</a>', page.text)
    assert f'<a href="/workshops/{workshop}#members">团队成员</a>' in page.text
    team = unit.get(f"/workshops/{workshop}")
    assert team.status_code == 200
    assert 'id="members"' in team.text
