"""``gongkai report SUBCOMMAND ...``: the annual report's command-line verbs.

The subcommands live in ``gongkai.reports.cli`` (``check``, ``build``, ``import``; see
``gongkai.reports.cli.SUBCOMMANDS``); this command only builds the argument parser from
them and dispatches. Exit codes are the subcommand's (0 done, 1 a file could not be read
or the report not built, 2 bad arguments).
"""

import importlib
import sys

from django.core.management.base import BaseCommand, CommandError

from gongkai.reports.cli import SUBCOMMANDS


def _modules() -> dict:
    found = {}
    for name, module in SUBCOMMANDS.items():
        try:
            found[name] = importlib.import_module(f"gongkai.reports.cli.{module}")
        except ModuleNotFoundError as exc:  # a subcommand not written yet
            if exc.name != f"gongkai.reports.cli.{module}":
                raise
    return found


class Command(BaseCommand):
    help = "年度报告：check 检查已发布的报告；build 由系统记录生成报告；import 导入以往年度的报告"
    requires_system_checks = []  # `report check` needs no database

    def add_arguments(self, parser):
        self._subcommands = _modules()
        sub = parser.add_subparsers(
            dest="subcommand", metavar="{" + ",".join(self._subcommands) + "}"
        )
        sub.required = True
        for name, module in self._subcommands.items():
            p = sub.add_parser(
                name, help=getattr(module, "HELP", None), description=getattr(module, "HELP", None)
            )
            module.add_arguments(p)

    def handle(self, *args, **options):
        name = options.get("subcommand")
        module = getattr(self, "_subcommands", _modules()).get(name)
        if module is None:
            raise CommandError(f"未知的子命令：{name}")
        code = module.run(options, stdout=self.stdout, stderr=self.stderr)
        if code:
            if code == 2 and not options.get("_called_from_command_line", True):
                raise CommandError("参数错误", returncode=2)
            sys.exit(code)
