"""The fund ledger as JSON pages its lines as every list (items/total/limit/offset): an
integrator reads a title's years of lines a page at a time, while the sums and each line's
running balance stay the rule's over every line [Y16][S10]. Before: every line at once."""

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
