"""The demo's 附件3 requests can all move: a request the district files waits for the unit
union's opinion [C 三（六）], so every Yangpu unit holding a city title has a contact to give it."""

from __future__ import annotations

import re

from sqlalchemy import select
from starlette.testclient import TestClient

from lifecycle.accounts.model import User
from lifecycle.changes.model import ChangeRequestStatus
from lifecycle.demo.users import DEMO_USERS, UNIT_CONTACTS, welcome
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus, Role
from tests.demo_copies import DemoCopy
from tests.integration.web.demo_site import demo_site

TITLE = "蒋一帆协作机器人工匠创新工作室"  # 上海启新智能科技有限公司's: not the `unit` user's


def _hidden(page: str, action: str) -> dict[str, str]:
    """The hidden fields (CSRF token, form key, version, step) of the page's form to ``action``."""
    body = page.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', body))


def _decide(browser: TestClient, request_id: int, on: str, opinion: str) -> None:
    url = f"/changes/{request_id}"
    page = browser.get(url)
    assert page.status_code == 200
    action = f"{url}/decision"
    typed = _hidden(page.text, action) | {
        "action": "approve",
        "decided_on": on,
        "signer": "签署人",
        "opinion": opinion,
    }
    decided = browser.post(action, data=typed)
    assert decided.status_code == 303, decided.text


def test_every_yangpu_unit_holding_a_city_title_has_a_contact_to_give_its_opinion(
    demo_copy: DemoCopy,
) -> None:
    with demo_site(demo_copy) as site, UnitOfWork(site.sessions) as u:
        yangpu = next(x for x in u.unions.find(EVERYTHING) if x.name == "杨浦区总工会")
        contacts = {
            user.union_id
            for user in u.session.scalars(select(User).where(User.role == Role.UNIT_CONTACT))
        }
        titles = [
            d
            for d in u.designations.find(EVERYTHING, limit=1000)
            if get_scheme(d.scheme_code).settings.uses_change_request_form
            and d.district_union_id == yangpu.id
            and d.status in (DesignationStatus.NAMED, DesignationStatus.RECTIFYING)
        ]
        assert len(titles) >= 5
        assert {d.title for d in titles if d.workshop.unit_union_id not in contacts} == set()
    # The start-up message names them, after the one-per-role accounts.
    said = welcome("http://127.0.0.1:8000")
    assert all(username in said for username, *_ in DEMO_USERS)
    assert "杨浦区其他各基层单位工会的联系人：unit-sy、unit-xd" in said
    assert len(UNIT_CONTACTS) == 8


def test_a_request_the_district_files_moves_through_the_units_contact_to_the_city(
    demo_copy: DemoCopy,
) -> None:
    """The hand-walk: yangpu files 附件3 on a 启新 title, unit-qx gives the unit's opinion, yangpu
    the district's; the request then waits for the city."""
    with demo_site(demo_copy) as site:
        with UnitOfWork(site.sessions) as u:
            (title,) = [d for d in u.designations.find(EVERYTHING, limit=1000) if d.title == TITLE]
            unit_union = u.unions.get(title.workshop.unit_union_id, EVERYTHING)
            assert unit_union is not None
            title_id, unit_name = title.id, unit_union.name
        day = demo_copy.as_of.isoformat()
        yangpu = site.login("yangpu")
        new = yangpu.get(f"/designations/{title_id}/changes/new")
        assert new.status_code == 200
        action = f"/designations/{title_id}/changes"
        filed = yangpu.post(
            action,
            data=_hidden(new.text, action)
            | {
                "reason": "left",
                "reason_details": "领衔工匠调往外单位工作",
                "measure": "exit_keeping_title",
                "filed_on": day,
                "filed_by": "杨浦区总工会 王干事",
                "submit": "1",
            },
        )
        assert filed.status_code == 303, filed.text
        request_id = int(filed.headers["location"].rsplit("/", 1)[1])
        waiting = yangpu.get(f"/changes/{request_id}").text
        assert f"此环节由{unit_name}办理" in waiting
        contact = site.login("unit-qx")
        todo = contact.get("/todo").text
        assert f"{TITLE}（" in todo
        assert "待本单位工会意见" in todo
        # Its 待办 line opens the request itself, where the opinion is given (before: the title's
        # list of requests, one click short of the form).
        assert f'href="/changes/{request_id}"' in todo
        assert f'href="/designations/{title_id}#changes"' not in todo
        _decide(contact, request_id, day, "同意退出管理序列")
        assert f'href="/changes/{request_id}"' in yangpu.get("/todo").text
        _decide(yangpu, request_id, day, "同意，报市总工会审定")
        with UnitOfWork(site.sessions) as u:
            request = u.change_requests.get(request_id, EVERYTHING)
            assert request is not None
            assert request.status is ChangeRequestStatus.PENDING_CITY
