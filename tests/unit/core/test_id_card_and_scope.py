"""ID-card checks and masking; union-subtree scope by path prefix."""

from __future__ import annotations

from datetime import date

from lifecycle.persons.id_card import id_card_check_char, id_card_problem, mask_id_card
from lifecycle.scope import Scope


def test_gb11643_check_character():
    assert id_card_check_char("11010519491231002") == "X"
    assert id_card_problem("11010519491231002X", date(1949, 12, 31)) is None
    assert id_card_problem("110105194912310021") == "身份证号码校验位不正确"
    assert id_card_problem("12345") == "身份证号码应为18位（最后一位可为X）"
    assert "出生日期" in (id_card_problem("11010519491231002X", date(1950, 1, 1)) or "")


def test_masking_never_shows_the_middle():
    assert mask_id_card("11010519491231002X") == "1101**********002X"
    assert mask_id_card(None) is None
    assert mask_id_card("1234") == "****"


def test_scope_covers_only_its_subtree():
    yangpu = Scope.subtree("/1/2/")
    assert yangpu.covers_path("/1/2/7/9/")
    assert not yangpu.covers_path("/1/3/")
    assert not yangpu.covers_path("/1/22/")
    assert Scope.everything().covers_path("/anything/")
