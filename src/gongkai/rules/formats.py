"""The national formats of the 政府信息公开工作年度报告, as data.

Two formats exist (see ../shared/docs/domain-rules.md §2):

* ``"2019"``: 年度报告格式（试行）, 国办公开办函〔2019〕60号, report years 2019-2020;
* ``"2021"``: 国办公开办函〔2021〕30号, report years 2021 on.

A format is a :class:`ReportFormat`: its six sections (with the five parts of 一), table 二
(groups of Art. 20 items, each with its header labels, columns and rows), table 三 (the
rows of the ``gongkai report check --json`` contract with their exact printed labels and the
group labels they sit under, and the seven applicant columns) and table 四 (15 columns in
three groups). Renderers, the builder and the reader all work from this data, so adding a
future format is adding a ``ReportFormat`` to :data:`FORMATS` and a year range, not code.

Plain Python, no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.rules.outcomes import (
    COLUMN_LABELS,
    RESULT_ROWS_2019,
    RESULT_ROWS_2021,
)
from gongkai.rules.outcomes import format_for_year as _format_for_year

# --- building blocks -----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One value column of table 二.

    :param label: the header label as printed
    :param kind: ``"count"`` (a non-negative integer), ``"change"`` (a signed integer,
        e.g. 本年增/减) or ``"amount"`` (a non-negative decimal that carries a unit)
    :param unit: the unit the format prints for an amount column (``"万元"``), if any
    """

    label: str
    kind: str = "count"
    unit: str | None = None


@dataclass(frozen=True)
class ProactiveGroup:
    """A group of table 二: the Art. 20 item banner, its header row and its rows.

    :param label: the banner (``第二十条第（一）项``)
    :param columns: the value columns, in printed order (the header row is
        ``信息内容`` followed by the column labels)
    :param rows: the row labels, in printed order
    :param aliases: other printed forms of a row label (another format's wording), by row
    """

    label: str
    columns: tuple[Column, ...]
    rows: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def header(self) -> tuple[str, ...]:
        """The header row as printed: 信息内容 and the column labels."""
        return ("信息内容", *(c.label for c in self.columns))


@dataclass(frozen=True)
class ApplicationRow:
    """A row of table 三.

    :param key: the row key of the report contract (``result.refuse.4``)
    :param label: the row's own label as printed (``4.保护第三方合法权益``)
    :param groups: the labels of the merged cells to its left, outermost first
        (``("三、本年度办理结果", "（三）不予公开")``)
    """

    key: str
    label: str
    groups: tuple[str, ...] = ()

    @property
    def full_label(self) -> str:
        """Group labels and row label, as a reader would say it: ``（三）不予公开 4.保护第三方合法权益``."""
        inner = [g for g in self.groups if not g.startswith("三、")]
        return " ".join([*inner, self.label])


@dataclass(frozen=True)
class ReviewGroup:
    """One of the three groups of table 四 (行政复议; 行政诉讼 › 未经复议直接起诉 / 复议后起诉)."""

    label: str
    banner: str  # the merged header above it (行政复议 / 行政诉讼)
    columns: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


#: How a report words its section headings where a format's own wording and the wording in
#: common use differ (e.g. the 2019 format's 五、政府信息公开工作存在的主要问题及改进情况, which
#: most agencies, the seed's 满洲里市统计局 among them, print as 五、存在的主要问题及改进情况).
#: The agency chooses per report; the format's own wording is the default.
WORDING_OFFICIAL = "official"
WORDING_COMMON = "common"
HEADING_WORDINGS: tuple[str, ...] = (WORDING_OFFICIAL, WORDING_COMMON)


@dataclass(frozen=True)
class Section:
    """A section of the report: 一 to 六. ``parts`` are the named parts of a narrative section.

    :param title: the format's own wording of the title
    :param common: the wording in common use where it differs from ``title``, if any; a
        report may print it instead (:data:`WORDING_COMMON`)
    :param aliases: other wordings a published report may carry (read, never printed)
    """

    number: str
    title: str
    parts: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    common: str | None = None

    @property
    def heading(self) -> str:
        """The heading in the format's own wording (``五、…``)."""
        return f"{self.number}、{self.title}"

    def heading_for(self, wording: str = WORDING_OFFICIAL) -> str:
        """The heading in ``wording`` (:data:`HEADING_WORDINGS`): the common wording when the
        section has one and it is asked for, the format's own otherwise."""
        if wording not in HEADING_WORDINGS:
            raise ValueError(f"unknown heading wording: {wording!r}")
        if wording == WORDING_COMMON and self.common:
            return f"{self.number}、{self.common}"
        return self.heading

    @property
    def wordings(self) -> tuple[str, ...]:
        """Every title wording a report of this format may print: own, common, aliases."""
        return tuple(dict.fromkeys((self.title, *filter(None, (self.common,)), *self.aliases)))


@dataclass(frozen=True)
class ReportFormat:
    """A national annual report format."""

    code: str
    name: str
    document: str
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    proactive: tuple[ProactiveGroup, ...]
    application_rows: tuple[ApplicationRow, ...]
    application_columns: tuple[str, ...] = COLUMN_LABELS
    review_groups: tuple[ReviewGroup, ...] = ()
    #: the top-left cell of table 三
    application_note: str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    #: banners of table 三's header
    applicant_banner: str = "申请人情况"
    organisation_banner: str = "法人或其他组织"

    # -- lookups --------------------------------------------------------------------------
    @property
    def application_keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.application_rows)

    @property
    def result_keys(self) -> tuple[str, ...]:
        """The outcome rows of 三 that sum to （七）总计."""
        return tuple(
            r.key
            for r in self.application_rows
            if r.key.startswith("result.") and r.key != "result.total"
        )

    def application_row(self, key: str) -> ApplicationRow:
        for row in self.application_rows:
            if row.key == key:
                return row
        raise KeyError(key)

    @property
    def proactive_rows(self) -> tuple[tuple[ProactiveGroup, str], ...]:
        return tuple((g, r) for g in self.proactive for r in g.rows)

    def proactive_group(self, row_label: str) -> ProactiveGroup | None:
        for group in self.proactive:
            if row_label in group.rows:
                return group
        return None

    @property
    def review_columns(self) -> tuple[tuple[str, str], ...]:
        """The 15 columns of table 四 as (group label, column label)."""
        return tuple((g.label, c) for g in self.review_groups for c in g.columns)

    def section(self, number: str) -> Section:
        for s in self.sections:
            if s.number == number:
                return s
        raise KeyError(number)

    @property
    def wording_choices(self) -> tuple[Section, ...]:
        """The sections whose heading the agency may word the common way (may be empty)."""
        return tuple(s for s in self.sections if s.common)

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


# --- the shared parts --------------------------------------------------------------------

PARTS_OF_OVERVIEW: tuple[str, ...] = (
    "主动公开",
    "依申请公开",
    "政府信息管理",
    "平台建设",
    "监督保障",
)

REVIEW_GROUPS: tuple[ReviewGroup, ...] = (
    ReviewGroup("行政复议", "行政复议"),
    ReviewGroup("未经复议直接起诉", "行政诉讼"),
    ReviewGroup("复议后起诉", "行政诉讼"),
)

_RESULT_GROUP = "三、本年度办理结果"

_RESULT_LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "result.open": ("（一）予以公开", (_RESULT_GROUP,)),
    "result.partial": (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        (_RESULT_GROUP,),
    ),
    "result.refuse.1": ("1.属于国家秘密", (_RESULT_GROUP, "（三）不予公开")),
    "result.refuse.2": ("2.其他法律行政法规禁止公开", (_RESULT_GROUP, "（三）不予公开")),
    "result.refuse.3": ("3.危及“三安全一稳定”", (_RESULT_GROUP, "（三）不予公开")),
    "result.refuse.4": ("4.保护第三方合法权益", (_RESULT_GROUP, "（三）不予公开")),
    "result.refuse.5": ("5.属于三类内部事务信息", (_RESULT_GROUP, "（三）不予公开")),
    "result.refuse.6": ("6.属于四类过程性信息", (_RESULT_GROUP, "（三）不予公开")),
    "result.refuse.7": ("7.属于行政执法案卷", (_RESULT_GROUP, "（三）不予公开")),
    "result.refuse.8": ("8.属于行政查询事项", (_RESULT_GROUP, "（三）不予公开")),
    "result.unable.1": ("1.本机关不掌握相关政府信息", (_RESULT_GROUP, "（四）无法提供")),
    "result.unable.2": ("2.没有现成信息需要另行制作", (_RESULT_GROUP, "（四）无法提供")),
    "result.unable.3": ("3.补正后申请内容仍不明确", (_RESULT_GROUP, "（四）无法提供")),
    "result.no_process.1": ("1.信访举报投诉类申请", (_RESULT_GROUP, "（五）不予处理")),
    "result.no_process.2": ("2.重复申请", (_RESULT_GROUP, "（五）不予处理")),
    "result.no_process.3": ("3.要求提供公开出版物", (_RESULT_GROUP, "（五）不予处理")),
    "result.no_process.4": ("4.无正当理由大量反复申请", (_RESULT_GROUP, "（五）不予处理")),
    "result.no_process.5": (
        "5.要求行政机关确认或重新出具已获取信息",
        (_RESULT_GROUP, "（五）不予处理"),
    ),
    "result.other": ("（六）其他处理", (_RESULT_GROUP,)),
    "result.other.1": (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        (_RESULT_GROUP, "（六）其他处理"),
    ),
    "result.other.2": (
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        (_RESULT_GROUP, "（六）其他处理"),
    ),
    "result.other.3": ("3.其他", (_RESULT_GROUP, "（六）其他处理")),
}

#: The group labels of table 三 that carry no numbers of their own.
APPLICATION_GROUP_LABELS: tuple[str, ...] = (
    _RESULT_GROUP,
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
)


def _application_rows(result_keys: tuple[str, ...]) -> tuple[ApplicationRow, ...]:
    rows = [
        ApplicationRow("new", "一、本年新收政府信息公开申请数量"),
        ApplicationRow("carried_in", "二、上年结转政府信息公开申请数量"),
    ]
    for key in result_keys:
        label, groups = _RESULT_LABELS[key]
        rows.append(ApplicationRow(key, label, groups))
    rows.append(ApplicationRow("result.total", "（七）总计", (_RESULT_GROUP,)))
    rows.append(ApplicationRow("carried_out", "四、结转下年度继续办理"))
    return tuple(rows)


# --- the 2019 format ---------------------------------------------------------------------

_ITEMS_CHANGE_DECISIONS = (
    Column("上一年项目数量"),
    Column("本年增/减", kind="change"),
    Column("处理决定数量"),
)

FORMAT_2019 = ReportFormat(
    code="2019",
    name="政府信息公开工作年度报告格式（试行）",
    document="国办公开办函〔2019〕60号",
    first_year=2019,
    last_year=2020,
    sections=(
        Section("一", "总体情况", PARTS_OF_OVERVIEW),
        Section("二", "主动公开政府信息情况"),
        Section("三", "收到和处理政府信息公开申请情况"),
        Section(
            "四",
            "政府信息公开行政复议、行政诉讼情况",
            aliases=("因政府信息公开申请行政复议、提起行政诉讼的情况",),
        ),
        Section(
            "五",
            "政府信息公开工作存在的主要问题及改进情况",
            common="存在的主要问题及改进情况",
        ),
        Section("六", "其他需要报告的事项"),
    ),
    proactive=(
        ProactiveGroup(
            "第二十条第（一）项",
            (Column("本年新制作数量"), Column("本年新公开数量"), Column("对外公开总数量")),
            ("规章", "规范性文件"),
            {"规范性文件": ("行政规范性文件",)},
        ),
        ProactiveGroup(
            "第二十条第（五）项", _ITEMS_CHANGE_DECISIONS, ("行政许可", "其他对外管理服务事项")
        ),
        ProactiveGroup("第二十条第（六）项", _ITEMS_CHANGE_DECISIONS, ("行政处罚", "行政强制")),
        ProactiveGroup(
            "第二十条第（八）项",
            (Column("上一年项目数量"), Column("本年增/减", kind="change")),
            ("行政事业性收费",),
        ),
        ProactiveGroup(
            "第二十条第（九）项",
            (Column("采购项目数量"), Column("采购总金额", kind="amount")),
            ("政府集中采购",),
        ),
    ),
    application_rows=_application_rows(RESULT_ROWS_2019),
    review_groups=REVIEW_GROUPS,
)

# --- the 2021 format ---------------------------------------------------------------------

_DECISIONS = (Column("本年处理决定数量"),)

FORMAT_2021 = ReportFormat(
    code="2021",
    name="中华人民共和国政府信息公开工作年度报告格式",
    document="国办公开办函〔2021〕30号",
    first_year=2021,
    last_year=None,
    sections=(
        Section("一", "总体情况", PARTS_OF_OVERVIEW),
        Section("二", "主动公开政府信息情况"),
        Section("三", "收到和处理政府信息公开申请情况"),
        Section("四", "政府信息公开行政复议、行政诉讼情况"),
        Section(
            "五",
            "存在的主要问题及改进情况",
            aliases=("政府信息公开工作存在的主要问题及改进情况",),
        ),
        Section("六", "其他需要报告的事项"),
    ),
    proactive=(
        ProactiveGroup(
            "第二十条第（一）项",
            (Column("本年制发件数"), Column("本年废止件数"), Column("现行有效件数")),
            ("规章", "行政规范性文件"),
            {"行政规范性文件": ("规范性文件",)},
        ),
        ProactiveGroup("第二十条第（五）项", _DECISIONS, ("行政许可",)),
        ProactiveGroup("第二十条第（六）项", _DECISIONS, ("行政处罚", "行政强制")),
        ProactiveGroup(
            "第二十条第（八）项",
            (Column("本年收费金额（单位：万元）", kind="amount", unit="万元"),),
            ("行政事业性收费",),
        ),
    ),
    application_rows=_application_rows(RESULT_ROWS_2021),
    review_groups=REVIEW_GROUPS,
)

#: Every known format by code, oldest first.
FORMATS: dict[str, ReportFormat] = {f.code: f for f in (FORMAT_2019, FORMAT_2021)}


def wording_printed(fmt: str | ReportFormat, sections: dict[str, str | None]) -> str:
    """The heading wording a published report used, from the titles the reader found per
    section (``ReadResult.sections``): common when a section that has a common wording was
    printed with it, the format's own otherwise."""
    fmt = get_format(fmt)
    for section in fmt.wording_choices:
        if sections.get(section.number) == section.common:
            return WORDING_COMMON
    return WORDING_OFFICIAL


def get_format(code: str | ReportFormat) -> ReportFormat:
    """The format for a code (``"2019"``, ``"2021"``); a ReportFormat is returned as is."""
    if isinstance(code, ReportFormat):
        return code
    try:
        return FORMATS[str(code)]
    except KeyError:
        raise KeyError(f"unknown report format {code!r}; known: {', '.join(FORMATS)}") from None


def format_for_year(year: int) -> str:
    """The format code in force for a report year (re-exported from :mod:`rules.outcomes`)."""
    return _format_for_year(year)


def format_obj_for_year(year: int) -> ReportFormat:
    """The :class:`ReportFormat` in force for a report year."""
    return FORMATS[format_for_year(year)]
