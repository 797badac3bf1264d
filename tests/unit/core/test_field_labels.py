"""The combined message of a refusal names each bad field in Chinese, never by its code."""

from __future__ import annotations

import pytest

from lifecycle.errors import Problems, ValidationFailed
from lifecycle.field_labels import combined_message, field_label, labelled
from lifecycle.views.home_tree import home_of
from lifecycle.vocab import UnionLevel


def test_a_bare_message_is_led_by_its_fields_label_and_a_sentence_stays_as_it_is():
    assert field_label("honours[0].year") == "年度"
    message = combined_message(
        [
            ("year", "备案年度不能晚于2026年"),
            ("employer", "不能超过200个字符"),
            ("items.0.birth_date", "必填"),
            ("employer", "不能超过200个字符"),  # said once
            ("no_such_field", "过长"),
            ("no_such_field", "不接受此字段"),
        ]
    )
    assert message == (
        "备案年度不能晚于2026年；工作单位不能超过200个字符；出生日期必填；有一项输入过长；"
        "请求含有不接受的字段"
    )


def test_a_validation_failure_keeps_its_fields_and_codes_and_says_them_in_chinese():
    problems = Problems()
    problems.add("year", "invalid_year", "备案年度不能晚于2026年")
    problems.add("filed_on", "in_future", "备案日期不能晚于今天")
    with pytest.raises(ValidationFailed) as refused:
        problems.raise_if_any()
    err = refused.value
    assert err.message == "备案年度不能晚于2026年；备案日期不能晚于今天"
    assert (err.field, err.code) == ("year", "invalid_year")
    assert [p.field for p in err.problems] == ["year", "filed_on"]


def test_a_tree_holds_the_schemes_whose_naming_union_lies_in_it():
    regional = [
        ("/1/", UnionLevel.CITY, "shanghai"),
        ("/1/2/", UnionLevel.DISTRICT, "yangpu"),
        ("/7/", UnionLevel.CITY, "leshan"),
    ]
    shanghai = home_of("/1/2/5/", regional)
    assert set(shanghai.schemes) == {
        "yangpu-district",
        "shanghai-model-worker",
        "shanghai-craftsman",
    }
    assert shanghai.craftsman_selection
    leshan = home_of("/7/9/", regional)
    assert set(leshan.schemes) == {"leshan-city"}
    assert not leshan.craftsman_selection
    # District matching [S10] is owed in Shanghai's tree (its city titles), not in 乐山's [L 三].
    assert shanghai.district_matching
    assert not leshan.district_matching
    assert not home_of("/1/2/", [("/1/2/", UnionLevel.DISTRICT, "yangpu")]).district_matching
    # A tree without a naming union of a pack (no 杨浦 here) does not hold that pack.
    assert "yangpu-district" not in home_of("/1/", regional[:1]).schemes


def test_a_field_is_labelled_as_its_record_kind_words_it():
    assert field_label("name", "person") == "姓名"
    assert field_label("name", "workshop") == field_label("name") == "名称"
    assert field_label("title", "activity") == "活动名称"
    assert field_label("honours[0].year", "person") == "荣誉年份"  # a person's honour, not a 年度
    assert field_label("honours.0.year", "person") == "荣誉年份"  # the path the API names
    assert field_label("year", "activity") == "年度"  # not overridden: the shared label
    assert combined_message([("name", "必填")], "person") == "姓名必填"


def test_every_field_of_every_api_body_has_a_chinese_label():
    import importlib
    import pkgutil

    import api.v1
    from api.v1.common import Inbound

    unlabelled = set()
    for module in pkgutil.iter_modules(api.v1.__path__):
        for body in vars(importlib.import_module(f"api.v1.{module.name}")).values():
            if isinstance(body, type) and issubclass(body, Inbound):
                kind = body.record_kind
                unlabelled |= {n for n in body.model_fields if field_label(n, kind) is None}
    assert not unlabelled


def test_a_refused_file_type_names_its_field_once() -> None:
    refused = "不接受此类文件（只接受 PDF、PNG、JPG、JPEG、DOCX、XLSX）"
    # Before: 「文件不接受此类文件」, the label run into the sentence that names the file again.
    assert labelled("file", refused) == refused
    assert labelled("file", refused, "rectification_report") == f"书面报告：{refused}"
    assert combined_message([("file", refused), ("kind", "必填")]).startswith(refused)
