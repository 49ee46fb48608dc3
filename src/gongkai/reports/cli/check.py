"""``gongkai report check FILE|FOLDER... [--json] [--csv OUT]``.

Reads published annual reports (.txt, .html, .docx, .pdf; folders are searched) with
``gongkai.rules.reader`` and prints, per file, the agency, year, format, the tables and
every failed check (row, column, numbers). With several files, a progress bar on stderr
and then a summary (files read, files failing each check). Reports of the same agency for
consecutive years are also checked for the carry-over (二 of year N = 四 of year N-1).

``--json``: one JSON array, an object per file in the contract shape of
../shared/docs/architecture.md (a file that could not be read: ``{"file", "error"}``).
``--csv OUT``: one row per file and problem. Exit 0 when every file was read (even with
failed checks), 1 when a file could not be read, 2 for bad arguments. No database needed.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from gongkai.ops.spreadsheets import csv_row

HELP = "检查已发布的政府信息公开工作年度报告（.txt .html .docx .pdf，可给文件夹）"

EXTENSIONS = {".txt", ".html", ".htm", ".shtml", ".docx", ".pdf"}
SKIP_NAMES = {"readme.md", "readme.txt", "index.json"}
SEVERITY_MARK = {"error": "✗", "warning": "!", "note": "·"}
SEVERITY_WORD = {"error": "未通过", "warning": "无法读取", "note": "提示"}


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE|FOLDER", help="报告文件或文件夹")
    parser.add_argument(
        "--json", action="store_true", dest="as_json", help="输出 JSON 数组（接口格式）"
    )
    parser.add_argument(
        "--csv", dest="csv_out", metavar="OUT", help="另写 CSV：每个文件每个问题一行"
    )
    parser.add_argument("--no-progress", action="store_true", help="不显示进度条")


def collect(paths: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to read (folders searched for report files) and paths that do not exist."""
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if (
                    f.is_file()
                    and f.suffix.lower() in EXTENSIONS
                    and f.name.lower() not in SKIP_NAMES
                ):
                    files.append(f)
        elif p.is_file():
            files.append(p)
        else:
            missing.append((raw, "文件不存在"))
    return files, missing


def _cell(v) -> str:
    return "空" if v is None else str(v)


def _human(result, out) -> None:
    from gongkai.rules.formats import FORMATS

    fmt = FORMATS[result.format]
    t = result.tables
    out.write(f"== {result.file}\n")
    out.write(
        f"机关：{result.agency or '（未确定）'}　年度：{result.year or '（未确定）'}　"
        f"格式：{fmt.code}（{fmt.document}）\n"
    )
    if "proactive" in result.found_tables:
        out.write("表二 主动公开政府信息情况\n")
        for label, values in t.proactive.items():
            out.write(f"  {label}：{' | '.join(_cell(v) for v in values)}\n")
    if "applications" in result.found_tables:
        out.write(
            "表三 收到和处理政府信息公开申请情况（" + " ".join(fmt.application_columns) + "）\n"
        )
        for row in fmt.application_rows:
            values = t.applications.get(row.key) or [None] * 7
            out.write(f"  {row.full_label}：{' '.join(_cell(v) for v in values)}\n")
    if "review" in result.found_tables:
        rl = t.review_litigation
        parts = []
        for g, group in enumerate(fmt.review_groups):
            parts.append(f"{group.label} " + " ".join(_cell(v) for v in rl[g * 5 : g * 5 + 5]))
        out.write(
            "表四 行政复议、行政诉讼（维持 纠正 其他 未审结 总计）：" + "；".join(parts) + "\n"
        )
    if result.partial:
        out.write("文件只含报告的一部分：缺少的行列在下面，均未按0处理\n")
    errors = [p for p in result.problems if p.severity == "error"]
    out.write(f"校验：{'通过' if not errors else f'未通过 {len(errors)} 项'}\n")
    for p in result.problems:
        out.write(f"  {SEVERITY_MARK.get(p.severity, '?')} [{p.check}] {_where(p)}{p.message}\n")
    unplaced = _unplaced(result.cells)
    if unplaced:
        out.write("未能定位或读取的单元格：\n")
        for line in unplaced:
            out.write(f"  {line}\n")
    out.write("\n")


def _where(p) -> str:
    """第12行 / 第3页 before a problem's message, when the reader knows it."""
    if p.page is not None:
        return f"第{p.page}页：" if p.line is None else f"第{p.page}页第{p.line}行："
    return f"第{p.line}行：" if p.line is not None else ""


_UNPLACED = {
    "unplaced": "无法确定属于哪一列",
    "ambiguous": "数字连写，读法不唯一",
    "unreadable": "无法读取",
}


def _unplaced(cells) -> list[str]:
    """Cells the reader could not place or read, one line per row: where, row, columns, why."""
    rows: dict[tuple, list[str]] = {}
    for c in cells:
        if c["state"] not in _UNPLACED:
            continue
        where = (c.get("page"), c.get("line"), c["table"], c["row"], c["state"])
        rows.setdefault(where, []).append(c["column"])
    out = []
    for (page, line, table, row, state), columns in rows.items():
        at = f"第{page}页" if page is not None else ""
        at += f"第{line}行" if line is not None else ""
        name = {"applications": "表三", "review": "表四", "proactive": "表二"}[table]
        label = "" if table == "review" else f"“{_row_name(row)}”"
        out.append(
            f"{at or '（位置未知）'} {name}{label}：{'、'.join(columns)}（{_UNPLACED[state]}）"
        )
    return out


def _row_name(row: str) -> str:
    from gongkai.rules.formats import FORMATS

    for fmt in FORMATS.values():
        if row in fmt.application_keys:
            return fmt.application_row(row).full_label
    return row


def run(options: dict, stdout=None, stderr=None) -> int:
    from gongkai.rules.reader import ReaderError, read_report
    from gongkai.rules.tables import check_carry_over

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    files, unreadable = collect(options.get("paths") or [])
    if not files and not unreadable:
        stderr.write("没有可检查的报告文件（.txt .html .docx .pdf）\n")
        return 2

    results = []
    many = len(files) > 3
    iterator = files
    if many and not options.get("no_progress"):
        from tqdm import tqdm

        iterator = tqdm(
            files,
            file=stderr if hasattr(stderr, "write") else sys.stderr,
            unit="份",
            desc="读取报告",
        )
    for f in iterator:
        try:
            results.append(read_report(f))
        except ReaderError as exc:
            unreadable.append((str(f), str(exc)))
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the batch
            unreadable.append((str(f), f"读取失败：{type(exc).__name__}: {exc}"))

    # carry-over between reports of the same agency for consecutive years
    by_agency = defaultdict(dict)
    for r in results:
        if r.agency and r.year:
            by_agency[r.agency][r.year] = r
    for years in by_agency.values():
        for year, r in years.items():
            prev = years.get(year - 1)
            if prev is not None:
                r.problems.extend(check_carry_over(prev.tables, r.tables))

    if options.get("csv_out"):
        _write_csv(options["csv_out"], results, unreadable)

    if options.get("as_json"):
        data = [r.to_contract_json() for r in results]
        data += [{"file": f, "error": why} for f, why in unreadable]
        stdout.write(compact_json(data) + "\n")
    else:
        for r in results:
            _human(r, stdout)
        for f, why in unreadable:
            stdout.write(f"== {f}\n无法读取：{why}\n\n")
        if many or unreadable:
            _summary(results, unreadable, stdout)
    return 1 if unreadable else 0


_NUMBER_LIST = re.compile(r"\[\s*((?:-?[\d.eE+]+|null)(?:,\s*(?:-?[\d.eE+]+|null))*)\s*\]")


def compact_json(data) -> str:
    """Indented JSON with each list of numbers on one line (a table row per line)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _NUMBER_LIST.sub(lambda m: "[" + re.sub(r",\s*", ", ", m.group(1)) + "]", text)


def _summary(results, unreadable, out) -> None:
    total = len(results) + len(unreadable)
    out.write(f"共 {total} 个文件：读取 {len(results)} 个，无法读取 {len(unreadable)} 个\n")
    failing: Counter[str] = Counter()
    severity: dict[str, str] = {}
    for r in results:
        for name in {p.check for p in r.problems}:
            failing[name] += 1
        for p in r.problems:
            severity[p.check] = p.severity
    clean = sum(1 for r in results if not any(p.severity == "error" for p in r.problems))
    out.write(f"全部校验通过：{clean} 个文件\n")
    for sev in ("error", "warning", "note"):
        names = [(n, c) for n, c in failing.most_common() if severity.get(n) == sev]
        if names:
            out.write(f"{SEVERITY_WORD[sev]}：\n")
            for n, c in names:
                out.write(f"  {n}：{c} 个文件\n")


class _SafeWriter:
    """A csv writer whose text cells cannot start a formula (names and messages come from
    the files read); the numbers column is built from integers and written as is."""

    def __init__(self, fh):
        self._writer = csv.writer(fh)

    def writerow(self, row):
        *text, numbers = row
        self._writer.writerow([*csv_row(text), numbers])


def _write_csv(path: str, results, unreadable) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = _SafeWriter(fh)
        w.writerow(
            [
                "file",
                "agency",
                "year",
                "format",
                "check",
                "severity",
                "row",
                "column",
                "message",
                "numbers",
            ]
        )
        for r in results:
            if not r.problems:
                w.writerow(
                    [
                        r.file,
                        r.agency or "",
                        r.year or "",
                        r.format,
                        "",
                        "",
                        "",
                        "",
                        "全部校验通过",
                        "",
                    ]
                )
            for p in r.problems:
                nums = " ".join(str(x) for x in p.numbers)
                w.writerow(
                    [
                        r.file,
                        r.agency or "",
                        r.year or "",
                        r.format,
                        p.check,
                        p.severity,
                        p.row or "",
                        p.column or "",
                        p.message,
                        nums,
                    ]
                )
        for f, why in unreadable:
            w.writerow([f, "", "", "", "file.unreadable", "error", "", "", why, ""])
