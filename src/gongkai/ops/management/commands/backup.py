"""``gongkai backup OUT``: database and media folder into one .tar.gz bundle."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库和媒体文件到一个 .tar.gz 文件（OUT 为文件路径，或存放备份的目录）"

    def add_arguments(self, parser):
        parser.add_argument("out", help="备份文件路径（.tar.gz）或目录")

    def handle(self, *args, out, **options):
        try:
            manifest = backup(Path(out))
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"{manifest['path']}: {manifest['db_vendor']}, {len(manifest['tables'])} 张表, "
            f"{rows} 行, {manifest['media_files']} 个媒体文件"
        )
