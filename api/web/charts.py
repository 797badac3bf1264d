"""Bar charts as inline SVG, drawn on the server (no script, no external asset)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

WIDTH = 720
HEIGHT = 260
TOP = 24
BOTTOM = 44
LEFT = 12
RIGHT = 12


def bar_chart(
    bars: Sequence[tuple[str, int]],
    *,
    title: str,
    value_label: Callable[[int], str] = str,
    links: Sequence[str | None] | None = None,
    axis: Sequence[tuple[str, str | None]] | None = None,
) -> Markup:
    """A vertical bar chart of (label, value) pairs with each value written above its bar.

    ``axis``: what is written under each bar instead of its whole label, a short line and an
    optional second one (the months' 「12月」 with 「2026年」 under the first and each January);
    the bar's tooltip keeps the whole label."""
    n = max(len(bars), 1)
    top_value = max((v for _, v in bars), default=0) or 1
    slot = (WIDTH - LEFT - RIGHT) / n
    bar_width = slot * 0.64
    plot = HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" '
        f'y2="{HEIGHT - BOTTOM}" class="axis"/>',
    ]
    for i, (label, value) in enumerate(bars):
        height = round(plot * max(value, 0) / top_value, 1)
        x = round(LEFT + slot * i + (slot - bar_width) / 2, 1)
        y = round(HEIGHT - BOTTOM - height, 1)
        centre = round(LEFT + slot * i + slot / 2, 1)
        text = escape(value_label(value))
        short, second = axis[i] if axis is not None and i < len(axis) else (label, None)
        under = (
            f'<text x="{centre}" y="{HEIGHT - BOTTOM + 34}" class="label">{escape(second)}</text>'
            if second
            else ""
        )
        bar = (
            f'<rect x="{x}" y="{y}" width="{round(bar_width, 1)}" height="{height}" class="bar">'
            f"<title>{escape(label)}：{text}</title></rect>"
            f'<text x="{centre}" y="{round(y - 6, 1)}" class="value">{text}</text>'
            f'<text x="{centre}" y="{HEIGHT - BOTTOM + 18}" class="label">{escape(short)}</text>'
            f"{under}"
        )
        link = links[i] if links is not None and i < len(links) else None
        parts.append(f'<a href="{escape(link)}">{bar}</a>' if link else bar)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every piece of text above is escaped
