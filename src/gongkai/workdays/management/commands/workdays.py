"""``gongkai workdays add DATE N`` and ``gongkai workdays between A B``: working-day arithmetic.

Counts on the holiday table (``gongkai.workdays.calendar()``): "the n-th working
day after D" counts working days strictly after D; ``between A B`` counts the
working days d with A < d <= B. Every day skipped is listed with its reason
(周末, 春节, 国庆节, ...) and every 调休 working weekend counted is named.
Exit codes: 0 done, 2 bad input (a date not YYYY-MM-DD or not existing, N not a
number).
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.workdays import calendar
from gongkai.workdays.management.commands._common import BAD_INPUT, parse_date

MAX_N = 3650


class Command(BaseCommand):
    requires_system_checks = []  # a calculator: no need to check the whole project first
    help = "工作日计算：add 日期 N（第N个工作日）、between A B（A之后至B的工作日数）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="日期之后的第N个工作日（不含当日）")
        add.add_argument("date", help="起算日 YYYY-MM-DD（当日不计入）")
        add.add_argument("n", help="工作日数")
        add.add_argument("--json", action="store_true", help="以 JSON 输出")
        between = sub.add_parser("between", help="A 之后（不含）至 B（含）之间的工作日数")
        between.add_argument("start", help="YYYY-MM-DD（不含）")
        between.add_argument("end", help="YYYY-MM-DD（含）")
        between.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        cal = calendar()
        if options["action"] == "add":
            start = parse_date(options["date"], _("起算日"))
            try:
                n = int(options["n"])
            except (TypeError, ValueError):
                raise CommandError(
                    _("工作日数应为整数，收到 “%(n)s”") % {"n": options["n"]}, returncode=BAD_INPUT
                ) from None
            if not 0 <= n <= MAX_N:
                raise CommandError(
                    _("工作日数应在 0 至 %(max)d 之间") % {"max": MAX_N}, returncode=BAD_INPUT
                )
            result = cal.add_workdays_detail(start, n)
            end, heading = (
                result.date,
                _("%(start)s 之后第%(n)d个工作日：%(end)s")
                % {"start": start.isoformat(), "n": n, "end": result.date.isoformat()},
            )
            days = cal.explain(start, end)
            provisional = result.provisional
        else:
            start = parse_date(options["start"], _("开始日期"))
            end = parse_date(options["end"], _("结束日期"))
            if end < start:
                raise CommandError(_("结束日期早于开始日期"), returncode=BAD_INPUT)
            count, provisional = cal.workdays_between_detail(start, end)
            heading = _("%(start)s（不含）至 %(end)s（含）：%(count)d个工作日") % {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "count": count,
            }
            days = cal.explain(start, end)
        skipped = [d for d in days if not d.counted]
        adjusted = [d for d in days if d.counted and d.date.weekday() >= 5]
        years = sorted({d.date.year for d in days if d.provisional})
        if options["json"]:
            payload = {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "workdays": sum(1 for d in days if d.counted),
                "provisional": provisional,
                "skipped": [{"date": d.date.isoformat(), "reason": d.reason} for d in skipped],
                "adjusted_workdays": [
                    {"date": d.date.isoformat(), "reason": d.reason} for d in adjusted
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(heading)
        if provisional:
            self.stdout.write(
                _(
                    "注意：%(years)s年尚无国务院节假日安排，按《全国年节及纪念日放假办法》推算"
                    "法定节假日及补假，调休未知，结果为暂定"
                )
                % {"years": "、".join(map(str, years))}
            )
        self.stdout.write(_("跳过的休息日（%(n)d天）：") % {"n": len(skipped)})
        for day in skipped:
            self.stdout.write(f"  {day.text()}")
        if adjusted:
            self.stdout.write(_("计入的调休上班日（%(n)d天）：") % {"n": len(adjusted)})
            for day in adjusted:
                self.stdout.write(f"  {day.text()}")
