"""A union-wide expenditure file with hundreds of bad cells lists the first 200 and counts the
rest 「另有N处错误」, as the registry import does [Y16]."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api
from tests.integration.api.test_api_union_import import _upload

BAD_ROWS = 250


def test_a_file_with_hundreds_of_bad_cells_lists_the_first_200_and_counts_the_rest(
    api: Api,
) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    path = f"/api/v1/unions/{api.own.unit}/expenditures/import"
    row = [str(api.own.designation), "不是日期", "66.00", "某书店", "书籍", "书"]
    rows = [[*row, f"U{n}"] for n in range(BAD_ROWS)]  # one bad cell (支出日期) a row
    before = api.writes()
    bad = api.client.post(path, headers=contact, files={"file": _upload(api, rows)})
    assert bad.status_code == 422, bad.text
    error = bad.json()["error"]
    assert error["code"] == "import_rejected"
    assert (error["total_cells"], error["more_cells"]) == (BAD_ROWS, BAD_ROWS - 200)
    assert [c["row"] for c in error["cells"]] == list(range(2, 202))  # the first 200, in order
    assert {c["header"] for c in error["cells"]} == {"支出日期"}
    assert len(error["problems"]) == 201
    assert error["problems"][-1] == {
        "field": "file",
        "code": "import_rejected",
        "message": f"另有{BAD_ROWS - 200}处错误",
    }
    # The message names the first 20 and counts the rest.
    assert error["message"].startswith(
        f"文件中有{BAD_ROWS}处错误，未导入任何记录：第2行「支出日期」"
    )
    assert error["message"].endswith(f"；另有{BAD_ROWS - 20}处错误")
    assert api.writes() == before
