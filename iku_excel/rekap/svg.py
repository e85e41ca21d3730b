"""Charts for rekap.html as inline SVG: no script library, no file beside the page.

Horizontal bars, one per kecamatan, value written at the end of each bar;
optional vertical reference lines (the IKM mutu band edges); stacked bars for
the predikat distribution. Every text is escaped.
"""

from __future__ import annotations

import math
from html import escape

from iku_excel.calc.bands import band_set
from iku_excel.calc.capaian import PREDIKAT_BANDS
from iku_excel.calc.numbers import format_number

GRADES = ("#4E9A57", "#9BC37A", "#F2C94C", "#F2994A", "#D64545")  # best to worst, spread over a band set


def predikat_fill() -> dict[str, str]:
    """Each predikat label of the band set in force with its bar colour."""
    return band_set(PREDIKAT_BANDS).shades(GRADES)
BAR = "#2F6DA3"
LABEL_W, BAR_W, ROW_H, TOP = 210, 420, 22, 28


def bars(title: str, items: list[tuple[str, float, str | None]], unit: str = "",
         lines: list[tuple[float, str]] = ()) -> str:
    """items: (label, value, colour or None); lines: (value, label) drawn across the bars."""
    items = [(str(label), float(value), colour) for label, value, colour in items
             if value is not None and not math.isnan(value)]
    if not items:
        return ""
    top = max([v for _l, v, _c in items] + [v for v, _t in lines] + [1.0])
    scale = BAR_W / (top * 1.1)
    height = TOP + ROW_H * len(items) + 24 + 13 * len(lines)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{LABEL_W + BAR_W + 160}" height="{height}" '
           f'class="chart"><title>{escape(title)}</title>',
           f'<text x="0" y="16" font-size="12" font-weight="bold">{escape(_short(title))}</text>']
    for i, (label, value, colour) in enumerate(items):
        y = TOP + i * ROW_H
        w = max(0.0, value) * scale
        out.append(f'<text x="{LABEL_W - 6}" y="{y + 15}" font-size="12" text-anchor="end">{escape(label)}</text>')
        out.append(f'<rect x="{LABEL_W}" y="{y + 3}" width="{w:.1f}" height="{ROW_H - 6}" fill="{colour or BAR}"/>')
        out.append(f'<text x="{LABEL_W + w + 4:.1f}" y="{y + 15}" font-size="12">'
                   f'{escape(format_number(value, fixed=True))}{escape(unit)}</text>')
    bottom = TOP + ROW_H * len(items)
    for i, (value, text) in enumerate(sorted(lines)):
        x = LABEL_W + value * scale
        out.append(f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{bottom + 4 + 13 * i}" stroke="#555" '
                   'stroke-dasharray="4 3"/>')
        out.append(f'<text x="{x + 3:.1f}" y="{bottom + 14 + 13 * i}" font-size="11">{escape(text)}</text>')
    out.append("</svg>")
    return "".join(out)


def _short(text: str, limit: int = 80) -> str:
    """A chart heading that fits the picture; the whole text stays in its <title>."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stacked(title: str, rows: list[tuple[str, dict[str, int]]], order: tuple[str, ...]) -> str:
    """One bar per row, split into the counts of `order` (predikat), with a legend."""
    rows = [(str(label), {k: int(v) for k, v in counts.items()}) for label, counts in rows if sum(counts.values())]
    if not rows:
        return ""
    top = max(sum(c.values()) for _l, c in rows)
    scale = BAR_W / top
    fill = predikat_fill()
    height = TOP + ROW_H * len(rows) + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{LABEL_W + BAR_W + 160}" height="{height}" '
           f'class="chart"><title>{escape(title)}</title>',
           f'<text x="0" y="16" font-size="13" font-weight="bold">{escape(title)}</text>']
    for i, (label, counts) in enumerate(rows):
        y = TOP + i * ROW_H
        x = LABEL_W
        out.append(f'<text x="{LABEL_W - 6}" y="{y + 15}" font-size="12" text-anchor="end">{escape(label)}</text>')
        for name in order:
            n = counts.get(name, 0)
            if n:
                out.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{n * scale:.1f}" height="{ROW_H - 6}" '
                           f'fill="{fill[name]}"><title>{escape(name)}: {n}</title></rect>')
                x += n * scale
    legend_y = TOP + ROW_H * len(rows) + 18
    x = LABEL_W
    for name in order:
        out.append(f'<rect x="{x}" y="{legend_y - 10}" width="10" height="10" fill="{fill[name]}"/>')
        out.append(f'<text x="{x + 13}" y="{legend_y}" font-size="11">{escape(name)}</text>')
        x += 14 + 7 * len(name) + 12
    out.append("</svg>")
    return "".join(out)
