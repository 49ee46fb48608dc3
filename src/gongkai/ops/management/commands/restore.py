"""``gongkai restore IN [--force]``: restore a bundle made by ``gongkai backup``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "从 gongkai backup 生成的备份文件恢复数据库和媒体文件（目标须为空库，除非 --force）"

    def add_arguments(self, parser):
        parser.add_argument("bundle", metavar="IN", help="备份文件（.tar.gz）")
        parser.add_argument(
            "--force", action="store_true", help="目标数据库或媒体目录非空时仍然覆盖"
        )

    def handle(self, *args, bundle, force=False, **options):
        try:
            report = restore(Path(bundle), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"已恢复：{report.tables} 张表, {report.rows} 行, {report.media_files} 个媒体文件"
        )
        if report.mismatches:
            for table, (expected, actual) in sorted(report.mismatches.items()):
                self.stderr.write(f"  {table}: 备份中 {expected} 行，恢复后 {actual} 行")
            raise CommandError("恢复后的行数与备份清单不一致")
