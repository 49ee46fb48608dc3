"""Building the report tables from records, as ``rules.tables.ReportTables``.

Table 二 comes from the registers: counted from each agency's register records, or its
hand-entered override for the item and year, which the stored tables list under
``proactive_overrides`` (row label -> [[agency, reason]]) so the report shows them as
such (and the catalogue's Art. 20(一) counts when the agency keeps no register of them), table 三 from ``applications.selectors.report_counts``
(one GROUP BY; zeros while that app is absent), table 四 from the 复议/诉讼 cases.
Everything is a query over the year's records, so a rebuild gives the same numbers
until the data changes. Rows and columns come from ``rules.formats``: which
register field feeds a column is looked up by the column's printed label.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.registers.selectors import art20_counts, entered_agencies, review_counts
from gongkai.reports import sources
from gongkai.rules.formats import get_format
from gongkai.rules.tables import Amount, ReportTables


@dataclass
class BuiltTables(ReportTables):
    """The tables plus, per table-二 row, the hand-entered overrides its numbers include."""

    proactive_overrides: dict[str, list[list[str]]] = field(default_factory=dict)


#: Table 二 row label (any format's wording) -> register item.
ROW_ITEMS: dict[str, str] = {
    "规章": "regulation",
    "规范性文件": "normative_document",
    "行政规范性文件": "normative_document",
    "行政许可": "licensing",
    "其他对外管理服务事项": "other_service",
    "行政处罚": "penalty",
    "行政强制": "enforcement",
    "行政事业性收费": "fee",
    "政府集中采购": "procurement",
}

#: Table 二 column label -> register field.
COLUMN_FIELDS: dict[str, str] = {
    "本年新制作数量": "issued",
    "本年新公开数量": "published",
    "对外公开总数量": "published_total",
    "本年制发件数": "issued",
    "本年废止件数": "repealed",
    "现行有效件数": "in_force",
    "上一年项目数量": "items_last_year",
    "本年增/减": "items_change",
    "处理决定数量": "decisions",
    "本年处理决定数量": "decisions",
    "采购项目数量": "projects",
    "采购总金额": "amount",
    "本年收费金额（单位：万元）": "amount",
}

#: The registers keep amounts in 万元.
AMOUNT_UNIT = "万元"


#: The catalogue's Art. 20(一) document types -> register items.
CATALOGUE_TYPES = {"规章": "regulation", "规范性文件": "normative_document"}


def _catalogue_art20(agency_ids: list[int], year: int) -> dict[str, dict]:
    """Art. 20(一) counts derived from catalogue records, if the catalogue provides them.

    ``publication_counts(...)["normative"]`` gives (issued, repealed, in force at year end)
    per type. For the 2019 format's columns, 本年新公开 is taken as the documents issued
    (catalogue entries are published) and 对外公开总数量 as those in force [D].
    """
    fn = sources.publication_counts()
    if fn is None or not agency_ids:
        return {}
    normative = (fn(agency_ids, year) or {}).get("normative") or {}
    derived = {}
    for label, item in CATALOGUE_TYPES.items():
        if label in normative:
            issued, repealed, in_force = normative[label]
            derived[item] = {
                "issued": issued,
                "repealed": repealed,
                "in_force": in_force,
                "published": issued,
                "published_total": in_force,
            }
    return derived


def _with_catalogue(counts: dict, agency_ids: list[int], year: int) -> dict:
    """Add catalogue-derived 规章/规范性文件 counts of the agencies that entered no register row.

    Decided per agency, so a consolidated report mixes entered and derived figures correctly.
    """
    if sources.publication_counts() is None:
        return counts
    items = tuple(CATALOGUE_TYPES.values())
    entered = entered_agencies(agency_ids, year, items)
    missing = {item: [i for i in agency_ids if i not in entered[item]] for item in items}
    calls: dict[tuple, dict] = {}
    for item in items:
        ids = tuple(missing[item])
        if not ids:
            continue
        if ids not in calls:
            calls[ids] = _catalogue_art20(list(ids), year)
        derived = calls[ids].get(item)
        if derived:
            entry = counts[item] = dict(counts[item])
            for field, value in derived.items():
                entry[field] = entry.get(field, 0) + value
    return counts


def fill_proactive(tables: ReportTables, agency_ids: list[int], year: int) -> None:
    fmt = tables.fmt
    counts = _with_catalogue(art20_counts(agency_ids, year), agency_ids, year)
    for group in fmt.proactive:
        for label in group.rows:
            entry = counts[ROW_ITEMS[label]]
            cells = []
            for col in group.columns:
                value = entry.get(COLUMN_FIELDS[col.label], 0)
                if col.kind == "amount":
                    value = Decimal(value or 0)
                    unit = col.unit or (AMOUNT_UNIT if value else None)
                    cells.append(Amount(value, unit))
                else:
                    cells.append(int(value or 0))
            tables.proactive[label] = cells
            if entry.get("overrides") and isinstance(tables, BuiltTables):
                tables.proactive_overrides[label] = [list(o) for o in entry["overrides"]]


def fill_applications(tables: ReportTables, agency_ids: list[int], year: int) -> None:
    fn = sources.report_counts()
    if fn is None:
        return
    counts = fn(agency_ids, year, tables.format)
    for key in tables.fmt.application_keys:
        if key in counts:
            tables.applications[key] = [int(v) for v in counts[key]]


def build_tables(
    *, agency_name: str, agency_ids: Iterable[int], year: int, report_format: str
) -> ReportTables:
    """The report's tables for the agencies (summed) and the year."""
    ids = list(agency_ids)
    tables = BuiltTables.zeros(get_format(report_format), agency=agency_name, year=year)
    fill_applications(tables, ids, year)
    tables.review_litigation = review_counts(ids, year)
    fill_proactive(tables, ids, year)
    return tables


def stored_json(tables: ReportTables) -> dict:
    """The contract JSON kept on the report (without problems and file)."""
    data = tables.to_contract_json()
    data.pop("problems", None)
    overrides = getattr(tables, "proactive_overrides", None)
    if overrides:
        data["proactive_overrides"] = overrides
    return data


def table_diff(old: dict, new: dict) -> list[dict]:
    """Cells that differ between two stored table sets: [{table, row, column, old, new}]."""
    diff = []
    for table in ("applications", "proactive"):
        a, b = old.get(table) or {}, new.get(table) or {}
        for row in list(a) + [r for r in b if r not in a]:
            va, vb = a.get(row) or [], b.get(row) or []
            for i in range(max(len(va), len(vb))):
                x = va[i] if i < len(va) else None
                y = vb[i] if i < len(vb) else None
                if x != y:
                    diff.append({"table": table, "row": row, "column": i, "old": x, "new": y})
    a, b = old.get("review_litigation") or [], new.get("review_litigation") or []
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else None
        y = b[i] if i < len(b) else None
        if x != y:
            diff.append({"table": "review_litigation", "row": "", "column": i, "old": x, "new": y})
    return diff
