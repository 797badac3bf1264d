"""The import page's notes follow the rules of the user's own city tree: 乐山's [L] where its
city pack is the tree's, else the sheets' own (Shanghai's and Yangpu's)."""

from __future__ import annotations

from lifecycle.adoption.guide import LESHAN_GUIDE, SHANGHAI_GUIDE, import_guide
from lifecycle.adoption.sheets import SHEETS
from lifecycle.citations import cite
from lifecycle.schemes import all_schemes, leshan_city


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
