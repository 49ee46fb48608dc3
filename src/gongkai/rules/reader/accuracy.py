"""The reader against hand-read ground truth: how many cells it read, flagged, missed or
got wrong (for the corpus tests and ``bench/reader.py``).

A corpus entry (``index.json``) has ``ground_truth`` with ``applications`` (row key -> 7
values), ``review_litigation`` (15 values), ``proactive`` (label -> values) and optionally
``extra_rows`` (local rows under their printed label). ``null`` is a cell printed blank or
with a dash (not a number); a row that is not in the file is not listed.

Every cell of the truth is counted once:

* **read**: the value read is the truth (a blank read as null, a number as that number);
* **flagged**: not read, and the result says so (the row is ambiguous, unplaced or
  unreadable, the row or table is missing or cut off);
* **missed**: null in the result without a word about it (a defect);
* **wrong**: a value that is not the truth, or a number where the file has none (a defect;
  the reader must never do this).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.rules.tables import Amount

_FLAG_CHECKS = (
    "values.ambiguous",
    "values.unreadable",
    "values.missing",
    "tables.missing",
    "tables.truncated",
)


def plain(v: Any) -> Any:
    """A cell as a comparable value: amounts and floats as Decimal."""
    if isinstance(v, Amount):
        return v.value
    if isinstance(v, float):
        return Decimal(str(v))
    return v


@dataclass
class Score:
    files: int = 0
    read: int = 0
    flagged: int = 0
    missed: int = 0
    wrong: int = 0
    defects: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.files += other.files
        self.read += other.read
        self.flagged += other.flagged
        self.missed += other.missed
        self.wrong += other.wrong
        self.defects.extend(other.defects)

    def as_dict(self) -> dict[str, int]:
        return {
            "files": self.files,
            "cells": self.read + self.flagged + self.missed + self.wrong,
            "read": self.read,
            "flagged": self.flagged,
            "missed": self.missed,
            "wrong": self.wrong,
        }


def score(result, entry: dict[str, Any]) -> Score:
    """Compare one :class:`~gongkai.rules.reader.ReadResult` with its corpus entry."""
    gt = entry.get("ground_truth") or {}
    s = Score(files=1)
    name = entry.get("file", "?")
    flagged_rows = {p.row for p in result.problems if p.check in _FLAG_CHECKS}
    flagged_rows |= {c["row"] for c in result.cells}
    missing = result.missing_rows
    missing_rows = {r for rows in missing.values() for r in rows}
    table_missing = {p.row for p in result.problems if p.check == "tables.missing"}

    def cell(where: str, row: str, table: str, got: Any, truth: Any) -> None:
        g, t = plain(got), plain(truth)
        if t is None:
            if g is None:
                s.read += 1
            else:
                s.wrong += 1
                s.defects.append(f"{name}: {where} read {g}, the file prints no number")
        elif g == t:
            s.read += 1
        elif g is None:
            if row in flagged_rows or row in missing_rows or table in table_missing:
                s.flagged += 1
            else:
                s.missed += 1
                s.defects.append(f"{name}: {where} is null without a problem saying why")
        else:
            s.wrong += 1
            s.defects.append(f"{name}: {where} read {g}, truth {t}")

    def none_where_absent(where: str, values) -> None:
        for i, v in enumerate(values):
            if v is not None:
                s.wrong += 1
                s.defects.append(f"{name}: {where}[{i}] read {plain(v)}, not in the file")

    apps = gt.get("applications") or {}
    for key, got in result.tables.applications.items():
        if key in apps:
            for i, (g, t) in enumerate(zip(got, apps[key], strict=True)):
                cell(f"{key}[{i}]", key, "applications", g, t)
        else:
            none_where_absent(key, got)
    rl = result.tables.review_litigation
    if "review_litigation" in gt:
        for i, (g, t) in enumerate(zip(rl, gt["review_litigation"], strict=True)):
            cell(f"review_litigation[{i}]", "review_litigation", "review", g, t)
    else:
        none_where_absent("review_litigation", rl)
    proactive = dict(gt.get("proactive") or {})
    proactive.update(gt.get("extra_rows") or {})
    for label, truth in proactive.items():
        got = result.tables.proactive.get(label) or [None] * len(truth)
        for i, t in enumerate(truth):
            g = got[i] if i < len(got) else None
            cell(f"{label}[{i}]", label, "proactive", g, t)
    for label, got in result.tables.proactive.items():
        if label not in proactive:
            none_where_absent(label, got)
    return s


def layouts_of(entry: dict[str, Any]) -> list[str]:
    """The layout classes of a corpus entry (``layouts``, else from its description)."""
    if entry.get("layouts"):
        return list(entry["layouts"])
    out = []
    file = entry.get("file", "")
    layout = entry.get("layout", "")
    if file.endswith((".html", ".htm")):
        out.append("web-html")
    elif "NO cell separators" in layout or "run together" in layout:
        out.append("web-text-run-together")
    else:
        out.append("web-text-cells")
    if str(entry.get("completeness", "")).startswith("partial"):
        out.append("partial")
    return out


def by_layout(scored: list[tuple[dict[str, Any], Score]]) -> dict[str, Score]:
    """Scores summed per layout class (a file counts under each of its classes)."""
    out: dict[str, Score] = defaultdict(Score)
    for entry, sc in scored:
        for layout in layouts_of(entry):
            out[layout].add(sc)
    return dict(sorted(out.items()))
