"""The fund ledger as JSON pages its lines and its findings as every list (items/total/limit/
offset): an integrator reads a title's years of lines a page at a time, while the sums and each
line's running balance stay the rule's over every line [Y16][S10]. Before: every line at once."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def test_the_ledgers_lines_page_and_its_sums_are_every_lines(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    url = f"/api/v1/designations/{api.own.designation}/fund-ledger"
    whole = api.client.get(f"{url}?limit=500", headers=finance).json()
    every = whole["lines"]["items"]
    assert whole["lines"]["total"] == len(every) >= 2
    assert whole["lines"]["limit"] == 500
    first = api.client.get(f"{url}?limit=1", headers=finance).json()
    second = api.client.get(f"{url}?limit=1&offset=1", headers=finance).json()
    assert first["lines"]["items"] == every[:1]
    assert second["lines"]["items"] == every[1:2]  # its balance the running one over all lines
    assert (second["lines"]["total"], second["lines"]["offset"]) == (len(every), 1)
    sums = ("received_fen", "spent_fen", "balance_fen", "refunded_fen")
    for paged in (first, second):
        assert {k: paged[k] for k in sums} == {k: whole[k] for k in sums}
    assert whole["balance_fen"] == every[-1]["balance_fen"]
    default = api.client.get(url, headers=finance).json()["lines"]
    assert (default["limit"], default["offset"]) == (50, 0)
    past = api.client.get(f"{url}?offset=1000", headers=finance).json()["lines"]
    assert (past["items"], past["total"]) == ([], len(every))


def test_the_ledger_refuses_a_bad_window_as_every_list_does(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    url = f"/api/v1/designations/{api.own.designation}/fund-ledger"
    for query, field in (("limit=0", "limit"), ("limit=501", "limit"), ("offset=-1", "offset")):
        refused = api.client.get(f"{url}?{query}", headers=finance)
        assert refused.status_code == 422, query
        assert field in refused.text


def test_the_ledgers_findings_page_on_their_own_beside_its_lines(api: Api) -> None:
    """``findings`` is a page as ``lines`` is (items/total/limit/offset), turned by
    ``findings_limit``/``findings_offset``. Before: every finding at once, a bare array."""
    finance = api.callers[Role.FINANCE].headers
    url = f"/api/v1/designations/{api.own.designation}/fund-ledger"
    whole = api.client.get(f"{url}?findings_limit=500", headers=finance).json()
    every = whole["findings"]["items"]
    assert whole["findings"]["total"] == len(every) >= 1
    assert api.own.finding in [x["id"] for x in every]
    default = api.client.get(url, headers=finance).json()
    assert (default["findings"]["limit"], default["findings"]["offset"]) == (50, 0)
    assert default["findings"]["items"] == every[:50]
    for offset in range(len(every) + 1):
        paged = api.client.get(
            f"{url}?findings_limit=1&findings_offset={offset}&limit=1", headers=finance
        ).json()
        assert paged["findings"]["items"] == every[offset : offset + 1]
        assert (paged["findings"]["total"], paged["findings"]["offset"]) == (len(every), offset)
        # The lines keep their own window.
        assert (paged["lines"]["limit"], paged["lines"]["offset"]) == (1, 0)
    for query in ("findings_limit=0", "findings_limit=501", "findings_offset=-1"):
        refused = api.client.get(f"{url}?{query}", headers=finance)
        assert refused.status_code == 422, query
        assert query.split("=")[0] in refused.text
