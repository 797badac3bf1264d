"""The designation list: a page, a search, and a count that stops a little past the page."""

from __future__ import annotations

from lifecycle.listings import repository as listings
from lifecycle.listings.repository import Window
from lifecycle.scope import Scope
from tests import factories as f


def test_the_count_stops_past_the_page_and_says_so(uow, monkeypatch):
    with uow() as u:
        tree = f.union_tree(u)
        made = [f.named_designation(u, tree) for _ in range(6)]
        scope = Scope.subtree(tree.district.path)
        whole = u.listings.designations(scope, Window(limit=2, offset=0))
        assert (whole.total, whole.exact) == (6, True)
        assert [d.id for d in whole.items] == [d.id for d in made[:2]]
        monkeypatch.setattr(listings, "COUNT_AHEAD", 1)
        first = u.listings.designations(scope, Window(limit=2, offset=0))
        assert (first.total, first.exact) == (3, False)  # at least 3: there is a next page
        last = u.listings.designations(scope, Window(limit=2, offset=4))
        assert (last.total, last.exact) == (6, True)
        assert [d.id for d in last.items] == [d.id for d in made[4:]]
        middle = u.listings.designations(scope, Window(limit=2, offset=2))
        assert (middle.total, middle.exact) == (5, False)  # the pages before are not counted
        beyond = u.listings.designations(scope, Window(limit=2, offset=10))
        assert (beyond.items, beyond.total, beyond.exact) == ([], 6, True)


def test_search_finds_by_title_fragment_or_exact_number_within_scope(uow):
    with uow() as u:
        tree = f.union_tree(u)
        wanted = f.named_designation(u, tree)
        f.named_designation(u, tree)
        scope = Scope.subtree(tree.district.path)
        fragment = wanted.title[-4:]
        by_title = u.listings.designations(scope, Window(), search=fragment)
        assert wanted.id in [d.id for d in by_title.items]
        if wanted.number:
            by_number = u.listings.designations(scope, Window(), search=wanted.number)
            assert [d.id for d in by_number.items] == [wanted.id]
        outside = Scope.subtree(tree.other_district.path)
        assert u.listings.designations(outside, Window(), search=fragment).items == []
        assert u.listings.designations(scope, Window(), search="%").items == []
