"""The registry workbook speaks the words of the downloading user's own tree: a 乐山 user's 层级
drop-down names 县（市、区）总工会 [L 一] and its 填写说明 tells 乐山's rules (the import page's);
filled in those words it imports again; a Shanghai user's workbook is unchanged (the demo, both
backends)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from lifecycle.adoption.guide import LESHAN_GUIDE, SHANGHAI_GUIDE
from lifecycle.adoption.sheets import INSTRUCTIONS, SHEETS, UNIONS
from lifecycle.adoption.template import CHOICES_SHEET
from lifecycle.citations import cite
from lifecycle.vocab import UNION_LEVEL_LABELS
from tests.integration.web.conftest import csrf_of
from tests.integration.web.demo_site import demo_fixture  # noqa: F401 - the fixture `demo`

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LESHAN_LEVELS = [
    "市总工会",
    "县（市、区）总工会",
    "行业、街镇、直属工会",
    "基层单位工会",
    "社团（行业协会）",
]


def _levels(content: bytes) -> list[str]:
    """The 层级 drop-down's list, as the 工会 sheet's validation points to it."""
    wb = load_workbook(BytesIO(content))
    ws = wb[UNIONS.name]
    (validation,) = [v for v in ws.data_validations.dataValidation if "B3" in str(v.sqref)]
    column = validation.formula1.split("!")[1].split(":")[0].strip("$").split("$")[0]
    choices = wb[CHOICES_SHEET]
    assert choices[f"{column}1"].value == f"{UNIONS.name}·层级"
    return [c.value for c in choices[column][1:] if c.value is not None]


def _notes(content: bytes) -> dict[str, str]:
    """The 填写说明 sheet's note of each sheet (the 总则 lines aside)."""
    ws = load_workbook(BytesIO(content))[INSTRUCTIONS]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    return {str(sheet): str(note) for sheet, note in rows if sheet != "总则"}


def _leshan_notes() -> dict[str, str]:
    """The import page's notes for 乐山 (rule ids cited by title, as every written cell is)."""
    return {s.name: cite(s.note) for s in LESHAN_GUIDE.sheets}


def test_a_leshan_officers_template_speaks_leshans_words(demo):
    got = demo.login("leshan").get("/adoption/template.xlsx")
    assert got.status_code == 200
    assert _levels(got.content) == LESHAN_LEVELS
    notes = _notes(got.content)
    assert notes == _leshan_notes()
    assert "县（市、区）总工会" in notes[UNIONS.name]
    assert not any("杨浦办法" in note for note in notes.values())


def test_a_leshan_export_speaks_leshans_words_and_imports_again_unchanged(demo):
    browser = demo.login("leshan")
    exported = browser.get("/adoption/export.xlsx")
    assert exported.status_code == 200
    content = exported.content
    assert _levels(content) == LESHAN_LEVELS
    assert _notes(content) == _leshan_notes()
    levels = {row[1] for row in load_workbook(BytesIO(content))[UNIONS.name].iter_rows(
        min_row=3, values_only=True
    )}  # fmt: skip
    assert "县（市、区）总工会" in levels
    assert "区局（产业）工会" not in levels
    # Imported again as a dry run: every 层级 read, nothing would change.
    page = browser.get("/adoption")
    data = {"csrf_token": csrf_of(page.text, "/adoption/import"), "dry_run": "1"}
    started = browser.post(
        "/adoption/import", data=data, files={"file": ("工作室名册.xlsx", content, XLSX)}
    )
    assert started.status_code == 303, started.text
    job_id = started.headers["location"].rsplit("/", 1)[1]
    job = demo.client.app.state.adoption_jobs._jobs[job_id]
    job.thread.join(timeout=120)
    assert job.error is None
    assert job.cells == []
    assert job.report is not None
    assert job.report.total_changes == 0
    assert job.report.counts[UNIONS.name].unchanged > 0


def test_a_shanghai_officers_template_and_export_keep_shanghais_words(demo):
    browser = demo.login("yangpu")
    shanghai_notes = {s.name: cite(s.note) for s in SHANGHAI_GUIDE.sheets}
    assert SHANGHAI_GUIDE.sheets == SHEETS
    for address in ("/adoption/template.xlsx", "/adoption/export.xlsx"):
        got = browser.get(address)
        assert got.status_code == 200, address
        assert _levels(got.content) == list(UNION_LEVEL_LABELS.values()), address
        assert _notes(got.content) == shanghai_notes, address


def _choices(content: bytes, sheet: str, header: str) -> list[str]:
    """The drop-down list of ``header``'s column on ``sheet``, as its validation points to it."""
    wb = load_workbook(BytesIO(content))
    ws = wb[sheet]
    headers = [c.value for c in ws[2]]
    letter = chr(ord("A") + headers.index(header))
    (validation,) = [
        v for v in ws.data_validations.dataValidation if str(v.sqref).startswith(f"{letter}3:")
    ]
    column = validation.formula1.split("!")[1].split(":")[0].strip("$").split("$")[0]
    choices = wb[CHOICES_SHEET]
    assert choices[f"{column}1"].value == f"{sheet}·{header}"
    return [c.value for c in choices[column][1:] if c.value is not None]


SCHEME_SHEETS = ("命名", "拨款", "考核", "检查", "整改通知", "年度备案")
SHANGHAI_SCHEMES = [
    "杨浦区劳模（先进）、技师创新工作室",
    "上海市劳模创新工作室",
    "上海市工匠创新工作室",
]
SHANGHAI_STEPS = ["单位工会", "区局（产业）工会", "市总工会"]
LESHAN_SCHEME = "乐山市劳模和工匠人才创新工作室"


def test_a_leshan_workbook_offers_only_leshans_programme_and_its_county_unions_step(demo):
    """Known before as unchecked: the 考核 sheet's drop-downs (考核环节 in 乐山's words, 命名方案
    offering 乐山's programme only), as every sheet's 命名方案; Shanghai's keep their three."""
    leshan, yangpu = demo.login("leshan"), demo.login("yangpu")
    for address in ("/adoption/template.xlsx", "/adoption/export.xlsx"):
        own = leshan.get(address).content
        for sheet in SCHEME_SHEETS:
            assert _choices(own, sheet, "命名方案") == [LESHAN_SCHEME], (address, sheet)
        assert _choices(own, "考核", "考核环节") == ["单位工会", "县（市、区）总工会", "市总工会"]
        shanghai = yangpu.get(address).content
        for sheet in SCHEME_SHEETS:
            assert _choices(shanghai, sheet, "命名方案") == SHANGHAI_SCHEMES, (address, sheet)
        assert _choices(shanghai, "考核", "考核环节") == SHANGHAI_STEPS


def test_a_leshan_file_in_older_words_is_still_read_and_refused_by_the_rule_not_the_list(demo):
    """A 考核 row in Shanghai's words (区局（产业）工会, another city's programme) is read, not
    called off the list: the refusal is the rule's ([L] sets no 考核), nothing imported."""
    browser = demo.login("leshan")
    exported = load_workbook(BytesIO(browser.get("/adoption/export.xlsx").content))
    scheme, number = next(exported["命名"].iter_rows(min_row=3, max_col=2, values_only=True))
    assert scheme == LESHAN_SCHEME
    exported["考核"].append([scheme, number, 2021, "区局（产业）工会", "通过（合格/保留）",
                            "2021-12-20", "主席", "合格", None])  # fmt: skip
    exported["考核"].append([scheme, number, 2022, "县（市、区）总工会", "通过（合格/保留）",
                            "2022-12-20", "主席", "合格", None])  # fmt: skip
    out = BytesIO()
    exported.save(out)
    page = browser.get("/adoption")
    data = {"csrf_token": csrf_of(page.text, "/adoption/import"), "dry_run": "1"}
    started = browser.post(
        "/adoption/import", data=data, files={"file": ("工作室名册.xlsx", out.getvalue(), XLSX)}
    )
    assert started.status_code == 303, started.text
    job_id = started.headers["location"].rsplit("/", 1)[1]
    job = demo.client.app.state.adoption_jobs._jobs[job_id]
    job.thread.join(timeout=120)
    assert job.report is None
    problems = [(c.sheet, c.column, c.message) for c in job.cells]
    assert [p for p in problems if p[0] == "考核"], problems
    assert all(p[0] == "考核" for p in problems), problems
    assert not any("下拉列表" in p[2] for p in problems), problems


def test_a_leshan_workbook_offers_only_what_leshans_people_and_titles_can_hold(demo):
    """The 荣誉, 当前状态 and 拨款类别 drop-downs of a 乐山 user's workbook offer what 乐山's
    people and titles can hold: no 上海市劳动模范, 上海工匠 or 区级工匠 (as the registration form
    [L 二（一）]), a title 已命名 only (the 命名 note's own 「状态填写“已命名”」: its notice names
    no way a title ends [L]), the 一次性奖励 only (no 区级配套资金 [L 三], as the 拨款 note says);
    Shanghai's keep theirs. Before: Shanghai's whole lists, against the sheets' own notes."""
    leshan, yangpu = demo.login("leshan"), demo.login("yangpu")
    for address in ("/adoption/template.xlsx", "/adoption/export.xlsx"):
        own = leshan.get(address).content
        honours = _choices(own, "荣誉", "荣誉")
        assert "市级劳动模范" in honours, address
        assert "工匠人才" in honours, address
        for shanghai in ("上海市劳动模范", "上海工匠", "区级工匠"):
            assert shanghai not in honours, (address, shanghai)
        assert _choices(own, "命名", "当前状态") == ["已命名"], address
        assert _choices(own, "拨款", "拨款类别") == ["一次性奖励"], address
        theirs = yangpu.get(address).content
        assert "上海工匠" in _choices(theirs, "荣誉", "荣誉"), address
        assert _choices(theirs, "命名", "当前状态") == [
            "已命名",
            "已退出管理序列（保留称号）",
            "已撤牌/摘牌",
        ], address
        assert _choices(theirs, "拨款", "拨款类别") == ["一次性补贴", "区级配套资金"], address
