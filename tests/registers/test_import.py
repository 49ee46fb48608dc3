"""#17.9: Art. 20 register records imported from XLSX, all or nothing, with row-level errors."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from gongkai.audit.models import AuditEntry
from gongkai.registers import xlsx
from gongkai.registers.models import Art20Record
from gongkai.registers.selectors import art20_counts

pytestmark = pytest.mark.django_db


def _book(rows, header=xlsx.HEADERS) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_template_rows_import_and_count(demo):
    jyj = demo.agencies["mzl-jyj"]
    template = load_workbook(io.BytesIO(xlsx.template_bytes()))
    assert [c.value for c in template.worksheets[0][1]] == xlsx.HEADERS
    result = xlsx.import_file(io.BytesIO(xlsx.template_bytes()), agency=jyj)
    assert result.errors == [] and result.created == 5
    counts = art20_counts([jyj.id], 2026)
    assert counts["normative_document"]["issued"] == 1
    assert counts["penalty"]["decisions"] == 1
    assert counts["licensing"]["items_last_year"] == 1
    assert counts["fee"]["amount"] == Decimal("1.2500")
    assert (counts["procurement"]["projects"], counts["procurement"]["amount"]) == (
        1,
        Decimal("128.5000"),
    )
    assert AuditEntry.objects.filter(verb="registers.art20record.import").count() == 1
    assert AuditEntry.objects.filter(verb="registers.art20record.create").count() >= 5


def test_a_bad_row_imports_nothing_and_says_which_row_and_why(demo):
    jyj = demo.agencies["mzl-jyj"]
    before = Art20Record.objects.count()
    rows = [
        ["行政处罚", "好的一行", "", "", "", datetime.date(2026, 5, 1), "", ""],
        ["行政奖励", "事项不对", "", "", "", "2026-05-01", "", ""],
        ["规章", "缺制发日期", "", "", "", "", "", ""],
        ["政府集中采购", "金额不对", "", "", "", "2026-05-01", "很多", ""],
        ["行政规范性文件", "日期不对", "", "2026-13-01", "", "", "", ""],
    ]
    result = xlsx.import_file(_book(rows), agency=jyj)
    assert result.created == 0
    assert Art20Record.objects.count() == before
    by_row = {e["row"]: e["message"] for e in result.errors}
    assert set(by_row) == {3, 4, 5, 6}
    assert by_row[3].startswith("事项“行政奖励”无效")
    assert by_row[4] == "制发（设立）日期：规章、规范性文件须填写制发日期"
    assert by_row[5] == "金额“很多”不是数字"
    assert by_row[6] == "制发（设立）日期“2026-13-01”不是有效日期（应为 YYYY-MM-DD）"
    missing = xlsx.import_file(_book([], header=["名称"]), agency=jyj)
    assert missing.errors == [{"row": 1, "message": "表头缺少列：事项"}]


def test_import_command(demo, tmp_path, capsys):
    path = tmp_path / "records.xlsx"
    call_command("registers", "template", "--out", str(path))
    call_command("registers", "import", str(path), "--agency", "mzl-jyj")
    assert "已导入 5 条登记记录到 满洲里市教育局" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_book([["采购", "x", "", "", "", "", "", ""]]).getvalue())
    with pytest.raises(SystemExit):
        call_command("registers", "import", str(bad), "--agency", "mzl-jyj")
    assert (
        "第2行：决定（收费、采购）日期：政府集中采购项目须填写采购日期" in capsys.readouterr().err
    )
