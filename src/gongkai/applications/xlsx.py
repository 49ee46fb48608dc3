"""Moving in and out: the XLSX template, the all-or-nothing import, the export (same columns).

Every row is validated before anything is written; a file with any bad row
imports nothing and each problem is reported with its row number (as Excel
shows it) and a Chinese reason. Imported cases carry an ``imported`` event with
their historical dates and outcome, so the report counts them like any other.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    Channel,
    EventKind,
    IdType,
    ProvisionForm,
    ReceiptMethod,
    State,
)
from gongkai.audit.services import audit_record
from gongkai.ops.spreadsheets import xlsx_row
from gongkai.ops.xlsx_cells import cell_date, cell_text
from gongkai.rules.clock import RECEIVED_ON_SUBMISSION
from gongkai.rules.identity import check_credit_code, check_resident_id, normalise
from gongkai.rules.outcomes import APPLICANT_TYPE_LABELS, OUTCOMES

COLUMNS = (
    ("tracking_number", "申请编号"),
    ("applicant_type", "申请人类型"),
    ("applicant_name", "申请人姓名或名称"),
    ("id_type", "证件类型"),
    ("id_number", "证件号码"),
    ("credit_code", "统一社会信用代码"),
    ("contact_person", "联系人"),
    ("phone", "联系电话"),
    ("email", "电子邮箱"),
    ("address", "通信地址"),
    ("info_title", "所需信息名称"),
    ("doc_number", "文号"),
    ("description", "特征性描述"),
    ("provision_form", "提供形式"),
    ("receipt_method", "获取方式"),
    ("channel", "申请渠道"),
    ("submitted_on", "提交日期"),
    ("received_on", "收到申请日期"),
    ("outcome", "办理结果"),
    ("replied_on", "答复日期"),
)
HEADERS = [label for _key, label in COLUMNS]

_TYPES = {label: t.value for t, label in APPLICANT_TYPE_LABELS.items()}
_ID_TYPES = {str(label): value for value, label in IdType.choices}
_FORMS = {str(label): value for value, label in ProvisionForm.choices}
_RECEIPTS = {str(label): value for value, label in ReceiptMethod.choices}
_CHANNELS = {str(label): value for value, label in Channel.choices}
_CHANNELS.update(
    {
        "当面": "in_person",
        "口头": "oral",
        "邮寄": "mail",
        "信函": "post_plain",
        "网上": "online",
        "在线": "online",
    }
)
_OUTCOMES = {o.label: o.key for o in OUTCOMES} | {o.key: o.key for o in OUTCOMES}


def _label(mapping: dict, value: str) -> str:
    for label, v in mapping.items():
        if v == value:
            return label
    return value or ""


def template_bytes() -> bytes:
    """An XLSX with the header row, one example row and the allowed values on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "申请"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(
        [
            "",
            "自然人",
            "张三",
            "居民身份证",
            "11010519491231002X",
            "",
            "",
            "13800000000",
            "zhang@example.com",
            "满洲里市一道街1号",
            "2024年统计公报",
            "",
            "全文",
            "电子数据",
            "电子邮件",
            "当面提交",
            "2024-03-01",
            "2024-03-01",
            "予以公开",
            "2024-03-15",
        ]
    )
    for col in ws.columns:
        ws.column_dimensions[col[0].column_letter].width = 16
    help_ws = wb.create_sheet("可选值")
    help_ws.append(["申请人类型", "证件类型", "提供形式", "获取方式", "申请渠道", "办理结果"])
    lists = [
        list(_TYPES),
        list(_ID_TYPES),
        list(_FORMS),
        list(_RECEIPTS),
        [str(label) for _v, label in Channel.choices],
        [o.label for o in OUTCOMES],
    ]
    for i in range(max(len(x) for x in lists)):
        help_ws.append([x[i] if i < len(x) else "" for x in lists])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class ImportResult:
    created: int = 0
    errors: list[dict] = field(default_factory=list)  # {"row": n, "message": "..."}


_cell = cell_text
_date = cell_date


def _validate_row(values: dict, today: datetime.date) -> tuple[dict, list[str]]:
    p: list[str] = []
    row = {key: _cell(values.get(key)) for key, _label in COLUMNS}
    out: dict = {}
    out["tracking_number"] = row["tracking_number"]
    kind = _TYPES.get(row["applicant_type"]) or (
        row["applicant_type"] if row["applicant_type"] in _TYPES.values() else None
    )
    if not kind:
        p.append(f"申请人类型“{row['applicant_type']}”无效（应为 {'、'.join(_TYPES)}）")
    out["applicant_type"] = kind or ""
    if not row["applicant_name"]:
        p.append("缺少申请人姓名或名称")
    out["applicant_name"] = row["applicant_name"]
    out["id_type"] = _ID_TYPES.get(row["id_type"], "") if row["id_type"] else ""
    if row["id_type"] and not out["id_type"]:
        p.append(f"证件类型“{row['id_type']}”无效")
    out["id_number"] = normalise(row["id_number"])
    if kind == "natural_person" and out["id_type"] == IdType.RESIDENT_ID and out["id_number"]:
        problem = check_resident_id(out["id_number"], today=today)
        if problem:
            p.append(problem)
    out["credit_code"] = normalise(row["credit_code"])
    if kind and kind != "natural_person" and out["credit_code"]:
        problem = check_credit_code(out["credit_code"])
        if problem:
            p.append(problem)
    for key in ("contact_person", "phone", "email", "address", "doc_number", "description"):
        out[key] = row[key]
    if not row["info_title"]:
        p.append("缺少所需信息名称")
    out["info_title"] = row["info_title"]
    out["provision_form"] = _FORMS.get(
        row["provision_form"], "electronic" if not row["provision_form"] else ""
    )
    if not out["provision_form"]:
        p.append(f"提供形式“{row['provision_form']}”无效（应为 {'、'.join(_FORMS)}）")
    out["receipt_method"] = _RECEIPTS.get(
        row["receipt_method"], "pickup" if not row["receipt_method"] else ""
    )
    if not out["receipt_method"]:
        p.append(f"获取方式“{row['receipt_method']}”无效（应为 {'、'.join(_RECEIPTS)}）")
    out["channel"] = _CHANNELS.get(row["channel"]) or (
        row["channel"] if row["channel"] in Channel.values else ""
    )
    if not out["channel"]:
        p.append(f"申请渠道“{row['channel']}”无效")
    submitted = _date(values.get("submitted_on"), "提交日期", p)
    received = _date(values.get("received_on"), "收到申请日期", p)
    replied = _date(values.get("replied_on"), "答复日期", p)
    if submitted is None and not any("提交日期" in x for x in p):
        p.append("缺少提交日期")
    if out["channel"] in RECEIVED_ON_SUBMISSION:
        received = received or submitted
        if submitted and received != submitted:
            p.append("当面或口头提出的申请，收到申请日期应与提交日期相同（第三十一条）")
    if received is None and not any("收到申请日期" in x for x in p):
        p.append("缺少收到申请日期")
    for d, what in ((submitted, "提交日期"), (received, "收到申请日期"), (replied, "答复日期")):
        if d and d > today:
            p.append(f"{what}不能晚于今天")
    if submitted and received and received < submitted:
        p.append("收到申请日期不能早于提交日期")
    if received and replied and replied < received:
        p.append("答复日期不能早于收到申请日期")
    outcome = _OUTCOMES.get(row["outcome"], "") if row["outcome"] else ""
    if row["outcome"] and not outcome:
        p.append(f"办理结果“{row['outcome']}”无效（见模板“可选值”）")
    if replied and not outcome and not row["outcome"]:
        p.append("有答复日期时须填写办理结果")
    if outcome and not replied:
        p.append("有办理结果时须填写答复日期")
    out.update(submitted_on=submitted, received_on=received, replied_on=replied, outcome=outcome)
    return out, p


#: Rows one import may hold (a year of a busy agency's cases is a few thousand).
MAX_IMPORT_ROWS = 20000


def read_rows(fileobj) -> tuple[list[tuple[int, dict]], list[dict]]:
    from openpyxl import load_workbook

    from gongkai.ops.uploads import UploadRejected, check_upload

    unreadable = [{"row": 0, "message": "文件无法读取，请使用 XLSX 格式的导入模板"}]
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
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [_cell(h) for h in next(rows, [])]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        return [], [{"row": 1, "message": f"表头缺少列：{'、'.join(missing)}"}]
    index = {key: header.index(label) for key, label in COLUMNS}
    out = []
    for n, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        if len(out) >= MAX_IMPORT_ROWS:
            message = f"一次最多导入{MAX_IMPORT_ROWS}行，请分批导入"
            return [], [{"row": n, "message": message}]
        out.append((n, {key: (values[i] if i < len(values) else None) for key, i in index.items()}))
    return out, []


def import_file(fileobj, *, agency, actor=None) -> ImportResult:
    """Validate every row; import all of them in one transaction, or none."""
    from gongkai.applications import services as sv

    rows, errors = read_rows(fileobj)
    result = ImportResult(errors=errors)
    if errors:
        return result
    if not rows:
        result.errors.append({"row": 0, "message": "文件中没有数据行"})
        return result
    today = timezone.localdate()
    clean: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for n, values in rows:
        data, problems = _validate_row(values, today)
        number = data["tracking_number"]
        if number:
            if number in seen:
                problems.append(f"申请编号“{number}”与第{seen[number]}行重复")
            elif Application.objects.filter(agency=agency, tracking_number=number).exists():
                problems.append(f"申请编号“{number}”已存在")
            seen[number] = n
        for message in problems:
            result.errors.append({"row": n, "message": message})
        clean.append((n, data))
    if result.errors:
        return result
    with transaction.atomic():
        for n, data in clean:
            number = data.pop("tracking_number")
            year = data["received_on"].year
            if not number:
                number, _seq = sv.next_tracking_number(agency, year)
            received, replied, outcome = (
                data.pop("received_on"),
                data.pop("replied_on"),
                data["outcome"],
            )
            app = Application.objects.create(
                agency=agency,
                tracking_number=number,
                tracking_year=year,
                imported=True,
                registered_by=actor,
                state=State.CLOSED if replied else State.ACCEPTED,
                **data,
            )
            ApplicationEvent.objects.create(
                application=app,
                kind=EventKind.IMPORTED,
                on=today,
                actor=actor,
                actor_name=actor.get_username() if actor else "导入",
                data={
                    "row": n,
                    "received_on": received.isoformat(),
                    "replied_on": replied.isoformat() if replied else None,
                    "outcome": outcome,
                },
            )
            sv.refresh(app)
            app.save()
            result.created += 1
        audit_record(
            action="workflow",
            verb="application.import",
            actor=actor,
            agency_id=agency.pk,
            changes={"created": result.created},
        )
    return result


def export_bytes(queryset, *, unmask=lambda app: False) -> bytes:
    """Cases as XLSX with the import columns; ID and phone numbers masked unless ``unmask(app)``."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("申请")
    ws.append(HEADERS)
    for app in queryset.select_related("agency").order_by("received_on", "id").iterator():
        full = unmask(app)
        ws.append(
            xlsx_row(  # applicant text starting with "=" stays text (formula injection)
                ws,
                [
                    app.tracking_number,
                    APPLICANT_TYPE_LABELS.get(app.applicant_type, app.applicant_type),
                    app.applicant_name,
                    app.get_id_type_display() if app.id_type else "",
                    app.id_number if full else app.masked_id_number,
                    app.credit_code,
                    app.contact_person,
                    app.phone if full else app.masked_phone,
                    app.email,
                    app.address,
                    app.info_title,
                    app.doc_number,
                    app.description,
                    app.get_provision_form_display(),
                    app.get_receipt_method_display(),
                    app.get_channel_display(),
                    app.submitted_on.isoformat() if app.submitted_on else "",
                    app.received_on.isoformat() if app.received_on else "",
                    app.get_outcome_display() if app.outcome else "",
                    app.replied_on.isoformat() if app.replied_on else "",
                ],
            )
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
