"""Server-rendered charts: inline SVG with no script and no external file.

Every chart is readable without colour (each series has its own fill pattern or line
dash and marker, every bar and point carries its value as text) and by screen readers
(``<figure>`` + ``<figcaption>``, the SVG is ``role="img"`` named by the caption, and a
``<table>`` of the same figures follows it).

The API is three functions returning a plain dict (the "spec"); templates render it with
``{% load portal_tags %}{% chart spec %}``::

    from gongkai.portal.charts import bar_chart, line_chart, stacked_chart

    spec = bar_chart("2025年办理结果", ["予以公开", "部分公开"], [("件数", [12, 3])], unit="件")
    spec = stacked_chart("渠道", ["2024", "2025"], [("网站", [10, 12]), ("微信", [4, 6])])
    spec = line_chart("按时办结率", ["1月", "2月"], [("按时率", [100, 87.5])], unit="%", max_value=100)

``series`` is a list of ``(name, values)`` pairs (or ``{"name": ..., "values": ...}`` dicts),
one value per category; ``None`` means "no figure" (drawn as nothing, shown as "—").
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Sequence

# Colours (all >= 3:1 against white, WCAG 1.4.11) and, for readers who cannot tell them
# apart, a fill pattern per series (bars) and a dash and marker per series (lines).
COLOURS = ["#a4161a", "#1a4fd6", "#2e6b30", "#6a1b9a", "#8a5a00", "#37474f"]
PATTERNS = ["solid", "diagonal", "dots", "cross", "horizontal", "vertical"]
DASHES = ["", "8 4", "2 4", "12 4 2 4", "4 4", ""]
MARKERS = ["circle", "square", "triangle", "diamond", "circle", "square"]

WIDTH = 560
BAR = 18  # bar thickness
LABEL_H = 20  # category label line above the bars
ROW_GAP = 12
VALUE_W = 76  # room right of the longest bar for its value label


def _series(series: Iterable) -> list[tuple[str, list]]:
    out = []
    for s in series:
        if isinstance(s, dict):
            out.append((str(s["name"]), list(s["values"])))
        else:
            name, values = s
            out.append((str(name), list(values)))
    return out


def fmt(value, unit: str = "") -> str:
    """A figure as printed: integers without decimals, others with one; ``—`` for None."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:.1f}"
    else:
        text = f"{int(value)}" if isinstance(value, (int, float)) else str(value)
    return f"{text}{unit}"


def marker_path(kind: str, x: float, y: float, r: float = 4.5) -> str:
    """An SVG path for a point marker: circle, square, triangle or diamond centred on (x, y)."""
    if kind == "square":
        return f"M{x - r:.1f} {y - r:.1f}h{2 * r:.1f}v{2 * r:.1f}h{-2 * r:.1f}z"
    if kind == "triangle":
        return f"M{x:.1f} {y - r - 1:.1f}l{r + 1:.1f} {2 * r + 1:.1f}h{-2 * r - 2:.1f}z"
    if kind == "diamond":
        return f"M{x:.1f} {y - r - 1:.1f}l{r + 1:.1f} {r + 1:.1f}l{-r - 1:.1f} {r + 1:.1f}l{-r - 1:.1f} {-r - 1:.1f}z"
    return f"M{x - r:.1f} {y:.1f}a{r:.1f} {r:.1f} 0 1 0 {2 * r:.1f} 0a{r:.1f} {r:.1f} 0 1 0 {-2 * r:.1f} 0z"


def _chart_id(kind: str, title: str, categories, series) -> str:
    raw = json.dumps([kind, title, list(map(str, categories)), series], default=str)
    return "chart-" + hashlib.sha1(raw.encode()).hexdigest()[:10]


def _legend(series: list[tuple[str, list]], chart_id: str, lines: bool = False) -> list[dict]:
    return [
        {
            "name": name,
            "colour": COLOURS[i % len(COLOURS)],
            "fill": _fill(chart_id, i),
            "dash": DASHES[i % len(DASHES)],
            "marker": MARKERS[i % len(MARKERS)],
            "marker_d": marker_path(MARKERS[i % len(MARKERS)], 14, 8),
            "pattern_id": f"{chart_id}-p{i}",
        }
        for i, (name, _values) in enumerate(series)
    ]


def _fill(chart_id: str, i: int) -> str:
    return (
        COLOURS[i % len(COLOURS)]
        if PATTERNS[i % len(PATTERNS)] == "solid"
        else f"url(#{chart_id}-p{i})"
    )


def _patterns(n: int, chart_id: str) -> list[dict]:
    return [
        {
            "id": f"{chart_id}-p{i}",
            "kind": PATTERNS[i % len(PATTERNS)],
            "colour": COLOURS[i % len(COLOURS)],
        }
        for i in range(n)
        if PATTERNS[i % len(PATTERNS)] != "solid"
    ]


def _table(categories, series, unit: str, totals: bool = False) -> dict:
    rows = []
    for ci, category in enumerate(categories):
        cells = [fmt(values[ci] if ci < len(values) else None, unit) for _n, values in series]
        if totals:
            cells.append(
                fmt(sum(v for _n, vals in series if ci < len(vals) and (v := vals[ci])), unit)
            )
        rows.append({"category": str(category), "cells": cells})
    header = [name for name, _v in series] + (["合计"] if totals else [])
    return {"header": header, "rows": rows}


def _base(kind, title, categories, series, *, unit, description, chart_id, category_label):
    series = _series(series)
    categories = [str(c) for c in categories]
    for name, values in series:
        if len(values) != len(categories):
            raise ValueError(
                f"series {name!r} has {len(values)} values for {len(categories)} categories"
            )
    cid = chart_id or _chart_id(kind, title, categories, series)
    return (
        series,
        categories,
        {
            "kind": kind,
            "id": cid,
            "title": str(title),
            "description": str(description),
            "unit": unit,
            "category_label": category_label,
            "categories": categories,
            "series": [{"name": n, "values": v} for n, v in series],
            "legend": _legend(series, cid),
            "patterns": _patterns(len(series), cid),
            "show_legend": len(series) > 1,
            "template": "portal/includes/chart_line.html"
            if kind == "line"
            else "portal/includes/chart_bar.html",
            "width": WIDTH,
        },
    )


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0:
        return 1
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def bar_chart(
    title: str,
    categories: Sequence,
    series: Iterable,
    *,
    unit: str = "",
    description: str = "",
    chart_id: str | None = None,
    category_label: str = "",
    max_value: float | None = None,
) -> dict:
    """Horizontal bars, one group per category (one bar per series), values at the bar ends."""
    series, categories, spec = _base(
        "bar",
        title,
        categories,
        series,
        unit=unit,
        description=description,
        chart_id=chart_id,
        category_label=category_label,
    )
    top = max_value or max([v for _n, vals in series for v in vals if v is not None] or [0]) or 1
    span = WIDTH - VALUE_W
    rows, y = [], 0
    for ci, category in enumerate(categories):
        row = {"label": category, "label_y": y + 14, "bars": []}
        y += LABEL_H
        for si, (name, values) in enumerate(series):
            v = values[ci]
            w = 0 if v is None else max(span * float(v) / top, 0)
            if v is not None and v > 0:
                w = max(w, 2)
            row["bars"].append(
                {
                    "x": 0,
                    "y": y,
                    "w": round(w, 1),
                    "h": BAR,
                    "fill": _fill(spec["id"], si),
                    "stroke": COLOURS[si % len(COLOURS)],
                    "label": fmt(v, unit),
                    "label_x": round(w + 6, 1),
                    "label_y": y + BAR - 4,
                    "series": name,
                }
            )
            y += BAR + 2
        y += ROW_GAP
        rows.append(row)
    spec.update(rows=rows, height=max(y, 1), table=_table(categories, series, unit))
    return spec


def stacked_chart(
    title: str,
    categories: Sequence,
    series: Iterable,
    *,
    unit: str = "",
    description: str = "",
    chart_id: str | None = None,
    category_label: str = "",
) -> dict:
    """One horizontal bar per category split into its series; segment values inside, total at the end."""
    series, categories, spec = _base(
        "stacked",
        title,
        categories,
        series,
        unit=unit,
        description=description,
        chart_id=chart_id,
        category_label=category_label,
    )
    totals = [sum(vals[ci] or 0 for _n, vals in series) for ci in range(len(categories))]
    top = max(totals or [0]) or 1
    span = WIDTH - VALUE_W
    rows, y = [], 0
    for ci, category in enumerate(categories):
        row = {"label": category, "label_y": y + 14, "bars": []}
        y += LABEL_H
        x = 0.0
        for si, (name, values) in enumerate(series):
            v = values[ci] or 0
            w = span * float(v) / top
            row["bars"].append(
                {
                    "x": round(x, 1),
                    "y": y,
                    "w": round(w, 1),
                    "h": BAR + 6,
                    "fill": _fill(spec["id"], si),
                    "stroke": COLOURS[si % len(COLOURS)],
                    # a value label inside the segment when it fits (always in the table)
                    "inner_label": fmt(v, unit) if v and w >= 8 * len(fmt(v, unit)) + 8 else "",
                    "inner_x": round(x + w / 2, 1),
                    "label_y": y + BAR,
                    "series": name,
                }
            )
            x += w
        row["total"] = fmt(totals[ci], unit)
        row["total_x"] = round(x + 6, 1)
        row["total_y"] = y + BAR
        y += BAR + 6 + ROW_GAP
        rows.append(row)
    spec.update(
        rows=rows,
        height=max(y, 1),
        table=_table(categories, series, unit, totals=True),
        show_legend=True,
    )
    return spec


def line_chart(
    title: str,
    categories: Sequence,
    series: Iterable,
    *,
    unit: str = "",
    description: str = "",
    chart_id: str | None = None,
    category_label: str = "",
    max_value: float | None = None,
) -> dict:
    """Lines over categories (e.g. months) with a marker and the value at every point."""
    series, categories, spec = _base(
        "line",
        title,
        categories,
        series,
        unit=unit,
        description=description,
        chart_id=chart_id,
        category_label=category_label,
    )
    left, right, top_m, bottom, height = 48, 16, 24, 36, 260
    plot_w, plot_h = WIDTH - left - right, height - top_m - bottom
    top = max_value or _nice_max(
        max([v for _n, vals in series for v in vals if v is not None] or [0])
    )
    n = len(categories)
    step = plot_w / max(n - 1, 1) if n > 1 else 0

    def px(ci):
        return round(left + (ci * step if n > 1 else plot_w / 2), 1)

    def py(v):
        return round(top_m + plot_h - plot_h * float(v) / top, 1)

    mantissa = top / 10 ** math.floor(math.log10(top)) if top > 0 else 1
    steps = 4 if round(mantissa, 6) == 2 else 5
    ticks = [
        {"y": py(top * k / steps), "label": fmt(round(top * k / steps, 6), unit)}
        for k in range(steps + 1)
    ]
    # Thin out the x labels when they would collide (every label stays in the table).
    every = max(1, math.ceil(n * 44 / plot_w)) if n else 1
    shown = [ci for ci in range(n) if ci % every == 0]
    if n and shown[-1] != n - 1:
        # the last category always gets its label; drop the one before if they would collide
        if (n - 1) - shown[-1] < every:
            shown[-1] = n - 1
        else:
            shown.append(n - 1)
    xlabels = [{"x": px(ci), "label": categories[ci]} for ci in shown]
    lines = []
    for si, (name, values) in enumerate(series):
        points = [
            {
                "x": px(ci),
                "y": py(v),
                "label": fmt(v, unit),
                "marker_d": marker_path(MARKERS[si % len(MARKERS)], px(ci), py(v)),
            }
            for ci, v in enumerate(values)
            if v is not None
        ]
        lines.append(
            {
                "name": name,
                "colour": COLOURS[si % len(COLOURS)],
                "dash": DASHES[si % len(DASHES)],
                "marker": MARKERS[si % len(MARKERS)],
                "points": points,
                "path": " ".join(f"{p['x']},{p['y']}" for p in points),
                "label_dy": -8 if si % 2 == 0 else 18,
            }
        )
    spec.update(
        height=height,
        plot={"left": left, "right": WIDTH - right, "top": top_m, "bottom": top_m + plot_h},
        ticks=ticks,
        xlabels=xlabels,
        xlabel_y=top_m + plot_h + 22,
        lines=lines,
        table=_table(categories, series, unit),
    )
    return spec
