"""``gongkai clock FILE|-``: an application's statutory dates from a JSON description of it.

Input (a file, or ``-`` for standard input)::

    {"channel": "in_person"|"oral"|"mail"|"post_plain"|"online"|"fax",
     "submitted_on": "YYYY-MM-DD", "received_on": "YYYY-MM-DD"|null,
     "events": [{"type": "correction_requested", "on": D, "deadline": D}, ...],
     "as_of": "YYYY-MM-DD"}          (as_of defaults to today, Asia/Shanghai)

Output: ``{"received_on", "correction_notice_due", "reply_due", "paused_workdays",
"state", "provisional", "explain": [...]}`` (see ``gongkai.rules.clock`` and
docs/commands/calendar-and-clock.md). Counted on the holiday table
(``gongkai.workdays.calendar()``). Whether a fee window pauses the clock follows
the input's ``fee_window_pauses`` or else the setting
``GONGKAI["FEE_WINDOW_PAUSES_CLOCK"]``.

Exit codes: 0 computed; 2 bad input (unreadable file, invalid JSON, unknown
channel or event, bad dates, events out of order or inconsistent), with the
reason on standard error.
"""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.rules.clock import ClockError, compute, from_json, to_json
from gongkai.workdays import calendar
from gongkai.workdays.management.commands._common import BAD_INPUT


class Command(BaseCommand):
    requires_system_checks = []  # a calculator: no need to check the whole project first
    stealth_options = ("stdin",)
    help = (
        "计算依申请公开的法定期限（第三十条至第三十四条）：读取 JSON 文件或标准输入（-），输出 JSON"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON 文件路径，或 - 表示标准输入")
        parser.add_argument(
            "--text", action="store_true", help="输出中文说明（每行一条），而非 JSON"
        )
        parser.add_argument("--compact", action="store_true", help="JSON 输出为一行")

    def handle(self, *args, **options):
        source = options["file"]
        try:
            if source == "-":
                stream = options.get("stdin") or sys.stdin
                text = stream.read()
            else:
                with open(source, encoding="utf-8-sig") as handle:
                    text = handle.read()
        except OSError as error:
            raise CommandError(
                _("无法读取输入 %(source)s：%(error)s")
                % {"source": source, "error": error.strerror or error},
                returncode=BAD_INPUT,
            ) from None
        except UnicodeDecodeError:
            raise CommandError(
                _("输入 %(source)s 不是 UTF-8 文本") % {"source": source}, returncode=BAD_INPUT
            ) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                _("输入不是有效的 JSON：%(error)s") % {"error": error}, returncode=BAD_INPUT
            ) from None
        if isinstance(data, dict) and "fee_window_pauses" not in data:
            data["fee_window_pauses"] = bool(settings.GONGKAI.get("FEE_WINDOW_PAUSES_CLOCK", False))
        try:
            case = from_json(data, today=timezone.localdate())
            result = compute(case, calendar())
        except ClockError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        if options["text"]:
            for entry in result.explain:
                self.stdout.write(entry.text)
            return
        indent = None if options["compact"] else 2
        self.stdout.write(json.dumps(to_json(result), ensure_ascii=False, indent=indent))
