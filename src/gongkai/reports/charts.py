"""Inline SVG charts for the supervising office's overview: no script, no external resource.

Every bar carries its label and value as text, series are told apart by fill
patterns (lines, dots, hatching) as well as shades, so a chart reads without
colour; each chart comes with a data table (``Chart.table``) for screen readers.
"""

from dataclasses import dataclass, field
from html import escape

#: (pattern id, SVG of the pattern's content) - distinguishable in black and white.
PATTERNS = (
    ("p-solid", '<rect width="8" height="8" fill="#1f4e79"/>'),
    (
        "p-diag",
        '<rect width="8" height="8" fill="#fff"/><path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#7a3b00" stroke-width="2"/>',
    ),
    (
        "p-dots",
        '<rect width="8" height="8" fill="#fff"/><circle cx="4" cy="4" r="2" fill="#215c2a"/>',
    ),
    (
        "p-cross",
        '<rect width="8" height="8" fill="#fff"/><path d="M0,0 l8,8 M8,0 l-8,8" stroke="#5b2a86" stroke-width="1.5"/>',
    ),
    (
        "p-horiz",
        '<rect width="8" height="8" fill="#fff"/><path d="M0,2 h8 M0,6 h8" stroke="#8a1c1c" stroke-width="1.5"/>',
    ),
    (
        "p-vert",
        '<rect width="8" height="8" fill="#fff"/><path d="M2,0 v8 M6,0 v8" stroke="#444" stroke-width="1.5"/>',
    ),
)


@dataclass
class Chart:
    """A horizontal bar chart: categories down the side, one bar per series."""

    id: str
    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    unit: str = ""
    percent: bool = False
    notes: list[str] = field(default_factory=list)

    def _fmt(self, v: float) -> str:
        if self.percent:
            return f"{v:.1f}%"
        return f"{int(v)}" if float(v).is_integer() else f"{v:.2f}"

    def svg(self) -> str:
        label_w, bar_w, value_w = 170, 360, 70
        bar_h, gap = 16, 10
        n_series = max(1, len(self.series))
        group_h = n_series * bar_h + gap
        legend_h = 22 if n_series > 1 else 0
        height = 30 + legend_h + max(1, len(self.categories)) * group_h + 10
        width = label_w + bar_w + value_w
        top = max([v for _n, values in self.series for v in values] + [0])
        if self.percent:
            top = max(top, 100)
        scale = bar_w / top if top else 0
        title_id, desc_id = f"{self.id}-title", f"{self.id}-desc"
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="report-chart" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'aria-labelledby="{title_id} {desc_id}">',
            f'<title id="{title_id}">{escape(self.title)}</title>',
            f'<desc id="{desc_id}">{escape("；".join(self._describe()))}</desc>',
            "<defs>",
        ]
        for pid, content in PATTERNS:
            out.append(
                f'<pattern id="{self.id}-{pid}" width="8" height="8" patternUnits="userSpaceOnUse">{content}</pattern>'
            )
        out.append("</defs>")
        out.append(
            f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(self.title)}</text>'
        )
        y = 30
        if n_series > 1:
            x = 0
            for i, (name, _values) in enumerate(self.series):
                pid = PATTERNS[i % len(PATTERNS)][0]
                out.append(
                    f'<rect x="{x}" y="{y}" width="14" height="14" fill="url(#{self.id}-{pid})" stroke="#000"/>'
                )
                out.append(f'<text x="{x + 18}" y="{y + 12}" font-size="12">{escape(name)}</text>')
                x += 30 + 13 * len(name)
            y += legend_h
        for c, category in enumerate(self.categories):
            out.append(
                f'<text x="{label_w - 6}" y="{y + group_h / 2}" font-size="12" text-anchor="end" '
                f'dominant-baseline="middle">{escape(category)}</text>'
            )
            for s, (name, values) in enumerate(self.series):
                v = values[c] if c < len(values) else 0
                pid = PATTERNS[s % len(PATTERNS)][0]
                w = max(v * scale, 0)
                by = y + s * bar_h
                out.append(
                    f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="{bar_h - 2}" '
                    f'fill="url(#{self.id}-{pid})" stroke="#000" stroke-width="0.5">'
                    f"<title>{escape(category)} {escape(name)}：{self._fmt(v)}{escape(self.unit)}</title></rect>"
                )
                out.append(
                    f'<text x="{label_w + w + 4:.1f}" y="{by + bar_h / 2}" font-size="11" '
                    f'dominant-baseline="middle">{self._fmt(v)}{escape(self.unit)}</text>'
                )
            y += group_h
        out.append("</svg>")
        return "".join(out)

    def _describe(self) -> list[str]:
        parts = []
        for c, category in enumerate(self.categories):
            values = "，".join(
                f"{name}{self._fmt(values[c] if c < len(values) else 0)}{self.unit}"
                for name, values in self.series
            )
            parts.append(f"{category}：{values}")
        return parts

    def table(self) -> str:
        """The chart's numbers as an HTML table (the accessible alternative)."""
        head = "".join(f'<th scope="col">{escape(name)}</th>' for name, _v in self.series)
        rows = []
        for c, category in enumerate(self.categories):
            cells = "".join(
                f"<td>{self._fmt(values[c] if c < len(values) else 0)}{escape(self.unit)}</td>"
                for _n, values in self.series
            )
            rows.append(f'<tr><th scope="row">{escape(category)}</th>{cells}</tr>')
        return (
            f'<table class="listing chart-data" id="{self.id}-data"><caption>{escape(self.title)}（数据表）</caption>'
            f'<thead><tr><th scope="col">项目</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        )
