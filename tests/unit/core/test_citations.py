"""Rule ids become the regulations' own citations wherever users read them."""

from __future__ import annotations

from markupsafe import Markup

from lifecycle.citations import chinese_number, citation, cite, finalize

YANGPU = "《杨浦区劳模（先进）、技师创新工作室管理办法》"
SHANGHAI = "《上海市“劳模创新工作室”管理办法（修订）》"


def test_article_numbers_read_as_the_regulations_number_them():
    assert [chinese_number(n) for n in (1, 9, 10, 12, 16, 20, 21, 24)] == [
        "一", "九", "十", "十二", "十六", "二十", "二十一", "二十四",
    ]  # fmt: skip


def test_single_ids_and_parts_of_a_notice():
    assert citation("[Y16]") == f"{YANGPU}第十六条"
    assert citation("S9") == f"{SHANGHAI}第九条"
    assert (
        citation("[C 三（六）]")
        == "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（六）"
    )
    assert citation("[L]") == "《关于推荐申报2020年乐山市劳模和工匠人才创新工作室的通知》"
    assert citation("[X1]") == "[X1]"  # not a rule id: left as given
    # The 上海工匠 notice is cited as the other notices: whole, or a part of it.
    notice = "《关于开展2024年度“上海工匠”培养选树工作的通知》"
    assert citation("[G]") == notice
    assert citation("[G 五（三）]") == f"{notice}五（三）"


def test_text_is_cited_in_place_and_adjacent_ids_are_joined():
    text = "一次性补贴 10,000.00 元：重复发放（[Y14][S10]）；同一成果只能申请一次（[Y15]）"
    assert cite(text) == (
        f"一次性补贴 10,000.00 元：重复发放（{YANGPU}第十四条、{SHANGHAI}第十条）；"
        f"同一成果只能申请一次（{YANGPU}第十五条）"
    )
    # Brackets that are not rule ids stay (type names in a developer's message, lists).
    assert cite("list[Session] [Sequence[Any]] [1]") == "list[Session] [Sequence[Any]] [1]"


def test_the_template_hook_keeps_markup_safe_and_other_values_alone():
    cited = finalize(Markup("<b>[Y12]</b>"))
    assert isinstance(cited, Markup)
    assert cited == Markup(f"<b>{YANGPU}第十二条</b>")
    assert finalize("撤牌（[Y12]）") == f"撤牌（{YANGPU}第十二条）"
    assert finalize(12) == 12
