"""ID-card checks and masking; union-subtree scope by path prefix."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, MetaData, String, Table, create_engine, select

from lifecycle.persons.id_card import id_card_check_char, id_card_problem, mask_id_card
from lifecycle.scope import Scope, in_bound_scope


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


def test_a_scope_bound_by_value_matches_what_its_clause_matches():
    # A statement written once takes the scope as a value (``Scope.bound``): the same rows as
    # ``Scope.clause``, a LIKE character in a path matched as itself.
    paths = ["/1/", "/1/2/", "/1/2/7/", "/1/22/", "/1/3/", "/12/", "/1/_/", "/1/%/", "/1/x/"]
    table = Table("t", MetaData(), Column("path", String(40)))
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        table.metadata.create_all(conn)
        conn.execute(table.insert(), [{"path": p} for p in paths])
        bound = select(table.c.path).where(in_bound_scope(table.c.path))
        for scope in (Scope.everything(), Scope.subtree("/1/2/"), Scope.subtree("/1/_/")):
            by_clause = set(conn.scalars(select(table.c.path).where(scope.clause(table.c.path))))
            assert set(conn.scalars(bound, scope.bound)) == by_clause
        assert set(conn.scalars(bound, Scope.subtree("/1/2/").bound)) == {"/1/2/", "/1/2/7/"}
        assert set(conn.scalars(bound, Scope.subtree("/1/_/").bound)) == {"/1/_/"}
        assert len(set(conn.scalars(bound, Scope.everything().bound))) == len(paths)
