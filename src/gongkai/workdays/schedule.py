"""Reading a year's holiday schedule transcribed from the State Council's notice (YAML or CSV).

Each year 国务院办公厅 publishes 《关于YYYY年部分节假日安排的通知》 (a 国办发明电) listing,
per holiday, the days "放假调休" and the weekend days "上班". ``gongkai calendar
import FILE`` reads a transcription of it:

YAML (see docs/examples/holidays-2026.yaml)::

    year: 2026
    notice: 国办发明电〔2025〕7号
    holidays:
      - name: 春节
        rest: 2026-02-15..2026-02-23      # a range, one date, or a list of either
        work: [2026-02-14, 2026-02-28]    # 调休上班 weekends (may be omitted)

CSV, one row per rest range or working day, header required::

    year,notice,holiday,type,from,to
    2026,国办发明电〔2025〕7号,春节,rest,2026-02-15,2026-02-23
    2026,国办发明电〔2025〕7号,春节,work,2026-02-14,

``type`` is ``rest``/``放假`` or ``work``/``上班``; ``to`` may be empty for one day.

Everything is checked before anything is written: a bad file yields a
``ScheduleError`` listing every problem in Chinese.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

MAX_SPAN_DAYS = 15  # the longest holiday (春节 with 调休) is 9 days
_RANGE_RE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.|～|~|至)\s*(\d{4}-\d{2}-\d{2})\s*$")
REST_WORDS = {"rest", "放假", "休息", "holiday"}
WORK_WORDS = {"work", "上班", "workday"}


class ScheduleError(ValueError):
    """An import file that cannot be used; ``problems`` lists every reason (Chinese)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Holiday:
    name: str
    rest: list[datetime.date] = field(default_factory=list)
    work: list[datetime.date] = field(default_factory=list)


@dataclass
class YearSchedule:
    """One year's notice: its number and the rest days and working weekends per holiday."""

    year: int
    notice: str
    holidays: list[Holiday]
    official: bool = True
    title: str = ""

    def rows(self) -> list[tuple[datetime.date, bool, str]]:
        """``(date, is_workday, reason)`` rows for the holiday table, in date order."""
        out = []
        for holiday in self.holidays:
            out += [(d, False, holiday.name) for d in holiday.rest]
            out += [(d, True, f"{holiday.name}调休上班") for d in holiday.work]
        return sorted(out)

    @property
    def span(self) -> tuple[datetime.date, datetime.date]:
        """The dates this schedule replaces: the whole year plus any listed date outside it."""
        dates = [d for d, _w, _r in self.rows()]
        first = min([datetime.date(self.year, 1, 1), *dates])
        last = max([datetime.date(self.year, 12, 31), *dates])
        return first, last


def _parse_date(value, where: str, problems: list[str]) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip() if value is not None else ""
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        problems.append(
            _("%(where)s：日期格式应为 YYYY-MM-DD，收到 “%(value)s”")
            % {"where": where, "value": text}
        )
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        problems.append(_("%(where)s：不存在的日期 %(value)s") % {"where": where, "value": text})
        return None


def _expand(value, where: str, problems: list[str]) -> list[datetime.date]:
    """A date, "A..B", {from: A, to: B} or a list of these → the dates."""
    if value is None:
        return []
    if isinstance(value, list):
        out = []
        for i, item in enumerate(value):
            out += _expand(item, f"{where}[{i + 1}]", problems)
        return out
    if isinstance(value, dict):
        start = _parse_date(value.get("from"), f"{where}.from", problems)
        end = _parse_date(value.get("to", value.get("from")), f"{where}.to", problems)
        return _span(start, end, where, problems)
    if isinstance(value, str) and (match := _RANGE_RE.match(value)):
        start = _parse_date(match.group(1), where, problems)
        end = _parse_date(match.group(2), where, problems)
        return _span(start, end, where, problems)
    single = _parse_date(value, where, problems)
    return [single] if single else []


def _span(start, end, where, problems) -> list[datetime.date]:
    if start is None or end is None:
        return []
    if end < start:
        problems.append(
            _("%(where)s：结束日期 %(end)s 早于开始日期 %(start)s")
            % {"where": where, "end": end, "start": start}
        )
        return []
    days = (end - start).days + 1
    if days > MAX_SPAN_DAYS:
        problems.append(
            _("%(where)s：连续放假 %(days)d 天，超过 %(max)d 天，请检查日期")
            % {"where": where, "days": days, "max": MAX_SPAN_DAYS}
        )
        return []
    return [start + datetime.timedelta(days=i) for i in range(days)]


def _validate(schedule: YearSchedule, problems: list[str]) -> YearSchedule:
    year = schedule.year
    if not schedule.notice.strip():
        problems.append(_("缺少通知文号（notice），如 国办发明电〔2025〕7号"))
    if not schedule.holidays:
        problems.append(_("没有任何节假日安排（holidays）"))
    seen: dict[datetime.date, str] = {}
    lo = datetime.date(year, 1, 1) - datetime.timedelta(days=31)
    hi = datetime.date(year, 12, 31) + datetime.timedelta(days=31)
    for holiday in schedule.holidays:
        name = holiday.name
        if not name or len(name) > 30:
            problems.append(_("节日名称为空或过长：“%(name)s”") % {"name": name})
        if not holiday.rest:
            problems.append(_("%(name)s：没有放假日期") % {"name": name})
        for kind, dates in (("放假", holiday.rest), ("上班", holiday.work)):
            for d in dates:
                if not lo <= d <= hi:
                    problems.append(
                        _("%(name)s：%(kind)s日期 %(date)s 不在 %(year)d 年内")
                        % {"name": name, "kind": kind, "date": d, "year": year}
                    )
                if d in seen:
                    problems.append(
                        _("%(date)s 重复出现（%(first)s、%(second)s）")
                        % {"date": d, "first": seen[d], "second": f"{name}{kind}"}
                    )
                seen[d] = f"{name}{kind}"
        for d in holiday.work:
            if d.weekday() < 5:
                problems.append(
                    _(
                        "%(name)s：调休上班日 %(date)s 是周一至周五，本来就是工作日；调休上班应为周六或周日"
                    )
                    % {"name": name, "date": d}
                )
    return schedule


def _year(value, problems) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        problems.append(_("年度（year）应为四位数字，收到 “%(value)s”") % {"value": value})
        return 0
    if not 1949 <= year <= 2200:
        problems.append(_("年度 %(year)d 超出范围") % {"year": year})
        return 0
    return year


def _loader():
    """A safe YAML loader that leaves dates as text, so that a bad date is reported, not raised."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def parse_yaml(text: str) -> YearSchedule:
    import yaml

    problems: list[str] = []
    try:
        data = yaml.load(text, Loader=_loader())  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as error:
        raise ScheduleError([_("不是有效的 YAML：%(error)s") % {"error": error}]) from None
    if not isinstance(data, dict):
        raise ScheduleError([_("文件内容应为一个映射（year、notice、holidays）")])
    unknown = sorted(set(data) - {"year", "notice", "title", "official", "holidays"})
    if unknown:
        problems.append(_("未知字段：%(fields)s") % {"fields": "、".join(map(str, unknown))})
    year = _year(data.get("year"), problems)
    holidays = []
    raw = data.get("holidays") or []
    if not isinstance(raw, list):
        problems.append(_("holidays 应为列表"))
        raw = []
    for i, item in enumerate(raw):
        where = f"holidays[{i + 1}]"
        if not isinstance(item, dict) or "name" not in item:
            problems.append(_("%(where)s：应包含 name、rest，可选 work") % {"where": where})
            continue
        extra = sorted(set(item) - {"name", "rest", "work", "note"})
        if extra:
            problems.append(
                _("%(where)s：未知字段 %(fields)s") % {"where": where, "fields": "、".join(extra)}
            )
        name = str(item["name"]).strip()
        holidays.append(
            Holiday(
                name=name,
                rest=_expand(item.get("rest"), f"{name}.rest", problems),
                work=_expand(item.get("work"), f"{name}.work", problems),
            )
        )
    official = data.get("official", True)
    if not isinstance(official, bool):
        problems.append(_("official 应为 true 或 false"))
        official = True
    schedule = YearSchedule(
        year=year,
        notice=str(data.get("notice") or "").strip(),
        holidays=holidays,
        official=official,
        title=str(data.get("title") or "").strip(),
    )
    if year:
        _validate(schedule, problems)
    if problems:
        raise ScheduleError(problems)
    return schedule


CSV_COLUMNS = ["year", "notice", "holiday", "type", "from", "to"]


def parse_csv(text: str) -> YearSchedule:
    problems: list[str] = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header and c != "to"]
    if missing:
        raise ScheduleError(
            [
                _("CSV 缺少列：%(cols)s（应为 %(all)s）")
                % {"cols": "、".join(missing), "all": ",".join(CSV_COLUMNS)}
            ]
        )
    years, notices = set(), set()
    holidays: dict[str, Holiday] = {}
    rows = 0
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        rows += 1
        where = _("第%(line)d行") % {"line": line}
        years.add(row["year"])
        notices.add(row["notice"])
        name = row["holiday"]
        kind = row["type"].lower()
        if kind not in REST_WORDS | WORK_WORDS:
            problems.append(
                _("%(where)s：type 应为 rest（放假）或 work（上班），收到 “%(kind)s”")
                % {"where": where, "kind": row["type"]}
            )
            continue
        start = _parse_date(row["from"], where, problems)
        end = _parse_date(row.get("to") or row["from"], where, problems)
        dates = _span(start, end, where, problems)
        holiday = holidays.setdefault(name, Holiday(name))
        (holiday.rest if kind in REST_WORDS else holiday.work).extend(dates)
    if not rows:
        raise ScheduleError([_("CSV 没有数据行")])
    if len(years) != 1:
        problems.append(
            _("一个文件只能包含一个年度，收到：%(years)s") % {"years": "、".join(sorted(years))}
        )
    if len(notices) != 1:
        problems.append(
            _("一个文件只能对应一个通知文号，收到：%(n)s") % {"n": "、".join(sorted(notices))}
        )
    year = _year(sorted(years)[0], problems) if years else 0
    schedule = YearSchedule(
        year=year, notice=sorted(notices)[0] if notices else "", holidays=list(holidays.values())
    )
    if year:
        _validate(schedule, problems)
    if problems:
        raise ScheduleError(problems)
    return schedule


def read_schedule(path: str | Path) -> YearSchedule:
    """Read a .yaml/.yml or .csv file; raise ``ScheduleError`` for anything wrong with it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ScheduleError([_("文件不存在：%(path)s") % {"path": path}]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ScheduleError(
            [_("无法读取文件 %(path)s：%(error)s") % {"path": path, "error": error}]
        ) from None
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return parse_yaml(text)
    if suffix == ".csv":
        return parse_csv(text)
    raise ScheduleError(
        [
            _("不支持的文件类型 %(suffix)s：请使用 .yaml、.yml 或 .csv")
            % {"suffix": suffix or "（无扩展名）"}
        ]
    )
