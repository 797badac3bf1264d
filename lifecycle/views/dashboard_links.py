"""Where each dashboard figure leads: the 待办 list filtered to the occasions it counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from lifecycle.occasions.model import OccasionKind
from lifecycle.views.dashboard import Dashboard, month_start


@dataclass(frozen=True)
class BoardLinks:
    """One link per figure; each list filter reproduces the figure's count."""

    overdue: str
    due_this_month: str
    undated: str
    my_step: str
    kinds: dict[OccasionKind, str]
    months: list[str]


def _todo(**params: str) -> str:
    return "/todo?" + urlencode(params)


def _between(first: date, last: date) -> str:
    # A step with no deadline is due in no month (``Occasion.undated``).
    return _todo(**{"from": first.isoformat(), "to": last.isoformat(), "undated": "0"})


def board_links(board: Dashboard) -> BoardLinks:
    """The 待办 list URL behind every count, category and month bar of ``board``."""
    end = month_start(board.as_of, len(board.months)) - timedelta(days=1)
    this_month_end = month_start(board.as_of, 1) - timedelta(days=1)
    months = []
    for k in range(len(board.months)):
        last = month_start(board.as_of, k + 1) - timedelta(days=1)
        months.append(_between(month_start(board.as_of, k), last))
    return BoardLinks(
        overdue=_todo(status="overdue"),
        due_this_month=_todo(status="pending", to=this_month_end.isoformat(), undated="0"),
        undated=_todo(undated="1"),
        my_step=_todo(acting="1", to=end.isoformat()),
        kinds={k: _todo(kind=k.value, to=end.isoformat()) for k, _, _ in board.counts_by_kind},
        months=months,
    )
