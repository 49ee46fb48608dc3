"""Plausibility notes: things worth a look that do not fail a check."""

from __future__ import annotations

import re

from gongkai.rules.formats import ReportFormat
from gongkai.rules.tables import NOTE, Amount, Problem, ReportTables

_TOWNSHIP = re.compile(
    r"(?:乡|镇|街道|苏木)(?:人民政府|政府|办事处|街道办事处)?$|街道办事处$|街道办$"
)


def is_township(agency: str | None) -> bool:
    return bool(agency and _TOWNSHIP.search(agency))


def _num(v):
    if v is None:
        return None
    return v.value if isinstance(v, Amount) else v


def township_rules(tables: ReportTables, fmt: ReportFormat, agency: str | None) -> list[Problem]:
    values = tables.proactive.get("规章") or []
    if not is_township(agency) or not any((_num(v) or 0) > 0 for v in values):
        return []
    shown = "/".join("空" if v is None else str(_num(v)) for v in values)
    return [
        Problem(
            "plausibility.township_rules",
            "规章",
            None,
            f"乡镇、街道不能制定规章，但“{agency}”的表二“规章”一行为 {shown}",
            tuple(values),
            severity=NOTE,
        )
    ]


def made_not_published(tables: ReportTables, fmt: ReportFormat) -> list[Problem]:
    """2019 format: documents made this year (本年新制作) but none published (本年新公开)."""
    out: list[Problem] = []
    group = fmt.proactive[0] if fmt.proactive else None
    if group is None or len(group.columns) < 2 or "制作" not in group.columns[0].label:
        return out
    for row in group.rows:
        v = tables.proactive.get(row)
        if not v or len(v) < 2:
            continue
        made, published = _num(v[0]), _num(v[1])
        if made and made > 0 and published == 0:
            out.append(
                Problem(
                    "plausibility.made_not_published",
                    row,
                    group.columns[1].label,
                    f"表二“{row}”：本年新制作{made}件，但本年新公开为0",
                    (made, published),
                    severity=NOTE,
                )
            )
    return out


# --- narrative numbers ---------------------------------------------------------------------

_U = r"(?:件|项|个|宗|起|条)"
_SPACE = re.compile(r"[\s\x1f]+")
_NARRATIVE: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "new",
        re.compile(
            r"(?:收到|受理|接收|新收)(?:各类)?(?:政府信息公开|依申请公开|信息公开)(?:的)?(?:申请)?(?:事项)?"
            r"(?:共计|合计|共|总计)?(\d+)" + _U
        ),
        "本年新收申请",
    ),
    (
        "result.total",
        re.compile(r"(?:办结|答复)(?:政府信息公开|依申请公开)?(?:申请)?(?:共计|共)?(\d+)" + _U),
        "办结（答复）申请",
    ),
    (
        "carried_out",
        re.compile(
            r"结转(?:至|到)?(?:下一?年度?|20\d\d年度?)(?:继续办理|办理|答复)?(?:共)?(\d+)" + _U
        ),
        "结转下年度",
    ),
    (
        "carried_out",
        re.compile(r"(\d+)" + _U + r"[^。；;,，\d]{0,20}?(?:顺延|结转)(?:到|至)下一?年"),
        "结转下年度",
    ),
    (
        "open+partial",
        re.compile(r"予以公开(?:及|和|、|与)部分公开(?:共)?(\d+)件"),
        "予以公开及部分公开",
    ),
    ("refuse", re.compile(r"不予公开(?:共)?(\d+)件"), "不予公开"),
    ("unable", re.compile(r"无法提供(?:共)?(\d+)件"), "无法提供"),
    ("no_process", re.compile(r"不予处理(?:共)?(\d+)件"), "不予处理"),
    ("other", re.compile(r"其他处理(?:共)?(\d+)件"), "其他处理"),
    ("review", re.compile(r"行政复议(?:案件)?(?:共)?(\d+)(?:件|起|宗)"), "行政复议"),
    ("litigation", re.compile(r"行政诉讼(?:案件)?(?:共)?(\d+)(?:件|起|宗)"), "行政诉讼"),
    (
        "in_force",
        re.compile(r"现行有效(?:的)?行政规范性文件(?:共)?(\d+)件"),
        "现行有效行政规范性文件",
    ),
)


def _row_total(tables: ReportTables, key: str, found: set[str]) -> tuple[int | None, bool]:
    """A row's 总计 (or the sum of its columns, blanks counted as 0 and said so)."""
    if key not in found:
        return None, False
    row = tables.applications.get(key) or [None] * 7
    if row[6] is not None:
        return row[6], False
    if all(v is None for v in row[:6]):
        return None, False
    return sum(v or 0 for v in row[:6]), any(v is None for v in row[:6])


def _group_total(tables: ReportTables, keys: list[str], found: set[str]) -> tuple[int | None, bool]:
    total, blanks, any_found = 0, False, False
    for k in keys:
        v, b = _row_total(tables, k, found)
        if k in found:
            any_found = True
        if v is None:
            if k in found:
                blanks = True
            continue
        total += v
        blanks = blanks or b
    return (total if any_found else None), blanks


def narrative(
    tables: ReportTables,
    fmt: ReportFormat,
    doc: str,
    found: set[str],
    zones_m: list[tuple[int, int]] | None = None,
) -> list[Problem]:
    """Numbers said in the text that contradict the tables (first mention of each kind)."""
    text = _SPACE.sub("", doc)  # \s covers the cell separator too
    keys = fmt.application_keys
    groups = {
        "refuse": [k for k in keys if k.startswith("result.refuse")],
        "unable": [k for k in keys if k.startswith("result.unable")],
        "no_process": [k for k in keys if k.startswith("result.no_process")],
        "other": [k for k in keys if k.startswith("result.other")],
        "open+partial": ["result.open", "result.partial"],
    }
    out: list[Problem] = []
    seen: set[str] = set()
    for what, pattern, label in _NARRATIVE:
        if what in seen:
            continue
        m = pattern.search(text)
        if not m:
            continue
        said = int(m.group(1))
        blanks = False
        if what in ("new", "result.total", "carried_out"):
            table, blanks = _row_total(tables, what, found)
        elif what in groups:
            table, blanks = _group_total(tables, groups[what], found)
        elif what == "review":
            table = tables.review_litigation[4] if "review_litigation" in found else None
        elif what == "litigation":
            a, b = tables.review_litigation[9], tables.review_litigation[14]
            table = (
                a + b if "review_litigation" in found and a is not None and b is not None else None
            )
        elif what == "in_force":
            v = tables.proactive.get("行政规范性文件") or tables.proactive.get("规范性文件")
            if not v or len(v) < 3 or fmt.code == "2019":
                continue
            table = _num(v[2])
        else:
            continue
        seen.add(what)
        if table is None or table == said:
            continue
        extra = "（表中空白单元格按0计）" if blanks else ""
        out.append(
            Problem(
                "plausibility.narrative",
                what,
                None,
                f"正文称{label}{said}件（“{m.group(0)}”），表中为{table}{extra}",
                (said, table),
                severity=NOTE,
            )
        )
    return out
