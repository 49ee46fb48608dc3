"""``gongkai report import FILE --agency SLUG [--year YYYY] [--replace]``.

Reads a published report (.txt, .html, .docx, .pdf) with ``rules.reader`` and stores
it as the agency's report of a past year (source: imported), so the carry-over
check and year-over-year charts work for years before the system. Exit 0 when
imported, 1 when the file could not be read or stored, 2 for bad arguments.
"""

import sys
from pathlib import Path

HELP = "导入已发布的年度报告，作为机关以往年度的报告"


def add_arguments(parser) -> None:
    parser.add_argument("file", help="已发布的报告文件（.txt .html .docx .pdf）")
    parser.add_argument("--agency", required=True, help="机关标识（slug）")
    parser.add_argument("--year", type=int, help="报告年度（默认取自报告标题）")
    parser.add_argument("--replace", action="store_true", help="覆盖该年度已有的报告")


def read_published(path: str | Path, content: bytes | None = None) -> dict:
    """The contract JSON of a published report file, via ``rules.reader.read_report``."""
    from gongkai.rules.reader import read_report

    result = read_report(str(path)) if content is None else read_report(str(path), content)
    if hasattr(result, "to_contract_json"):
        return result.to_contract_json()
    if hasattr(result, "to_json"):
        return result.to_json()
    return dict(result)


def run(options: dict, stdout=None, stderr=None) -> int:
    from gongkai.agencies.models import Agency
    from gongkai.reports.services import ReportError, annual_report_import

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    path = Path(options["file"])
    if not path.is_file():
        stderr.write(f"找不到文件：{path}\n")
        return 2
    agency = Agency.objects.filter(slug=options["agency"]).first()
    if agency is None:
        stderr.write(f"找不到机关：{options['agency']}\n")
        return 2
    try:
        data = read_published(path)
    except Exception as error:  # noqa: BLE001 - any reader failure is reported, not raised
        stderr.write(f"无法读取 {path}：{error}\n")
        return 1
    try:
        report = annual_report_import(
            agency=agency,
            tables=data,
            year=options.get("year"),
            file_name=path.name,
            content=path.read_bytes(),
            replace=options.get("replace", False),
        )
    except ReportError as error:
        stderr.write(f"{error}\n")
        return 1
    failed = [p for p in report.check_problems if p.get("severity", "error") == "error"]
    stdout.write(f"已导入：{report}（{report.report_format}年格式，校验未通过 {len(failed)} 项）\n")
    for p in failed:
        stdout.write(f"  - {p.get('check')}: {p.get('message')}\n")
    return 0
