"""Subcommands of ``gongkai report``, one module each.

Every module has ``HELP`` (one line), ``add_arguments(parser)`` and
``run(options: dict, stdout=None, stderr=None) -> int`` (the exit code). The management
command ``report`` (reports/management/commands/report.py) adds a subparser for each
module listed in :data:`SUBCOMMANDS` that can be imported; adding a subcommand is adding a
module here and a line to that table.
"""

#: subcommand name -> module under gongkai.reports.cli
SUBCOMMANDS: dict[str, str] = {
    "check": "check",
    "build": "build",
    "import": "import_",
}
