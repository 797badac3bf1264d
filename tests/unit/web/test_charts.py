"""The server-side SVG bar chart: one bar per value, heights in proportion, text escaped."""

from __future__ import annotations

import re
from datetime import date

from api.web.charts import bar_chart
from lifecycle.views.dashboard import month_start


def test_bars_are_proportional_and_labelled():
    svg = str(bar_chart([("1月", 2), ("2月", 4), ("3月", 0)], title="到期"))
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert heights[1] == 2 * heights[0]
    assert heights[2] == 0
    assert re.findall(r'class="label">([^<]+)<', svg) == ["1月", "2月", "3月"]


def test_text_is_escaped_and_links_are_optional():
    svg = str(bar_chart([("<b>", 1)], title="a&b", links=["/designations?x=1&y=2"]))
    assert "<b>" not in svg
    assert "&lt;b&gt;" in svg
    assert 'href="/designations?x=1&amp;y=2"' in svg


def test_month_start_crosses_the_year():
    assert month_start(date(2026, 11, 21)) == date(2026, 11, 1)
    assert month_start(date(2026, 11, 21), 2) == date(2027, 1, 1)
    assert month_start(date(2026, 11, 21), 12) == date(2027, 11, 1)


def test_the_axis_may_write_a_short_label_and_a_second_line_keeping_the_whole_in_the_tip():
    svg = str(
        bar_chart(
            [("2026年12月", 1), ("2027年1月", 2)],
            title="到期",
            axis=[("12月", "2026年"), ("1月", "2027年")],
        )
    )
    assert re.findall(r'class="label">([^<]+)<', svg) == ["12月", "2026年", "1月", "2027年"]
    assert re.findall(r"<title>([^：<]+)：", svg) == ["2026年12月", "2027年1月"]
