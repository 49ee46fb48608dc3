"""The annual report's tables as values, and every cross-check as a named function.

:class:`ReportTables` holds the numbers of tables 二, 三 and 四 in the shape of the
``gongkai report check --json`` contract (../shared/docs/architecture.md): application rows
by contract key, each seven values in the order 自然人, 商业企业, 科研机构, 社会公益组织,
法律服务机构, 其他, 总计; table 四 as 15 values; table 二 by printed row label. A blank or
unreadable cell is ``None``, never 0. Amounts (采购总金额, 本年收费金额) are :class:`Amount`
values that carry their unit.

Each check is a function ``check(tables, fmt) -> list[Problem]`` registered in
:data:`CHECKS` under its name (``applications.balance`` ...); :func:`run_checks` runs them
all. A check that needs a blank value skips that comparison (the blank itself is reported by
``values.missing``) instead of treating it as 0. The carry-over check compares two reports:
:func:`check_carry_over`.

Plain Python, no Django import.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.rules.formats import ReportFormat, get_format
from gongkai.rules.outcomes import COLUMN_LABELS

#: Column labels of an application row (six applicant types, then 总计).
APPLICATION_COLUMNS: tuple[str, ...] = COLUMN_LABELS
TOTAL = 6  # index of 总计 in an application row

ERROR = "error"  # a failed cross-check: the numbers do not add up
WARNING = "warning"  # the numbers could not be read (blank, ambiguous, missing table)
NOTE = "note"  # plausibility: worth a look, not a failure


@dataclass(frozen=True)
class Amount:
    """A money amount with its unit as printed or as the format prints it (``元``, ``万元``)."""

    value: Decimal
    unit: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.value, Decimal):
            object.__setattr__(self, "value", Decimal(str(self.value)))

    def __str__(self) -> str:
        return f"{_plain(self.value)}{self.unit or ''}"

    def to_json_number(self) -> int | float:
        return _json_number(self.value)


Cell = int | Amount | None


def _plain(d: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 251000, 24252.311082."""
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def _json_number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(_plain(d))


@dataclass(frozen=True)
class Problem:
    """A failed check or a note about one report.

    :param check: the check's name (``applications.balance``)
    :param row: the row concerned: an application row key, a table-二 row label, ``review_litigation``
    :param column: the column label concerned (``自然人``, ``总计``, ``复议后起诉 总计``), if one
    :param message: a Chinese sentence naming row, column and numbers
    :param numbers: the numbers compared, in the order the message names them
    :param severity: ``error`` (does not add up), ``warning`` (unreadable / missing), ``note``
    :param candidates: for an ambiguous run-together row, the readings that fit
    :param line: the line of the file read where the row starts (report reader), if known
    :param page: the PDF page of that row, if known
    """

    check: str
    row: str | None
    column: str | None
    message: str
    numbers: tuple[Any, ...] = ()
    severity: str = ERROR
    candidates: tuple[tuple[Any, ...], ...] = ()
    line: int | None = None
    page: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "check": self.check,
            "severity": self.severity,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "numbers": [_cell_json(n) for n in self.numbers],
        }
        if self.candidates:
            out["candidates"] = [[_cell_json(v) for v in c] for c in self.candidates]
        if self.line is not None:
            out["line"] = self.line
        if self.page is not None:
            out["page"] = self.page
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Problem:
        return cls(
            check=data["check"],
            row=data.get("row"),
            column=data.get("column"),
            message=data.get("message", ""),
            numbers=tuple(data.get("numbers") or ()),
            severity=data.get("severity", ERROR),
            candidates=tuple(tuple(c) for c in data.get("candidates") or ()),
            line=data.get("line"),
            page=data.get("page"),
        )


def _cell_json(v: Any) -> Any:
    if isinstance(v, Amount):
        return v.to_json_number()
    if isinstance(v, Decimal):
        return _json_number(v)
    return v


@dataclass
class ReportTables:
    """The numbers of one annual report in the contract's shape."""

    format: str
    applications: dict[str, list[int | None]]
    review_litigation: list[int | None]
    proactive: dict[str, list[Cell]] = field(default_factory=dict)
    agency: str | None = None
    year: int | None = None

    # -- constructors ---------------------------------------------------------------------
    @classmethod
    def blank(cls, fmt: str | ReportFormat, **kw: Any) -> ReportTables:
        """Every cell blank (None): what a reader starts from."""
        f = get_format(fmt)
        return cls(
            format=f.code,
            applications={k: [None] * 7 for k in f.application_keys},
            review_litigation=[None] * 15,
            proactive={},
            **kw,
        )

    @classmethod
    def zeros(cls, fmt: str | ReportFormat, **kw: Any) -> ReportTables:
        """Every cell 0 (amounts 0 in the format's unit): what a builder starts from."""
        f = get_format(fmt)
        proactive: dict[str, list[Cell]] = {}
        for group in f.proactive:
            for row in group.rows:
                proactive[row] = [
                    Amount(Decimal(0), c.unit) if c.kind == "amount" else 0 for c in group.columns
                ]
        return cls(
            format=f.code,
            applications={k: [0] * 7 for k in f.application_keys},
            review_litigation=[0] * 15,
            proactive=proactive,
            **kw,
        )

    @property
    def fmt(self) -> ReportFormat:
        return get_format(self.format)

    # -- contract JSON --------------------------------------------------------------------
    def to_contract_json(
        self, problems: Iterable[Problem] = (), file: str | None = None
    ) -> dict[str, Any]:
        """The ``gongkai report check --json`` object for this report.

        Amounts are JSON numbers; their units are in ``proactive_units`` keyed ``label[i]``.
        """
        units: dict[str, str] = {}
        proactive: dict[str, list[Any]] = {}
        for label, values in self.proactive.items():
            out = []
            for i, v in enumerate(values):
                if isinstance(v, Amount):
                    if v.unit:
                        units[f"{label}[{i}]"] = v.unit
                    out.append(v.to_json_number())
                else:
                    out.append(v)
            proactive[label] = out
        data: dict[str, Any] = {}
        if file is not None:
            data["file"] = file
        data.update(
            {
                "agency": self.agency,
                "year": self.year,
                "format": self.format,
                "applications": {k: list(v) for k, v in self.applications.items()},
                "review_litigation": list(self.review_litigation),
                "proactive": proactive,
                "proactive_units": units,
                "problems": [p.to_json() for p in problems],
            }
        )
        return data

    def to_json_text(self, problems: Iterable[Problem] = (), file: str | None = None) -> str:
        return json.dumps(self.to_contract_json(problems, file), ensure_ascii=False, indent=2)

    @classmethod
    def from_contract_json(cls, data: dict[str, Any] | str) -> ReportTables:
        """Read the contract JSON back (the inverse of :meth:`to_contract_json`)."""
        if isinstance(data, str):
            data = json.loads(data)
        fmt = get_format(str(data["format"]))
        units: dict[str, str] = data.get("proactive_units") or {}
        amount_cols = {
            (row, i): col
            for g in fmt.proactive
            for row in g.rows
            for i, col in enumerate(g.columns)
            if col.kind == "amount"
        }
        proactive: dict[str, list[Cell]] = {}
        for label, values in (data.get("proactive") or {}).items():
            cells: list[Cell] = []
            for i, v in enumerate(values):
                unit = units.get(f"{label}[{i}]")
                col = amount_cols.get((label, i))
                if v is None:
                    cells.append(None)
                elif unit is not None or col is not None or not _is_int(v):
                    cells.append(Amount(Decimal(str(v)), unit or (col.unit if col else None)))
                else:
                    cells.append(int(v))
            proactive[label] = cells
        apps = {k: [None] * 7 for k in fmt.application_keys}
        for k, v in (data.get("applications") or {}).items():
            apps[k] = [None if x is None else int(x) for x in v]
        rl = data.get("review_litigation") or [None] * 15
        return cls(
            format=fmt.code,
            applications=apps,
            review_litigation=[None if x is None else int(x) for x in rl],
            proactive=proactive,
            agency=data.get("agency"),
            year=data.get("year"),
        )

    # -- helpers --------------------------------------------------------------------------
    def row(self, key: str) -> list[int | None]:
        return self.applications.get(key) or [None] * 7

    def column(self, index: int) -> dict[str, int | None]:
        return {k: (v[index] if v else None) for k, v in self.applications.items()}


def _is_int(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return True
    if isinstance(v, str):
        try:
            Decimal(v)
        except InvalidOperation:
            return False
        return "." not in v
    return False  # floats are amounts


# --- labels for messages -------------------------------------------------------------------


def row_label(fmt: ReportFormat, key: str) -> str:
    """The Chinese label of an application row for messages: ``（三）不予公开 4.保护第三方合法权益``."""
    try:
        return fmt.application_row(key).full_label
    except KeyError:
        return key


def review_column_label(fmt: ReportFormat, index: int) -> str:
    group, col = fmt.review_columns[index]
    return f"{group} {col}"


def _fmt_num(v: Any) -> str:
    if isinstance(v, Amount):
        return str(v)
    if isinstance(v, Decimal):
        return _plain(v)
    return str(v)


# --- the checks ----------------------------------------------------------------------------

CheckFn = Callable[[ReportTables, ReportFormat], list[Problem]]
CHECKS: dict[str, CheckFn] = {}


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    """Register a single-report check under its name."""

    def register(fn: CheckFn) -> CheckFn:
        fn.check_name = name  # type: ignore[attr-defined]
        CHECKS[name] = fn
        return fn

    return register


@check("values.missing")
def check_missing(tables: ReportTables, fmt: ReportFormat) -> list[Problem]:
    """Every blank (None) cell of tables 三 and 四, one problem per row; table 二 per row too."""
    problems: list[Problem] = []
    for key in fmt.application_keys:
        values = tables.applications.get(key)
        if values is None:
            values = [None] * 7
        blank = [APPLICATION_COLUMNS[i] for i, v in enumerate(values) if v is None]
        if blank:
            label = row_label(fmt, key)
            what = "整行" if len(blank) == 7 else "、".join(blank)
            problems.append(
                Problem(
                    "values.missing",
                    key,
                    blank[0] if len(blank) == 1 else None,
                    f"表三“{label}”：{what}为空白或无法读取（按空白处理，不视为0）",
                    severity=WARNING,
                )
            )
    blank_rl = [i for i, v in enumerate(tables.review_litigation) if v is None]
    if blank_rl:
        what = (
            "整行"
            if len(blank_rl) == 15
            else "、".join(review_column_label(fmt, i) for i in blank_rl)
        )
        problems.append(
            Problem(
                "values.missing",
                "review_litigation",
                review_column_label(fmt, blank_rl[0]) if len(blank_rl) == 1 else None,
                f"表四：{what}为空白或无法读取（按空白处理，不视为0）",
                severity=WARNING,
            )
        )
    for label, values in tables.proactive.items():
        group = fmt.proactive_group(label)
        cols = [c.label for c in group.columns] if group else []
        blank = [
            cols[i] if i < len(cols) else f"第{i + 1}列" for i, v in enumerate(values) if v is None
        ]
        if blank:
            problems.append(
                Problem(
                    "values.missing",
                    label,
                    blank[0] if len(blank) == 1 else None,
                    f"表二“{label}”：{'、'.join(blank)}为空白或无法读取（按空白处理，不视为0）",
                    severity=WARNING,
                )
            )
    return problems


@check("values.non_negative")
def check_non_negative(tables: ReportTables, fmt: ReportFormat) -> list[Problem]:
    """Counts and amounts are not negative (only 本年增/减 columns may be)."""
    problems: list[Problem] = []
    for key, values in tables.applications.items():
        for i, v in enumerate(values):
            if v is not None and v < 0:
                problems.append(
                    Problem(
                        "values.non_negative",
                        key,
                        APPLICATION_COLUMNS[i],
                        f"表三“{row_label(fmt, key)}”列“{APPLICATION_COLUMNS[i]}”为负数（{v}）",
                        (v,),
                    )
                )
    for i, v in enumerate(tables.review_litigation):
        if v is not None and v < 0:
            col = review_column_label(fmt, i)
            problems.append(
                Problem(
                    "values.non_negative",
                    "review_litigation",
                    col,
                    f"表四列“{col}”为负数（{v}）",
                    (v,),
                )
            )
    for label, values in tables.proactive.items():
        group = fmt.proactive_group(label)
        for i, v in enumerate(values):
            col = group.columns[i] if group and i < len(group.columns) else None
            if col is not None and col.kind == "change":
                continue
            number = v.value if isinstance(v, Amount) else v
            if number is not None and number < 0:
                col_label = col.label if col else f"第{i + 1}列"
                problems.append(
                    Problem(
                        "values.non_negative",
                        label,
                        col_label,
                        f"表二“{label}”列“{col_label}”为负数（{_fmt_num(v)}）",
                        (v,),
                    )
                )
    return problems


@check("values.integer")
def check_integer(tables: ReportTables, fmt: ReportFormat) -> list[Problem]:
    """Counts are whole numbers; an amount in a count column is reported."""
    problems: list[Problem] = []
    for key, values in tables.applications.items():
        for i, v in enumerate(values):
            if v is not None and not isinstance(v, int):
                problems.append(
                    Problem(
                        "values.integer",
                        key,
                        APPLICATION_COLUMNS[i],
                        f"表三“{row_label(fmt, key)}”列“{APPLICATION_COLUMNS[i]}”不是整数（{_fmt_num(v)}）",
                        (v,),
                    )
                )
    for label, values in tables.proactive.items():
        group = fmt.proactive_group(label)
        for i, v in enumerate(values):
            col = group.columns[i] if group and i < len(group.columns) else None
            if col is None or col.kind == "amount" or v is None:
                continue
            if isinstance(v, Amount) and (v.unit or v.value != v.value.to_integral_value()):
                problems.append(
                    Problem(
                        "values.integer",
                        label,
                        col.label,
                        f"表二“{label}”列“{col.label}”应为件数，读到“{_fmt_num(v)}”",
                        (v,),
                    )
                )
    return problems


@check("values.unit")
def check_unit(tables: ReportTables, fmt: ReportFormat) -> list[Problem]:
    """A non-zero amount carries its unit (printed in the cell or in the column header)."""
    problems: list[Problem] = []
    for label, values in tables.proactive.items():
        group = fmt.proactive_group(label)
        for i, v in enumerate(values):
            col = group.columns[i] if group and i < len(group.columns) else None
            if col is None or col.kind != "amount" or v is None:
                continue
            value = v.value if isinstance(v, Amount) else Decimal(v)
            unit = v.unit if isinstance(v, Amount) else None
            if value != 0 and not unit:
                problems.append(
                    Problem(
                        "values.unit",
                        label,
                        col.label,
                        f"表二“{label}”列“{col.label}”的金额（{_fmt_num(v)}）没有单位（元或万元）",
                        (v,),
                        severity=WARNING,
                    )
                )
    return problems


@check("applications.row_total")
def check_row_total(tables: ReportTables, fmt: ReportFormat) -> list[Problem]:
    """(a) Each row's 总计 equals the sum of its six applicant columns."""
    problems: list[Problem] = []
    for key in fmt.application_keys:
        values = tables.applications.get(key)
        if not values or any(v is None for v in values):
            continue
        s = sum(values[:TOTAL])
        if s != values[TOTAL]:
            problems.append(
                Problem(
                    "applications.row_total",
                    key,
                    "总计",
                    f"表三“{row_label(fmt, key)}”：自然人至其他六列之和（{s}）不等于总计（{values[TOTAL]}）",
                    (s, values[TOTAL]),
                )
            )
    return problems


@check("applications.result_total")
def check_result_total(tables: ReportTables, fmt: ReportFormat) -> list[Problem]:
    """(b) Per column, the outcome rows of 三 sum to （七）总计."""
    problems: list[Problem] = []
    total_row = tables.applications.get("result.total") or [None] * 7
    for c in range(7):
        parts = [(tables.applications.get(k) or [None] * 7)[c] for k in fmt.result_keys]
        total = total_row[c]
        if total is None or any(p is None for p in parts):
            continue
        s = sum(parts)  # type: ignore[arg-type]
        if s != total:
            problems.append(
                Problem(
                    "applications.result_total",
                    "result.total",
                    APPLICATION_COLUMNS[c],
                    f"第三项各办理结果之和（{s}）不等于第三项（七）总计（{total}），列：{APPLICATION_COLUMNS[c]}",
                    (s, total),
                )
            )
    return problems


@check("applications.balance")
def check_balance(tables: ReportTables, fmt: ReportFormat) -> list[Problem]:
    """(c) Per column, 一 + 二 = 三（七）总计 + 四."""
    problems: list[Problem] = []
    new, carried_in = tables.row("new"), tables.row("carried_in")
    total, carried_out = tables.row("result.total"), tables.row("carried_out")
    for c in range(7):
        vals = (new[c], carried_in[c], total[c], carried_out[c])
        if any(v is None for v in vals):
            continue
        left, right = vals[0] + vals[1], vals[2] + vals[3]  # type: ignore[operator]
        if left != right:
            problems.append(
                Problem(
                    "applications.balance",
                    "result.total",
                    APPLICATION_COLUMNS[c],
                    f"第一项加第二项（{left}）不等于第三项（七）总计加第四项（{right}），列：{APPLICATION_COLUMNS[c]}",
                    (left, right),
                )
            )
    return problems


@check("review_litigation.group_total")
def check_group_total(tables: ReportTables, fmt: ReportFormat) -> list[Problem]:
    """(d) Each group of table 四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    problems: list[Problem] = []
    rl = tables.review_litigation
    for g, group in enumerate(fmt.review_groups):
        vals = rl[g * 5 : g * 5 + 5]
        if len(vals) < 5 or any(v is None for v in vals):
            continue
        s = sum(vals[:4])  # type: ignore[arg-type]
        if s != vals[4]:
            problems.append(
                Problem(
                    "review_litigation.group_total",
                    "review_litigation",
                    f"{group.label} 总计",
                    f"表四“{group.label}”：结果维持、结果纠正、其他结果、尚未审结之和（{s}）不等于总计（{vals[4]}）",
                    (s, vals[4]),
                )
            )
    return problems


def check_carry_over(previous: ReportTables, current: ReportTables) -> list[Problem]:
    """(e) 二、上年结转 of year N equals 四、结转下年度 of year N-1, per column, when both are known."""
    problems: list[Problem] = []
    if previous.year is not None and current.year is not None and current.year != previous.year + 1:
        return problems
    out, inn = previous.row("carried_out"), current.row("carried_in")
    y, py = current.year, previous.year
    this = f"{y}年" if y else "本年"
    last = f"{py}年" if py else "上一年"
    for c in range(7):
        if out[c] is None or inn[c] is None:
            continue
        if out[c] != inn[c]:
            problems.append(
                Problem(
                    "applications.carry_over",
                    "carried_in",
                    APPLICATION_COLUMNS[c],
                    f"{this}的二、上年结转（{inn[c]}）不等于{last}的四、结转下年度继续办理（{out[c]}），列：{APPLICATION_COLUMNS[c]}",
                    (inn[c], out[c]),
                )
            )
    return problems


check_carry_over.check_name = "applications.carry_over"  # type: ignore[attr-defined]

#: Checks that compare two reports (previous year, this year).
PAIR_CHECKS: dict[str, Callable[[ReportTables, ReportTables], list[Problem]]] = {
    "applications.carry_over": check_carry_over,
}


def run_checks(
    tables: ReportTables,
    format: str | ReportFormat | None = None,  # noqa: A002 - the public name
    *,
    previous: ReportTables | None = None,
    only: Sequence[str] | None = None,
) -> list[Problem]:
    """Run every registered check (or ``only`` those named) on one report's tables.

    With ``previous`` (the same agency's report of the year before), the carry-over check
    runs too.
    """
    fmt = get_format(format or tables.format)
    problems: list[Problem] = []
    for name, fn in CHECKS.items():
        if only is None or name in only:
            problems.extend(fn(tables, fmt))
    if previous is not None and (only is None or "applications.carry_over" in only):
        problems.extend(check_carry_over(previous, tables))
    return problems


def failed(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that are failed checks (severity ``error``)."""
    return [p for p in problems if p.severity == ERROR]
