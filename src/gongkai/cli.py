"""The ``gongkai`` command: Django's management commands under the project's settings.

Every ``gongkai X ...`` runs the management command ``X`` (``gongkai clock``,
``gongkai report check``, ``gongkai calendar import``, ``gongkai demo``,
``gongkai migrate``, ...), so the command line and ``manage.py`` stay one thing.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command with ``gongkai.settings`` unless told otherwise."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["gongkai", *args])


if __name__ == "__main__":
    main()
