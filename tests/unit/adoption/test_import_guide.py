"""The import page's notes follow the rules of the user's own city tree: 乐山's [L] where its
city pack is the tree's, else the sheets' own (Shanghai's and Yangpu's)."""

from __future__ import annotations

from lifecycle.adoption.errors import CellProblem
from lifecycle.adoption.guide import LESHAN_GUIDE, SHANGHAI_GUIDE, import_guide, workbook_sheets
from lifecycle.adoption.parse import parse_sheets
from lifecycle.adoption.reader import read_sheets
from lifecycle.adoption.sheets import SHEETS, UNIONS
from lifecycle.adoption.template import registry_workbook
from lifecycle.citations import cite
from lifecycle.schemes import all_schemes, get_scheme, leshan_city
from lifecycle.schemes.base import wording_of
from lifecycle.views.home_tree import NO_TREE, HomeTree


def test_each_city_tree_gets_its_own_guide_over_the_same_sheets() -> None:
    shanghai = {s.settings.code for s in all_schemes()} - {leshan_city.CODE}
    assert import_guide(shanghai) is SHANGHAI_GUIDE
    assert SHANGHAI_GUIDE.sheets == SHEETS  # Shanghai's page as it was
    assert import_guide({leshan_city.CODE: "乐山市劳模和工匠人才创新工作室"}) is LESHAN_GUIDE
    assert import_guide({}) is SHANGHAI_GUIDE  # a tree of no programme: the service's words
    assert [s.name for s in LESHAN_GUIDE.sheets] == [s.name for s in SHEETS]
    assert [s.columns for s in LESHAN_GUIDE.sheets] == [s.columns for s in SHEETS]


def test_leshans_notes_cite_leshans_notice_and_no_shanghai_rule() -> None:
    texts = [cite(s.note) for s in LESHAN_GUIDE.sheets] + [cite(LESHAN_GUIDE.cutover)]
    for text in texts:
        assert "杨浦" not in text, text
        assert "上海" not in text, text
        assert "[" not in text, text  # every rule id rendered as its citation
    assert "关于推荐申报2020年乐山市劳模和工匠人才创新工作室的通知" in "".join(texts)


LESHAN_TREE = HomeTree(
    {leshan_city.CODE: "乐山市劳模和工匠人才创新工作室"},
    False,
    wording_of([get_scheme(leshan_city.CODE)]),
)


def _levels(sheets, *words: str) -> tuple[list[str | None], list[str]]:
    """The 层级 read from a workbook of ``sheets`` with one union row per word; the refusals."""
    rows = {UNIONS.name: [[f"乐山市总工会/{i}", word] for i, word in enumerate(words)]}
    cells: list[CellProblem] = []
    raw = read_sheets(registry_workbook(rows, sheets=sheets), tuple(s.name for s in SHEETS))
    records = parse_sheets(raw, cells, sheets)[UNIONS.name]
    return [r["level"] for r in records], [c.message for c in cells]


def test_a_leshan_workbook_offers_leshans_level_words_and_reads_both() -> None:
    sheets = workbook_sheets(LESHAN_TREE)
    assert [s.note for s in sheets] == [s.note for s in LESHAN_GUIDE.sheets]
    level = sheets[0].column("level")
    assert level.choices is not None
    assert "县（市、区）总工会" in level.choices
    assert "区局（产业）工会" not in level.choices  # not offered, but still read
    assert _levels(sheets, "县（市、区）总工会", "区局（产业）工会") == (
        ["district", "district"],
        [],
    )
    # A Shanghai workbook is as it was, and reads no other city's words.
    assert workbook_sheets(NO_TREE) == SHEETS
    levels, refused = _levels(SHEETS, "县（市、区）总工会")
    assert levels == [None]
    assert refused[0].startswith("不在下拉列表中")
