"""A notice's deadline is said to be provisional only while the notice is open [Y12]."""

from __future__ import annotations

from lifecycle.notices.rules import deadline_note, deadline_still_provisional


def test_only_an_open_notices_unconfirmed_deadline_is_said_to_be_provisional() -> None:
    assert deadline_still_provisional(True, True)
    assert deadline_note(True, True) == "节假日安排未公布，暂定"
    # Confirmed, or closed (已整改 / 已撤牌): the deadline reads as a date alone.
    for is_open, provisional in ((True, False), (False, True), (False, False)):
        assert not deadline_still_provisional(is_open, provisional)
        assert deadline_note(is_open, provisional) == ""
