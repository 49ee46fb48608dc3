"""Importing Art. 20 register records from XLSX: all or nothing, with row-level errors.

The template has one row per record (文件、事项、处理决定、收费或采购项目; see
``models.Art20Record`` for which dates each kind takes). Every row is checked with the
model's own validation before anything is written; a file with any bad row imports
nothing, and each problem is reported with its row number (as Excel shows it) and a
Chinese reason. Each record created is audited (``Audited``), plus one entry for the import.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_record
from gongkai.ops.xlsx_cells import cell_date, cell_text
from gongkai.registers.models import Art20Item, Art20Record

COLUMNS = (
    ("kind", "事项"),
    ("title", "名称"),
    ("number", "文号/编号"),
    ("issued_on", "制发（设立）日期"),
    ("repealed_on", "废止（取消）日期"),
    ("decided_on", "决定（收费、采购）日期"),
    ("amount", "金额（万元）"),
    ("note", "备注"),
)
HEADERS = [label for _key, label in COLUMNS]
REQUIRED_HEADERS = ("事项", "名称")
DATE_FIELDS = ("issued_on", "repealed_on", "decided_on")

#: 事项 as typed: the labels of ``Art20Item`` and their common short forms.
KINDS = (
    {str(label): value for value, label in Art20Item.choices}
    | {
        "规范性文件": Art20Item.NORMATIVE_DOCUMENT,
        "行政规范性文件": Art20Item.NORMATIVE_DOCUMENT,
        "其他对外管理服务": Art20Item.OTHER_SERVICE,
        "收费": Art20Item.FEE,
        "采购": Art20Item.PROCUREMENT,
    }
    | {value: value for value in Art20Item.values}
)

#: Rows one import may hold.
MAX_IMPORT_ROWS = 50000


@dataclass
class ImportResult:
    created: int = 0
    errors: list[dict] = field(default_factory=list)  # {"row": n, "message": "..."}


def template_bytes() -> bytes:
    """An XLSX with the header row and one example row per kind of record."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "登记"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in (
        ["行政规范性文件", "某某管理办法", "满统发〔2026〕3号", "2026-03-10", "", "", "", ""],
        ["行政处罚", "某公司统计违法案", "满统罚〔2026〕1号", "", "", "2026-05-18", "", ""],
        ["行政许可", "某某许可事项", "", "2020-01-01", "", "", "", "事项（2019年格式）"],
        ["行政事业性收费", "某某收费", "", "", "", "2026-04-01", "1.25", ""],
        ["政府集中采购", "办公设备采购", "CG-2026-011", "", "", "2026-04-08", "128.5", ""],
    ):
        ws.append(row)
    for col in ws.columns:
        ws.column_dimensions[col[0].column_letter].width = 18
    help_ws = wb.create_sheet("可选值")
    help_ws.append(["事项"])
    for label in Art20Item.labels:
        help_ws.append([str(label)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


_cell = cell_text
_date = cell_date


def _amount(value, problems: list[str]) -> Decimal:
    if value in (None, ""):
        return Decimal("0")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        problems.append(_("金额“%(value)s”不是数字") % {"value": value})
        return Decimal("0")
    if not amount.is_finite():
        problems.append(_("金额“%(value)s”不是数字") % {"value": value})
        return Decimal("0")
    return amount.quantize(Decimal("0.0001"))


def _messages(error: ValidationError) -> list[str]:
    labels = dict(COLUMNS)
    out = []
    for name, messages in error.message_dict.items():
        where = labels.get(name)
        for message in messages:
            out.append(f"{where}：{message}" if where else str(message))
    return out


def read_rows(fileobj) -> tuple[list[tuple[int, dict]], list[dict]]:
    from openpyxl import load_workbook

    from gongkai.ops.uploads import UploadRejected, check_upload

    unreadable = [{"row": 0, "message": _("文件无法读取，请使用 XLSX 格式的导入模板")}]
    try:  # size, content and zip-bomb checks before openpyxl expands anything
        check_upload(fileobj, allowed={"xlsx"})
    except UploadRejected as error:
        if error.code == "type":
            return [], unreadable
        return [], [{"row": 0, "message": " ".join(error.messages)}]
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  (any unreadable file gets the same message)
        return [], unreadable
    rows = wb.worksheets[0].iter_rows(values_only=True)
    header = [_cell(h) for h in next(rows, [])]
    missing = [h for h in REQUIRED_HEADERS if h not in header]
    if missing:
        return [], [{"row": 1, "message": _("表头缺少列：%(cols)s") % {"cols": "、".join(missing)}}]
    index = {key: header.index(label) for key, label in COLUMNS if label in header}
    out = []
    for n, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        if len(out) >= MAX_IMPORT_ROWS:
            message = _("一次最多导入%(n)d行，请分批导入") % {"n": MAX_IMPORT_ROWS}
            return [], [{"row": n, "message": message}]
        out.append((n, {key: (values[i] if i < len(values) else None) for key, i in index.items()}))
    return out, []


def _record(agency, values: dict) -> tuple[Art20Record, list[str]]:
    problems: list[str] = []
    typed = _cell(values.get("kind"))
    kind = KINDS.get(typed, "")
    if not kind:
        problems.append(
            _("事项“%(kind)s”无效（应为 %(choices)s）")
            % {"kind": typed, "choices": "、".join(str(x) for x in Art20Item.labels)}
        )
    dates = {f: _date(values.get(f), dict(COLUMNS)[f], problems) for f in DATE_FIELDS}
    record = Art20Record(
        agency=agency,
        kind=kind,
        title=_cell(values.get("title")),
        number=_cell(values.get("number")),
        amount=_amount(values.get("amount"), problems),
        note=_cell(values.get("note")),
        **dates,
    )
    if not problems:
        try:
            record.full_clean()
        except ValidationError as error:
            problems.extend(_messages(error))
    return record, problems


def import_file(fileobj, *, agency, actor=None) -> ImportResult:
    """Validate every row; import all of them in one transaction, or none."""
    rows, errors = read_rows(fileobj)
    result = ImportResult(errors=errors)
    if errors:
        return result
    if not rows:
        result.errors.append({"row": 0, "message": _("文件中没有数据行")})
        return result
    records = []
    for n, values in rows:
        record, problems = _record(agency, values)
        result.errors.extend({"row": n, "message": m} for m in problems)
        records.append(record)
    if result.errors:
        return result
    with transaction.atomic():
        for record in records:
            record.save()
        result.created = len(records)
        audit_record(
            action="other",
            verb="registers.art20record.import",
            actor=actor,
            agency_id=agency.pk,
            changes={"created": result.created},
        )
    return result
