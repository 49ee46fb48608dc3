"""XLSX template, all-or-nothing import with row errors, export with masking; the command."""

import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from gongkai.applications import xlsx
from gongkai.applications.models import Application
from gongkai.applications.selectors import report_counts


def book(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(xlsx.HEADERS)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


GOOD = [
    "",
    "自然人",
    "张三",
    "居民身份证",
    "11010519491231002X",
    "",
    "",
    "13800000000",
    "",
    "一道街",
    "2024年统计公报",
    "",
    "全文",
    "电子数据",
    "电子邮件",
    "当面提交",
    "2024-12-20",
    "2024-12-20",
    "予以公开",
    "2025-01-10",
]
ORG = [
    "TJJ-2025-0099",
    "商业企业",
    "某某有限公司",
    "",
    "",
    "91330100799655058B",
    "李四",
    "13900000000",
    "",
    "",
    "企业名录",
    "",
    "",
    "纸质",
    "邮寄",
    "邮寄（需签收）",
    "2025-03-01",
    "2025-03-03",
    "",
    "",
]


def test_template_has_headers_and_choices():
    wb = load_workbook(io.BytesIO(xlsx.template_bytes()))
    assert [c.value for c in wb["申请"][1]] == xlsx.HEADERS
    assert "自然人" in [c.value for c in wb["可选值"]["A"]]


def test_import_all_rows(agency):
    result = xlsx.import_file(book([GOOD, ORG]), agency=agency)
    assert result.errors == [] and result.created == 2
    done = Application.objects.get(applicant_name="张三")
    assert (
        done.imported
        and done.outcome == "result.open"
        and done.replied_on.isoformat() == "2025-01-10"
    )
    assert done.state == "closed"
    open_case = Application.objects.get(tracking_number="TJJ-2025-0099")
    assert open_case.received_on.isoformat() == "2025-03-03" and open_case.replied_on is None
    # Imported cases feed the report: received 2024, replied 2025 → carried into 2025.
    c = report_counts([agency.pk], 2025, "2021")
    assert c["carried_in"][6] == 1 and c["result.open"][0] == 1 and c["new"][1] == 1


def test_import_is_all_or_nothing_with_row_numbers(agency):
    bad_id = list(GOOD)
    bad_id[4] = "110105194912310021"
    bad_dates = list(GOOD)
    bad_dates[19] = "2024-12-01"  # replied before received
    no_outcome = list(GOOD)
    no_outcome[18] = ""
    result = xlsx.import_file(book([GOOD, bad_id, bad_dates, no_outcome, ORG, ORG]), agency=agency)
    rows = {(e["row"], e["message"]) for e in result.errors}
    assert (3, "身份证号码校验位不正确，请核对") in rows
    assert (4, "答复日期不能早于收到申请日期") in rows
    assert (5, "有答复日期时须填写办理结果") in rows
    assert (7, "申请编号“TJJ-2025-0099”与第6行重复") in rows
    assert result.created == 0 and not Application.objects.exists()


def test_unreadable_file(agency):
    result = xlsx.import_file(io.BytesIO(b"not a spreadsheet"), agency=agency)
    assert result.errors and "无法读取" in result.errors[0]["message"]


def test_export_masks_and_roundtrips(agency):
    xlsx.import_file(book([GOOD]), agency=agency)
    data = xlsx.export_bytes(Application.objects.all())
    ws = load_workbook(io.BytesIO(data)).active
    header, row = [c.value for c in ws[1]], [c.value for c in ws[2]]
    assert header == xlsx.HEADERS
    assert row[4] == "1101**********002X" and row[7] == "138****0000"
    assert row[18] == "予以公开"


def test_command_import_and_errors(agency, tmp_path, capsys):
    path = tmp_path / "in.xlsx"
    bad = list(GOOD)
    bad[1] = "个体户"
    path.write_bytes(book([GOOD, bad]).getvalue())
    with pytest.raises(SystemExit) as exit_info:
        call_command("applications", "import", str(path), "--agency", agency.slug)
    assert exit_info.value.code == 1
    assert "第3行：申请人类型“个体户”无效" in capsys.readouterr().err
    assert not Application.objects.exists()
    path.write_bytes(book([GOOD]).getvalue())
    call_command("applications", "import", str(path), "--agency", agency.slug)
    assert "已导入 1 件申请" in capsys.readouterr().out
