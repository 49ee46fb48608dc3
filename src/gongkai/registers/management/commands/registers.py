"""``gongkai registers import FILE --agency SLUG`` / ``template --out PATH``.

Import of Art. 20 register records is all or nothing per file: with any bad row nothing
is written, every problem is printed as ``第N行：reason`` and the exit status is 1.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.models import Agency


class Command(BaseCommand):
    help = "法定主动公开事项登记：导入登记记录（XLSX）、下载模板"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser("import", help="导入登记记录（全部成功或全部不导入）")
        imp.add_argument("file")
        imp.add_argument("--agency", required=True, help="机关标识（slug）")
        tpl = sub.add_parser("template", help="写出导入模板")
        tpl.add_argument("--out", required=True)

    def handle(self, *args, verb, **options):
        from gongkai.registers import xlsx

        if verb == "template":
            Path(options["out"]).write_bytes(xlsx.template_bytes())
            return
        try:
            agency = Agency.objects.get(slug=options["agency"])
        except Agency.DoesNotExist:
            raise CommandError(f"没有标识为 {options['agency']} 的机关") from None
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        with path.open("rb") as fh:
            result = xlsx.import_file(fh, agency=agency)
        if result.errors:
            for error in result.errors:
                where = f"第{error['row']}行：" if error["row"] else ""
                self.stderr.write(f"{where}{error['message']}")
            self.stderr.write("导入失败，未导入任何记录。")
            sys.exit(1)
        self.stdout.write(f"已导入 {result.created} 条登记记录到 {agency.name}。")
