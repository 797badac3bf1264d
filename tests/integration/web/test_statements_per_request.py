"""How many SQL statements the most used pages and API reads send, pinned with a small margin.

The service's CPU goes mostly to SQLAlchemy and the driver, per statement: a page that reads the
same rows twice (the title's team for its ledgers, the team's titles, the union's contacts where
only its name is shown) is slower for every user. These counts were measured on the demo (a
district officer, 杨浦); a change that adds more than ``MARGIN`` statements to one of them fails
here and should read what it needs once and pass it on instead.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine

from lifecycle.demo.users import DEMO_PASSWORD
from tests.integration.web.demo_site import (
    DemoSite,
    demo_fixture,  # noqa: F401 - the fixture `demo`
)
from tests.statement_count import counting

MARGIN = 3
# Measured on both backends (the larger: SQLite's BEGIN is a statement of its own).
MEASURED = {
    "/dashboard": 22,
    "/designations/{d}": 50,
    "/finance": 16,
    "/api/v1/designations": 4,
    "/api/v1/dashboard": 12,
}


def _engine(site: DemoSite) -> Engine:
    bind = site.client.app.state.session_factory.kw["bind"]
    assert isinstance(bind, Engine)
    return bind


def test_the_most_used_requests_send_no_more_statements_than_measured(demo: DemoSite) -> None:
    browser = demo.login("yangpu")
    answer = browser.post(
        "/api/v1/auth/tokens", json={"username": "yangpu", "password": DEMO_PASSWORD}
    )
    token = {"Authorization": f"Bearer {answer.json()['token']}"}
    titles = browser.get("/api/v1/designations", headers=token).json()["items"]
    assert titles
    designation = titles[0]["id"]
    engine = _engine(demo)
    sent = {}
    for path, most in MEASURED.items():
        url = path.format(d=designation)
        headers = token if url.startswith("/api/") else {}
        browser.get(url, headers=headers)  # a first read may fill caches (compiled statements)
        with counting(engine) as statements:
            response = browser.get(url, headers=headers)
        assert response.status_code == 200, (url, response.text[:300])
        sent[path] = statements.count
        assert 0 < statements.count <= most + MARGIN, (url, statements.count, statements.texts)
    # The page of the title shows its leader's story from the same reads (one page, one team).
    page = browser.get(f"/designations/{designation}").text
    assert re.search(r'href="/persons/\d+"', page)
    assert len(sent) == len(MEASURED)
