"""``gongkai report build --agency SLUG --year YYYY [--format 2019|2021] [--consolidated] --out PATH``.

Builds (or rebuilds) the agency's report from the records and writes it; the file
type follows the ending of PATH (.json, .html, .docx, .pdf, .xlsx, .txt). Exit 0 on
success, 1 when the report could not be built, 2 for bad arguments.
"""

import sys
from pathlib import Path

HELP = "由系统记录生成机关年度报告并导出（.json .html .docx .pdf .xlsx .txt）"


def add_arguments(parser) -> None:
    parser.add_argument("--agency", required=True, help="机关标识（slug），如 mzl-tjj")
    parser.add_argument("--year", required=True, type=int, help="报告年度")
    parser.add_argument(
        "--format", dest="report_format", choices=["2019", "2021"], help="报告格式（默认按年度）"
    )
    parser.add_argument(
        "--consolidated", action="store_true", help="汇总本机关及全部下级机关（如全市汇总）"
    )
    parser.add_argument(
        "--out", required=True, help="输出文件，格式由扩展名决定；- 表示标准输出（JSON）"
    )


def run(options: dict, stdout=None, stderr=None) -> int:
    from gongkai.agencies.models import Agency
    from gongkai.reports.exports import export, kind_for_path
    from gongkai.reports.models import AnnualReport
    from gongkai.reports.services import ReportError, annual_report_build

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    out = options["out"]
    try:
        kind = "json" if out == "-" else kind_for_path(out)
    except ValueError:
        stderr.write("不支持的输出格式：请使用 .json .html .docx .pdf .xlsx .txt\n")
        return 2
    agency = Agency.objects.filter(slug=options["agency"]).first()
    if agency is None:
        stderr.write(f"找不到机关：{options['agency']}\n")
        return 2
    scope = (
        AnnualReport.Scope.CONSOLIDATED
        if options.get("consolidated")
        else AnnualReport.Scope.AGENCY
    )
    try:
        report = annual_report_build(
            agency=agency,
            year=options["year"],
            report_format=options.get("report_format"),
            scope=scope,
        )
    except ReportError as error:
        existing = AnnualReport.objects.filter(
            agency=agency, year=options["year"], scope=scope
        ).first()
        if existing is None or existing.source != AnnualReport.Source.IMPORTED:
            stderr.write(f"{error}\n")
            return 1
        report = existing  # an imported report is exported as stored
    if report.changed_after_lock:
        stderr.write("注意：数据已在锁定后变更，导出的是锁定时的报表\n")
    content = export(report, kind, file=None if out == "-" else str(out))
    if out == "-":
        stdout.write(content.decode("utf-8"))
    else:
        Path(out).write_bytes(content)
        failed = [p for p in report.check_problems if p.get("severity") == "error"]
        stdout.write(
            f"{report}：已写入 {out}（{report.report_format}年格式，校验未通过 {len(failed)} 项）\n"
        )
    return 0
