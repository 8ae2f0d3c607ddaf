"""Server-side SVG bar charts: no script, readable by screen readers (title, desc and
one text label per bar), and printable."""

from dataclasses import dataclass

from markupsafe import Markup, escape

LEVEL_COLOURS = {"ok": "#0b4f9c", "warning": "#b45f06", "reached": "#a61b1b"}


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value, an optional limit drawn as a marker, and its level."""

    label: str
    value: int
    limit: int | None = None
    level: str = "ok"


def _fmt(n: int) -> str:
    return f"{n:,}"


def bar_chart(bars: list[Bar], *, title: str, chart_id: str, unit: str = "") -> Markup:
    """Horizontal bars scaled to the largest value or limit; limits as dashed markers."""
    row, label_w, plot_w, pad = 34, 230, 420, 8
    height = row * max(len(bars), 1) + 2 * pad
    top = max([1, *(b.value for b in bars), *(b.limit or 0 for b in bars)])
    desc = "；".join(
        f"{b.label}：{_fmt(b.value)}{unit}" + (f"（门槛 {_fmt(b.limit)}{unit}）" if b.limit else "")
        for b in bars
    )
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 '
        f'{label_w + plot_w + 110} {height}" aria-labelledby="{escape(chart_id)}-t '
        f'{escape(chart_id)}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-d">{escape(desc or "无数据")}</desc>',
    ]
    for i, bar in enumerate(bars):
        y = pad + i * row
        width = round(plot_w * bar.value / top)
        colour = LEVEL_COLOURS.get(bar.level, LEVEL_COLOURS["ok"])
        parts.append(f'<text x="0" y="{y + 21}">{escape(bar.label)}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 6}" width="{plot_w}" height="20" fill="#eaf1fa"/>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 6}" width="{width}" height="20" fill="{colour}"/>'
        )
        if bar.limit:
            x = label_w + round(plot_w * bar.limit / top)
            parts.append(
                f'<line x1="{x}" x2="{x}" y1="{y + 2}" y2="{y + 30}" stroke="#1c2430" '
                'stroke-width="2" stroke-dasharray="4 3"/>'
            )
        parts.append(
            f'<text x="{label_w + plot_w + 8}" y="{y + 21}">{escape(_fmt(bar.value))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
