"""``gongkai calendar import FILE`` and ``gongkai calendar show YEAR``: the holiday table.

``import`` reads a YAML or CSV transcription of the State Council's notice for
one year (format: ``gongkai.workdays.schedule``; example:
docs/examples/holidays-2026.yaml), validates it completely, then replaces that
year's rows (source ``import``) and marks the year official with the notice
number. ``show`` lists a year's rest days (grouped by holiday) and 调休 working
weekends. Exit codes: 0 done, 2 bad input (unreadable or invalid file, bad
year); on bad input nothing is changed.
"""

import itertools

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.rules.calendar import WEEKDAY_NAMES
from gongkai.workdays.management.commands._common import BAD_INPUT
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.schedule import ScheduleError, read_schedule
from gongkai.workdays.services import import_year


class Command(BaseCommand):
    requires_system_checks = []  # a calculator: no need to check the whole project first
    help = "工作日历：import 文件（导入国务院节假日安排通知）、show 年度（列出放假和调休上班）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入一个年度的节假日安排（.yaml 或 .csv）")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        show = sub.add_parser("show", help="列出一个年度的放假日和调休上班日")
        show.add_argument("year")

    def handle(self, *args, **options):
        if options["action"] == "import":
            return self.do_import(options["file"], options["dry_run"])
        return self.do_show(options["year"])

    def do_import(self, path, dry_run):
        try:
            schedule = read_schedule(path)
        except ScheduleError as error:
            lines = "\n".join(f"  - {p}" for p in error.problems)
            raise CommandError(
                _("节假日安排文件有误，未做任何修改：\n%(lines)s") % {"lines": lines},
                returncode=BAD_INPUT,
            ) from None
        rows = schedule.rows()
        rest = sum(1 for _d, w, _r in rows if not w)
        work = len(rows) - rest
        if dry_run:
            self.stdout.write(
                _("校验通过：%(year)d年（%(notice)s），放假%(rest)d天，调休上班%(work)d天；未写入")
                % {"year": schedule.year, "notice": schedule.notice, "rest": rest, "work": work}
            )
            return
        result = import_year(schedule=schedule)
        self.stdout.write(
            _(
                "已导入%(year)d年节假日安排（%(notice)s）：放假%(rest)d天，"
                "调休上班%(work)d天；替换原有记录%(removed)d条"
            )
            % {
                "year": result.year,
                "notice": schedule.notice,
                "rest": result.rest_days,
                "work": result.working_weekends,
                "removed": result.removed,
            }
        )

    def do_show(self, year_text):
        try:
            year = int(year_text)
        except ValueError:
            raise CommandError(
                _("年度应为四位数字，收到 “%(year)s”") % {"year": year_text}, returncode=BAD_INPUT
            ) from None
        info = CalendarYear.objects.filter(year=year).first()
        days = list(CalendarDay.objects.filter(date__year=year).order_by("date"))
        if info is None or not info.official:
            from gongkai.workdays import calendar

            self.stdout.write(
                _(
                    "%(year)d年：尚无国务院节假日安排，按《全国年节及纪念日放假办法》推算法定节假日"
                    "及补假（暂定，调休安排以国务院通知为准）"
                )
                % {"year": year}
            )
            listed = {d.date for d in days}
            days = sorted(
                [*days, *(e for e in calendar().estimated_entries(year) if e.date not in listed)],
                key=lambda d: d.date,
            )
        else:
            source = info.get_source_display()
            notice = f"，{info.notice}" if info.notice else ""
            self.stdout.write(
                _("%(year)d年节假日安排（正式%(notice)s，来源：%(source)s）")
                % {"year": year, "notice": notice, "source": source}
            )
        rest = [d for d in days if not d.is_workday]
        work = [d for d in days if d.is_workday]
        self.stdout.write(_("放假（%(n)d天）：") % {"n": len(rest)})
        for reason, group in itertools.groupby(_runs(rest), key=lambda run: run[0].reason):
            for run in group:
                first, last = run[0].date, run[-1].date
                span = (
                    first.isoformat()
                    if first == last
                    else _("%(first)s 至 %(last)s")
                    % {"first": first.isoformat(), "last": last.isoformat()}
                )
                self.stdout.write(
                    "  "
                    + _("%(reason)s：%(span)s（%(n)d天）")
                    % {"reason": reason, "span": span, "n": len(run)}
                )
        self.stdout.write(_("调休上班（%(n)d天）：") % {"n": len(work)})
        for day in work:
            self.stdout.write(
                f"  {day.date.isoformat()}（{WEEKDAY_NAMES[day.date.weekday()]}）{day.reason}"
            )


def _runs(days):
    """Consecutive days with the same reason, as lists."""
    runs = []
    for day in days:
        if runs and runs[-1][-1].reason == day.reason and (day.date - runs[-1][-1].date).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs
