"""The JSON lists take only the schemes and 待办 kinds of the caller's own city tree (the demo:
a 乐山 officer asking for Shanghai's, a Shanghai officer for 乐山's)."""

from __future__ import annotations

from tests.integration.web.demo_site import demo_fixture  # noqa: F401 - the fixture `demo`


def test_the_calendar_api_refuses_a_kind_the_users_city_cannot_have(demo):
    """[L] sets no leader exit rule (no 附件3): 乐山's calendar is not asked for it, as its 待办
    list is not; a kind of its own city is answered."""
    leshan = demo.login("leshan")
    union_id = leshan.get("/api/v1/me").json()["union_id"]
    refused = leshan.get(
        "/api/v1/occasions", params={"union_id": union_id, "kind": "change_request_due"}
    )
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("kind_not_in_tree", "kind")
    assert (
        error["message"] == "类别「带头人（领衔人）离任待报送附件3或变更」不是本市工作室的待办类别"
    )
    own = leshan.get("/api/v1/occasions", params={"union_id": union_id, "kind": "application_step"})
    assert own.status_code == 200, own.text
    assert {i["kind"] for i in own.json()["items"]} <= {"application_step"}


def test_each_citys_officer_is_refused_the_other_citys_scheme(demo):
    """乐山's titles are 乐山市总工会's [L 一], Yangpu's 杨浦区总工会's [Y7]: asked across, the 待办
    and the registry say so beside ``scheme`` rather than answer an empty list."""
    for who, foreign, own in (
        ("leshan", "yangpu-district", "leshan-city"),
        ("yangpu", "leshan-city", "yangpu-district"),
    ):
        browser = demo.login(who)
        for path in ("/api/v1/todo", "/api/v1/designations"):
            refused = browser.get(path, params={"scheme": foreign})
            assert refused.status_code == 422, (who, path, refused.text)
            assert refused.json()["error"]["code"] == "scheme_not_in_tree"
            assert own in refused.json()["error"]["message"]  # what may be asked instead
            answered = browser.get(path, params={"scheme": own})
            assert answered.status_code == 200, (who, path, answered.text)
        titles = browser.get("/api/v1/designations", params={"scheme": own}).json()["items"]
        assert titles
        assert {t["scheme_code"] for t in titles} == {own}
