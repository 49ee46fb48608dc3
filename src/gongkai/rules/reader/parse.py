"""From a report's document text to :class:`~gongkai.rules.tables.ReportTables`.

The document (see :mod:`.normalize`) has cells separated by ``US`` and rows by newlines,
whatever the source was. Tables are found by their labels, not by position:

1. the zones of tables 二, 三 and 四 are anchored on labels that only the tables print
   (``第二十条第（一）项`` … ``信息内容``; ``本年新收…`` followed by ``上年结转…``;
   ``行政复议`` … ``结果维持``);
2. inside a zone every row label of the format (with the other format's wording as alias) is
   searched in printed order in the match string; the row's cells are the document text
   between the end of its label and the start of the next label found;
3. the cells are numbers, blanks or, where a page ran them together, a digit string that is
   cut with :func:`.values.splits` under the row's and the table's totals.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from gongkai.rules.formats import (
    FORMATS,
    ProactiveGroup,
    ReportFormat,
)
from gongkai.rules.tables import WARNING, Amount, Problem, ReportTables, row_label

from .normalize import US, MatchIndex, collapse, key
from .values import Parsed as _Parsed
from .values import (
    digit_pieces,
    is_blank,
    parse_number,
    splits,
    strip_numbering_tail,
    value_prefix,
)

_SEP = re.compile(f"[{US}\n]")
_LABEL_REST = re.compile(r"^(?:\s|\([^()]*\)|[^\d\s+\-(])*")
_PAREN = re.compile(r"\([^()]*\)")
_NUMERALS = re.compile(r"^[一二三四五六七八九十]+")

# --- labels --------------------------------------------------------------------------------

#: Alternative printed forms of table-三 row labels (match form), besides the format's own.
_APPLICATION_NEEDLES: dict[str, tuple[str, ...]] = {
    "new": ("本年新收政府信息公开申请数量", "本年新收政府信息公开申请", "本年新收"),
    "carried_in": ("上年结转政府信息公开申请数量", "上年结转政府信息公开申请", "上年结转"),
    "result.open": ("予以公开",),
    "result.partial": ("部分公开区分处理的只计这一情形不计其他情形", "部分公开"),
    "result.refuse.1": ("属于国家秘密", "国家秘密"),
    "result.refuse.2": ("其他法律行政法规禁止公开", "法律行政法规禁止公开"),
    "result.refuse.3": ("危及三安全一稳定", "三安全一稳定"),
    "result.refuse.4": ("保护第三方合法权益", "第三方合法权益"),
    "result.refuse.5": ("属于三类内部事务信息", "内部事务信息"),
    "result.refuse.6": ("属于四类过程性信息", "过程性信息"),
    "result.refuse.7": ("属于行政执法案卷", "行政执法案卷"),
    "result.refuse.8": ("属于行政查询事项", "行政查询事项"),
    "result.unable.1": ("本机关不掌握相关政府信息", "本机关不掌握"),
    "result.unable.2": ("没有现成信息需要另行制作", "另行制作"),
    "result.unable.3": ("补正后申请内容仍不明确", "补正后申请内容"),
    "result.no_process.1": ("信访举报投诉类申请", "信访举报投诉"),
    "result.no_process.2": ("重复申请",),
    "result.no_process.3": ("要求提供公开出版物", "公开出版物"),
    "result.no_process.4": ("无正当理由大量反复申请", "大量反复申请"),
    "result.no_process.5": ("要求行政机关确认或重新出具已获取信息", "重新出具已获取信息"),
    "result.other": ("其他处理", "其它处理"),
    "result.other.1": (
        "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请",
        "逾期不补正",
    ),
    "result.other.2": (
        "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请",
        "逾期未按收费通知要求缴纳费用",
        "逾期未缴纳费用",
    ),
    "result.other.3": ("其他", "其它"),
    "result.total": ("总计", "合计"),
    "carried_out": ("结转下年度继续办理", "结转下年度"),
}

_FORMAT_MARKERS: dict[str, tuple[str, ...]] = {
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "其他对外管理服务事项",
        "采购项目数量",
        "采购总金额",
        "政府集中采购",
    ),
    "2021": (
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年收费金额",
        "逾期不补正",
        "逾期未按收费通知",
    ),
}

_APPLICANT_LEAVES = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
_SUBTOTALS = ("小计", "合计")
_REVIEW_HEADER = (
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "未经复议直接起诉",
    "复议后起诉",
    "行政复议",
    "行政诉讼",
)


def _headings(number: str) -> tuple[str, ...]:
    """Every wording of section ``number``'s title in the formats (official and alias), in
    match form, plus ``和`` for ``及``: agencies print the format's heading or the short
    form in common use (五、存在的主要问题及改进情况), and the reader accepts both."""
    out: list[str] = []
    for fmt in FORMATS.values():
        for section in fmt.sections:
            if section.number == number:
                for title in section.wordings:
                    for t in (key(title), key(title).replace("及", "和")):
                        if t not in out:
                            out.append(t)
    return tuple(out)


#: Headings that end table 四 (sections 五 and 六, every wording).
_SECTION_FIVE = tuple(dict.fromkeys((*_headings("五"), *_headings("六"))))

#: Characters table 四's header prints (labels of both formats): a header cut into
#: fragments by a PDF's column layout (结 结 其 尚 / 果 果 他 未 …) is recognised by these
#: and by the 15 numbers under it, not by its joined label text.
_REVIEW_HEADER_CHARS = frozenset(
    "".join(
        key(t)
        for fmt in FORMATS.values()
        for g in fmt.review_groups
        for t in (g.label, g.banner, *g.columns)
    )
    + "情况件数单位"
)


def detect_format(index: MatchIndex, zones: Zones | None = None) -> str | None:
    """The format whose own labels the tables print (None if they print neither's).

    With ``zones``, only the text of tables 二 and 三 counts (a narrative may name
    政府集中采购 in any year).
    """
    m = index.m
    if zones is not None:
        spans = [z for z in (zones.proactive, zones.applications_header, zones.applications) if z]
        m = "".join(index.m[a:b] for a, b in spans)
    scores = {code: sum(1 for n in needles if n in m) for code, needles in _FORMAT_MARKERS.items()}
    best = max(scores.values())
    if best == 0:
        return None
    winners = [c for c, s in scores.items() if s == best]
    return winners[0] if len(winners) == 1 else None


# --- results -------------------------------------------------------------------------------


@dataclass
class Zones:
    proactive: tuple[int, int] | None = None  # match-string ranges
    applications: tuple[int, int] | None = None
    applications_header: tuple[int, int] | None = None
    review: tuple[int, int] | None = None
    #: table 三 starts before the text does (a page of a longer document)
    applications_cut: bool = False


@dataclass
class Parsed:
    tables: ReportTables
    problems: list[Problem] = field(default_factory=list)
    found_rows: set[str] = field(default_factory=set)
    zones: Zones = field(default_factory=Zones)
    extra_application_rows: dict[str, list] = field(default_factory=dict)
    cells: list[CellNote] = field(default_factory=list)
    row_pos: dict[str, int] = field(default_factory=dict)


class Blank:
    """A cell printed blank: ``text`` is ``""`` for an empty cell, else the mark printed
    (``—``, ``-``, ``/``, ``无`` …). One instance per mark (:func:`blank`)."""

    __slots__ = ("text",)
    unit = None  # as a parsed number's, so that rows can be scanned without type checks

    def __init__(self, text: str = "") -> None:
        self.text = text

    @property
    def dash(self) -> bool:
        return bool(self.text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Blank) and other.text == self.text

    def __hash__(self) -> int:
        return hash(("Blank", self.text))

    def __repr__(self) -> str:
        return f"Blank({self.text!r})"


@lru_cache(maxsize=64)
def blank(text: str = "") -> Blank:
    return Blank(text.strip())


#: What a dash, slash or 无 printed in a cell means, per table. Table 二 rows can be
#: inapplicable to an agency (a county office makes no 规章, has no 行政许可 power), so a
#: dash there is "not applicable" and the value stays null. Every cell of tables 三 and 四 is
#: a count of applications / cases that applies to every agency, so a dash there can only
#: say "none": the format implies 0. Each such cell is listed in the result (``cells``).
DASH_MEANS = {"proactive": "not_applicable", "applications": "zero", "review": "zero"}


@dataclass
class CellNote:
    """A cell that is not a plainly printed number (for ``ReadResult.cells``)."""

    table: str  # proactive | applications | review
    row: str
    column: str
    state: str  # blank | not_applicable | zero | ambiguous | unreadable | unplaced
    printed: str = ""
    doc_pos: int | None = None

    def to_json(self, line: int | None = None, page: int | None = None) -> dict:
        out = {"table": self.table, "row": self.row, "column": self.column, "state": self.state}
        if self.printed:
            out["printed"] = self.printed
        if line is not None:
            out["line"] = line
        if page is not None:
            out["page"] = page
        return out


@dataclass
class Reading:
    """The cells of one row: values when readable, else the candidate readings."""

    values: list | None
    candidates: list[tuple] = field(default_factory=list)
    unit: str | None = None
    text: str = ""
    reason: str = ""  # why unreadable


# --- regions -------------------------------------------------------------------------------


def _label_rest(s: str) -> str:
    """Drop what is left of a label's cell before its numbers (instructions, closing marks)."""
    return s[_LABEL_REST.match(s).end() :]  # type: ignore[union-attr]


def region_cells(text: str) -> tuple[list[str], str | None]:
    """The cells of the text between a label and the next label.

    Returns ``(cells, None)`` when the text has separators, or ``([], digits)`` when it is one
    run of text whose numbers follow the label directly (possibly run together).
    """
    parts = _SEP.split(text)
    if len(parts) == 1:
        marked = _marked_run(parts[0])
        if marked is not None:
            return list(marked), None
        num, rest = value_prefix(_label_rest(parts[0]))
        if not _label_rest(rest).strip():
            num = strip_numbering_tail(num)
        return [], num.strip()
    cells: list[str] = []
    first, last = parts[0], parts[-1]
    if first and not first.isspace():
        num, _rest = value_prefix(_label_rest(first))
        if num.strip():
            cells.append(num.strip())
    cells.extend(parts[1:-1])  # the document's cells are collapsed already
    if last and not last.isspace():
        num, rest = value_prefix(last)
        if num.strip() and not rest.strip():
            num = strip_numbering_tail(num)
            if num.strip():
                cells.append(num.strip())
    return cells, None


@lru_cache(maxsize=4096)
def _marked_run(text: str) -> tuple[str, ...] | None:
    """The cells of a run like ``— - 无 / 0 3`` (numbers and blank marks separated by spaces,
    after what is left of a label): None unless it has a blank mark among its cells."""
    toks = text.split()
    while toks and parse_number(toks[0]) is None and not is_blank(toks[0]):
        toks.pop(0)  # the end of the label
    if len(toks) < 2 or not any(is_blank(t) for t in toks):
        return None
    if all(is_blank(t) or parse_number(t) is not None for t in toks):
        return tuple(toks)
    return None


@lru_cache(maxsize=8192)
def _is_data(c: str) -> bool:
    if is_blank(c) or parse_number(c) is not None or digit_pieces(c) is not None:
        return True
    if " " in c and _marked_run(c) == tuple(c.split()):
        return True
    num, rest = value_prefix(c)
    return bool(num.strip() and not rest.strip())


def split_text_cell(cells: list[str]) -> tuple[list[str], list[str]]:
    """Data cells up to the first text cell, and the rest (an extra row, headers ...)."""
    for i, c in enumerate(cells):
        if _is_data(c):
            continue
        num, rest = value_prefix(c)
        if num.strip():  # digits glued to following text: keep the digits, stop
            return [*cells[:i], num.strip()], [rest, *cells[i + 1 :]]
        return cells[:i], cells[i:]
    return cells, []


def read_cells(
    cells: list[str],
    single: str | None,
    n: int,
    *,
    accept=None,
    decimal_at=lambda i: False,
    signed_at=lambda i: False,
) -> Reading:
    """Read one row of ``n`` cells."""
    if single is not None:
        if not single:
            return Reading([blank()] * n, text="")
        return _read_run(single, n, accept=accept, decimal_at=decimal_at, signed_at=signed_at)
    if n > 1 and len(cells) == 1 and " " in cells[0] and (marked := _marked_run(cells[0])):
        cells = list(marked)  # numbers and dashes separated by spaces: its cells
    if n > 1 and len(cells) == 1 and not is_blank(cells[0]):
        # one cell where the row has several: the cells ran together (or the row has a
        # single number in it, which then fits no reading and is reported)
        return _read_run(cells[0], n, accept=accept, decimal_at=decimal_at, signed_at=signed_at)
    values: list = []
    unit = None
    run_cells = []
    for c in cells:
        if is_blank(c):
            values.append(blank(c))
            continue
        p = parse_number(c)
        if p is not None:
            values.append(p)
            continue
        pieces = digit_pieces(c)
        if pieces is not None:
            parsed = [parse_number(x) for x in pieces]
            if all(x is not None for x in parsed) and len(pieces) > 1:
                values.extend(parsed)
                continue
            run_cells.append(c)
            values.append(c)  # placeholder
            continue
        marked = _marked_run(c) if " " in c else None
        if marked:  # numbers and dashes separated by spaces (a PDF page's text)
            values.extend(blank(t) if is_blank(t) else parse_number(t) for t in marked)
            continue
        values.append(None)
    if run_cells:
        data = [v for v in values if v is not None and not isinstance(v, Blank)]
        if len(data) == 1 and isinstance(data[0], str):
            return _read_run(data[0], n, accept=accept, decimal_at=decimal_at, signed_at=signed_at)
        return Reading([None] * n, text=" | ".join(cells), reason="cells")
    if len(values) < n and any(v is not None and not isinstance(v, Blank) for v in values):
        # fewer cells than columns: which number belongs to which column is unknown
        return Reading(None, text=" | ".join(cells), reason="short")
    out = values[:n] + [blank()] * max(0, n - len(values))
    for v in out:
        if v is not None and v.unit:
            unit = v.unit
    return Reading(out, unit=unit, text=" | ".join(cells))


def _read_run(
    s: str, n: int, *, accept=None, decimal_at=lambda i: False, signed_at=lambda i: False
) -> Reading:
    """Read a run of digits that holds ``n`` cells."""
    unit = None
    for u in ("万元", "元"):
        if s.rstrip().endswith(u):
            unit = u
    pieces = digit_pieces(s)
    if pieces is None:
        return Reading(None, text=s, reason="text")
    parsed = [parse_number(p) for p in pieces]
    if len(pieces) == n and all(p is not None for p in parsed):
        # the spaces already cut it into the row's cells: read as printed (the checks then
        # say whether it adds up); a unit printed at the end belongs to the last cell
        if unit and parsed[-1].unit is None:
            parsed[-1] = _Parsed(parsed[-1].value, unit, parsed[-1].text)
        return Reading(list(parsed), unit=unit, text=s)
    budget = [50_000]
    candidates = list(
        splits(pieces, n, accept=accept, decimal_at=decimal_at, signed_at=signed_at, budget=budget)
    )
    if len(candidates) == 1 and budget[0] > 0:
        return Reading(
            [_P(v, unit if i == n - 1 else None) for i, v in enumerate(candidates[0])],
            unit=unit,
            text=s,
        )
    if (
        not candidates
        and budget[0] > 0
        and len(pieces) < n
        and (len(pieces) > 1 or len(pieces[0].replace(".", "")) < n)
    ):
        # numbers separated by spaces, fewer than the columns (a PDF page's text leaves
        # blank cells out): which number stands in which column is unknown
        return Reading(None, text=s, reason="short")
    return Reading(
        None,
        candidates=candidates,
        unit=unit,
        text=s,
        reason="ambiguous" if candidates or budget[0] <= 0 else "nofit",
    )


def _P(value, unit=None):
    return _Parsed(value, unit)


# --- the parser ----------------------------------------------------------------------------


class TableParser:
    """Finds tables 二, 三 and 四 of one document and reads their cells."""

    def __init__(self, doc: str, fmt: ReportFormat, index: MatchIndex | None = None) -> None:
        self.doc = doc
        self.fmt = fmt
        self.ix = index or MatchIndex(doc)
        self.problems: list[Problem] = []
        self.found: set[str] = set()
        self.zones = Zones()
        self.cells: list[CellNote] = []
        #: document position where each row read starts (its label)
        self.row_pos: dict[str, int] = {}

    # -- zones ----------------------------------------------------------------------------
    def _find_zones(self) -> None:
        m = self.ix.m
        # table 二: 第二十条第一项 closely followed by 信息内容 (else by 规章): a narrative
        # quoting the article is not the table
        start2 = _first(m, "第二十条第一项", lambda i: "信息内容" in m[i : i + 60])
        if start2 < 0:
            start2 = _first(m, "第二十条第一项", lambda i: "规章" in m[i : i + 200])
        # table 三: 本年新收 closely followed by 上年结转, preferably under the table's header
        # (a narrative can say 本年新收…申请X件，上年结转…Y件)
        pos = max(start2, 0)

        def headed(i: int) -> bool:
            before = m[max(pos, i - 300) : i]
            return any(h in before for h in ("申请人情况", "勾稽关系", "法律服务机构", "自然人"))

        new_at = _first(m, "本年新收", lambda i: "上年结转" in m[i : i + 400] and headed(i), pos)
        if new_at < 0:
            new_at = _first(m, "本年新收", lambda i: "上年结转" in m[i : i + 400], pos)
        if new_at < 0:  # a page cut after row 一: the header still marks the table
            new_at = _first(m, "本年新收", headed, pos)
        if new_at < 0:  # a page that starts inside the table: its first row with numbers
            new_at = self._first_data_row(pos)
            if new_at >= 0:
                self.zones.applications_cut = True
        header_start = new_at if self.zones.applications_cut else -1
        if new_at >= 0 and not self.zones.applications_cut:
            lo = max(new_at - 400, start2 + 1 if start2 >= 0 else 0)
            for needle in (
                "收到和处理政府信息公开申请情况",
                "本列数据的勾稽关系",
                "申请人情况",
                "自然人",
            ):
                j = m.rfind(needle, lo, new_at)
                if j >= 0:
                    header_start = j
                    break
            if header_start < 0:
                header_start = new_at
        # table 四: 行政复议 … 结果维持 within a short span
        start4 = -1
        pos = max(new_at, start2, 0)
        while True:
            i = m.find("行政复议", pos)
            if i < 0:
                break
            window = m[i : i + 120]
            if "结果维持" in window and ("行政诉讼" in window or "复议后起诉" in window):
                start4 = i
                break
            pos = i + 1
        if start4 < 0:
            start4 = self._review_by_structure(max(new_at, start2, 0))
        end4 = len(m)
        if start4 >= 0:
            ends = [m.find(n, start4) for n in _SECTION_FIVE]
            ends = [e for e in ends if e >= 0]
            if ends:
                end4 = min(ends)
        if start2 >= 0:
            end2 = header_start if header_start >= 0 else -1
            if end2 < 0:
                j = m.find("收到和处理政府信息公开申请情况", start2)
                end2 = j if j >= 0 else (start4 if start4 >= 0 else len(m))
            self.zones.proactive = (start2, end2)
        if new_at >= 0:
            self.zones.applications_header = (header_start, new_at)
            self.zones.applications = (new_at, start4 if start4 >= 0 else len(m))
        if start4 >= 0:
            self.zones.review = (start4, end4)

    def _numbers_after(self, doc_pos: int, limit: int = 40) -> int:
        """How many numbers (or blank marks) follow ``doc_pos`` as separate tokens before
        any text: a table row's cells, not a sentence's figure."""
        count = 0
        for line in self.doc[doc_pos : doc_pos + 400].split("\n"):
            cells = line.split(US)
            for c, cell in enumerate(cells):
                toks = cell.split()
                if not toks:
                    # an empty cell between two others is a blank cell of the row
                    if 0 < c < len(cells) - 1 or (c == len(cells) - 1 and c > 0):
                        count += 1
                    continue
                for tok in toks:
                    if parse_number(tok) is None and not is_blank(tok):
                        return count
                    count += 1
                    if count >= limit:
                        return count
        return count

    def _first_data_row(self, start: int) -> int:
        """The first table-三 row label followed by its seven cells (a page that starts
        inside the table: a flip-book page, one page of a PDF)."""
        needles = [n for row in self.fmt.application_rows for n in _needles(row)]
        best = -1
        for n in needles:
            i = self.ix.find(n, start)
            while i >= 0 and (best < 0 or i < best):
                # seven cells (eight with a 小计 column), then text: not table 四's fifteen
                if self._numbers_after(self.ix.doc_end(i + len(n)), 9) in (7, 8):
                    best = i
                    break
                i = self.ix.find(n, i + 1)
        return best

    def _review_by_structure(self, start: int) -> int:
        """Table 四 whose header came apart (vertical text cut into line fragments, labels on
        two lines): 行政复议 and 行政诉讼, then only header characters, then 15 numbers."""
        m = self.ix.m
        i = m.find("行政复议", start)
        found = -1
        while i >= 0:
            if "行政诉讼" in m[i : i + 40]:
                j = i
                while j < len(m) and not m[j].isdigit():
                    j += 1
                if (
                    j < len(m)
                    and all(ch in _REVIEW_HEADER_CHARS for ch in m[i:j])
                    and self._numbers_after(self.ix.doc_pos(j), 15) >= 15
                ):
                    found = i
                    break
            i = m.find("行政复议", i + 1)
        return found

    # -- label search ---------------------------------------------------------------------
    def _find(self, needles: tuple[str, ...], start: int, end: int) -> tuple[int, int] | None:
        best: tuple[int, int] | None = None
        for n in needles:
            if not n:
                continue
            i = self.ix.find(n, start, end)
            if i < 0:
                continue
            if best is None or i < best[0] or (i == best[0] and i + len(n) > best[1]):
                best = (i, i + len(n))
        return best

    def _region(self, m_end: int, next_m_start: int) -> str:
        return self.doc[self.ix.doc_end(m_end) : self.ix.doc_pos(next_m_start)]

    def _locate(self, items: list[tuple[str, tuple[str, ...]]], start: int, end: int):
        """Find items in order; returns [(name, m_start, m_end)] for those found."""
        found = []
        cursor = start
        for name, needles in items:
            hit = self._find(needles, cursor, end)
            if hit is None:
                continue
            found.append((name, hit[0], hit[1]))
            cursor = hit[1]
        return found

    # -- table 二 ---------------------------------------------------------------------------
    def read_proactive(self) -> dict[str, list]:
        out: dict[str, list] = {}
        if self.zones.proactive is None:
            return out
        start, end = self.zones.proactive
        items: list[tuple[str, tuple[str, ...]]] = []
        groups: dict[str, ProactiveGroup] = {}
        for group in self.fmt.proactive:
            items.append((f"group:{group.label}", (key(group.label),)))
            for row in group.rows:
                needles = (key(row), *(key(a) for a in group.aliases.get(row, ())))
                items.append((row, needles))
                groups[row] = group
        # rows of a group are searched after their banner, so that a row label quoted in an
        # earlier row's instructions is not taken for the row
        found = []
        cursor = start
        for name, needles in items:
            hit = self._find(needles, cursor, end)
            if hit is None:
                continue
            found.append((name, hit[0], hit[1]))
            cursor = hit[1]
        for i, (name, _s, e) in enumerate(found):
            nxt = found[i + 1][1] if i + 1 < len(found) else end
            text = self._region(e, nxt)
            cells, single = region_cells(text)
            if name.startswith("group:"):
                continue
            group = groups[name]
            n = len(group.columns)
            data, rest = split_text_cell(cells)
            reading = read_cells(
                data,
                single,
                n,
                decimal_at=lambda k, g=group: g.columns[k].kind == "amount",
                signed_at=lambda k, g=group: g.columns[k].kind == "change",
            )
            out[name] = self._proactive_values(name, group, reading, self.ix.doc_pos(_s))
            self.found.add(name)
            self.row_pos[name] = self.ix.doc_pos(_s)
            self._extra_rows(rest, out)
        return out

    def _extra_rows(self, rest: list[str], out: dict[str, list]) -> None:
        """Local extra rows (``其他主动公开文件``) printed between the format's rows."""
        while rest:
            label_cell, cells = rest[0], rest[1:]
            data, rest = split_text_cell(cells)
            label = collapse(_PAREN.sub("", label_cell)).replace(" ", "")
            if not label or not data or label.startswith("第二十条") or label == "信息内容":
                continue
            reading = read_cells(data, None, len(data))
            values = [
                None if v is None or isinstance(v, Blank) else _as_count(v)
                for v in (reading.values or [])
            ]
            while values and values[-1] is None:
                values.pop()
            if values and any(v is not None for v in values):
                out[label] = values

    def _proactive_values(
        self, name: str, group: ProactiveGroup, reading: Reading, pos: int | None = None
    ) -> list:
        n = len(group.columns)
        if reading.values is None:
            self._unreadable(name, f"表二“{name}”", reading, n)
            self._note_row("proactive", name, [c.label for c in group.columns], reading, pos)
            return [None] * n
        values = []
        for col, v in zip(group.columns, reading.values, strict=False):
            if v is None or isinstance(v, Blank):
                values.append(self._blank("proactive", name, col.label, v, pos))
            elif col.kind == "amount":
                values.append(Amount(Decimal(str(v.value)), v.unit or col.unit))
            else:
                values.append(_as_count(v))
        return values

    def _unreadable(self, row: str, where: str, reading: Reading, n: int) -> None:
        if reading.reason == "ambiguous":
            shown = reading.candidates[:200]
            more = "" if len(reading.candidates) <= 200 else f"等{len(reading.candidates)}种"
            example = (
                "；".join("|".join(str(x) for x in c) for c in shown[:3]) or "过多，未能逐一列出"
            )
            self.problems.append(
                Problem(
                    "values.ambiguous",
                    row,
                    None,
                    f"{where}的数字连在一起（“{reading.text}”），可拆分为多种读法（如 {example}{more}），无法确定，未读取",
                    severity=WARNING,
                    candidates=tuple(tuple(c) for c in shown),
                )
            )
        elif reading.reason == "nofit":
            self.problems.append(
                Problem(
                    "values.unreadable",
                    row,
                    None,
                    f"{where}的数字连在一起（“{reading.text[:80]}”），没有一种拆分符合该行的总计，未读取",
                    severity=WARNING,
                )
            )
        elif reading.reason == "short":
            self.problems.append(
                Problem(
                    "values.unreadable",
                    row,
                    None,
                    f"{where}只读到{_count_numbers(reading.text)}个数字"
                    f"（“{reading.text[:80]}”），少于{n}列，无法确定各数字属于哪一列，未读取",
                    severity=WARNING,
                )
            )
        else:
            self.problems.append(
                Problem(
                    "values.unreadable",
                    row,
                    None,
                    f"{where}的单元格无法读取（“{reading.text[:80]}”），按空白处理",
                    severity=WARNING,
                )
            )

    def _blank(self, table: str, row: str, column: str, v, pos: int | None):
        """The value of a blank cell, noted: empty -> null; a dash per :data:`DASH_MEANS`."""
        if v is None:
            self.cells.append(CellNote(table, row, column, "unreadable", "", pos))
            return None
        if not v.dash:
            self.cells.append(CellNote(table, row, column, "blank", "", pos))
            return None
        state = DASH_MEANS[table]
        self.cells.append(CellNote(table, row, column, state, v.text, pos))
        return 0 if state == "zero" else None

    def _note_row(
        self, table: str, row: str, columns: list[str], reading: Reading, pos: int | None
    ) -> None:
        """Every cell of a row that could not be read, with why."""
        state = {"ambiguous": "ambiguous", "short": "unplaced"}.get(reading.reason, "unreadable")
        for c in columns:
            self.cells.append(CellNote(table, row, c, state, "", pos))

    # -- table 三 ---------------------------------------------------------------------------
    def _application_columns(self) -> list[str]:
        """Leaf column labels of table 三 in printed order (自然人 … 总计, plus 小计 if any)."""
        if self.zones.applications_header is None:
            return list(_STANDARD_COLUMNS)
        a, b = self.zones.applications_header
        head = self.ix.m[a:b].replace("其它", "其他")
        head = head.replace("法人或其他组织", "@").replace("其他组织", "@")
        head = head.replace("申请人情况", "@")
        found: list[tuple[int, str]] = []
        for leaf in (*_APPLICANT_LEAVES[1:], *_SUBTOTALS):
            i = head.find(leaf)
            if i >= 0:
                found.append((i, leaf))
        org = [leaf for _i, leaf in sorted(found)]
        if sorted(x for x in org if x not in _SUBTOTALS) != sorted(_APPLICANT_LEAVES[1:]):
            return list(_STANDARD_COLUMNS)
        return ["自然人", *org, "总计"]

    def read_applications(self) -> dict[str, list]:
        keys = self.fmt.application_keys
        out: dict[str, list] = {k: [None] * 7 for k in keys}
        if self.zones.applications is None:
            return out
        start, end = self.zones.applications
        columns = self._application_columns()
        ncol = len(columns)
        index = [columns.index(c) for c in _STANDARD_COLUMNS]
        sub = [columns.index(s) for s in _SUBTOTALS if s in columns]

        # rows are found in printed order; group labels (（三）不予公开 …) only end a row's
        # cells wherever they are, as a wrapped group label may be printed between its rows
        items = [(row.key, _needles(row)) for row in self.fmt.application_rows]
        found = self._locate(items, start, end)
        groups = {g for row in self.fmt.application_rows for g in row.groups}
        bounds = sorted(
            i for g in groups for i in _all(self.ix.m, _NUMERALS.sub("", key(g)), start, end)
        )

        def accept_row(v: tuple) -> bool:
            std = [v[i] for i in index]
            if sum(std[:6]) != std[6]:
                return False
            if sub:
                org = [v[columns.index(c)] for c in _APPLICANT_LEAVES[1:]]
                return all(v[s] == sum(org) for s in sub if columns[s] == "小计")
            return True

        readings: dict[str, Reading] = {}
        for i, (name, _s, e) in enumerate(found):
            nxt = found[i + 1][1] if i + 1 < len(found) else end
            b = bisect_left(bounds, e)
            if b < len(bounds) and bounds[b] < nxt:
                nxt = bounds[b]
            cells, single = region_cells(self._region(e, nxt))
            data, _rest = split_text_cell(cells)
            readings[name] = read_cells(data, single, ncol, accept=accept_row)
            self.found.add(name)
            self.row_pos[name] = self.ix.doc_pos(_s)

        self._solve_applications(readings, columns, index)
        for name, reading in readings.items():
            pos = self.row_pos.get(name)
            if reading.values is None:
                self._unreadable(name, f"表三“{row_label(self.fmt, name)}”", reading, ncol)
                self._note_row("applications", name, list(_STANDARD_COLUMNS), reading, pos)
                continue
            vals = [reading.values[i] for i in index]
            out[name] = [
                _as_count(v)
                if v.__class__ is _Parsed
                else self._blank("applications", name, _STANDARD_COLUMNS[c], v, pos)
                for c, v in enumerate(vals)
            ]
        return out

    def _solve_applications(
        self, readings: dict[str, Reading], columns: list[str], index: list[int]
    ) -> None:
        """Choose among the readings of run-together rows with the column cross-checks."""
        open_rows = [k for k, r in readings.items() if r.values is None and r.candidates]
        if not open_rows:
            return
        space = 1
        for k in open_rows:
            space *= len(readings[k].candidates)
        if space > 50_000:  # too many combinations: leave the rows ambiguous
            return
        result_keys = self.fmt.result_keys

        def std(values, c):
            v = values[index[c]]
            return None if isinstance(v, Blank) else getattr(v, "value", v)

        fixed = {
            k: [std(r.values, c) for c in range(7)]
            for k, r in readings.items()
            if r.values is not None
        }
        solutions = []
        for combo in itertools.product(*(readings[k].candidates for k in open_rows)):
            rows = dict(fixed)
            for k, cand in zip(open_rows, combo, strict=True):
                rows[k] = [cand[index[c]] for c in range(7)]
            if _columns_hold(rows, result_keys):
                solutions.append(combo)
                if len(solutions) > 1:
                    break
        if len(solutions) != 1:
            return
        for k, cand in zip(open_rows, solutions[0], strict=True):
            readings[k] = Reading([_P(v) for v in cand], text=readings[k].text)

    # -- table 四 ---------------------------------------------------------------------------
    def read_review(self) -> list:
        if self.zones.review is None:
            return [None] * 15
        start, end = self.zones.review
        last = -1
        last_end = -1
        for h in _REVIEW_HEADER:
            i = self.ix.rfind(h, start, end)
            if i > last:
                last, last_end = i, i + len(h)
        if last < 0:
            return [None] * 15
        cells, single = region_cells(self._region(last_end, end))
        data, rest = split_text_cell(cells)
        while single is None and not any(c.strip() for c in data) and rest:
            data, rest = split_text_cell(rest[1:])  # a row label before the numbers (件数 …)

        def accept(v: tuple) -> bool:
            return all(sum(v[g * 5 : g * 5 + 4]) == v[g * 5 + 4] for g in range(3))

        reading = read_cells(data, single, 15, accept=accept)
        self.found.add("review_litigation")
        pos = self.ix.doc_pos(last_end)
        self.row_pos["review_litigation"] = pos
        columns = [f"{g} {c}" for g, c in self.fmt.review_columns]
        if reading.values is None:
            self._unreadable("review_litigation", "表四", reading, 15)
            self._note_row("review", "review_litigation", columns, reading, pos)
            return [None] * 15
        return [
            self._blank("review", "review_litigation", columns[i], v, pos)
            if v is None or isinstance(v, Blank)
            else _as_count(v)
            for i, v in enumerate(reading.values)
        ]

    # -- all ------------------------------------------------------------------------------
    def find_zones(self) -> Zones:
        self._find_zones()
        return self.zones

    def parse(self) -> Parsed:
        if (
            self.zones.proactive is None
            and self.zones.applications is None
            and self.zones.review is None
        ):
            self._find_zones()
        tables = ReportTables.blank(self.fmt)
        tables.proactive = self.read_proactive()
        tables.applications = self.read_applications()
        tables.review_litigation = self.read_review()
        return Parsed(
            tables, self.problems, self.found, self.zones, cells=self.cells, row_pos=self.row_pos
        )


def _count_numbers(text: str) -> int:
    return sum(1 for t in re.split(r"[\s|]+", text) if t and parse_number(t) is not None)


def _needles(row) -> tuple[str, ...]:
    """The match forms a table-三 row label is printed in."""
    return _APPLICATION_NEEDLES.get(row.key, (key(row.label),))


def _all(m: str, needle: str, start: int, end: int) -> list[int]:
    out = []
    i = m.find(needle, start, end)
    while i >= 0:
        out.append(i)
        i = m.find(needle, i + 1, end)
    return out


def _first(m: str, needle: str, ok, start: int = 0) -> int:
    """The first occurrence of ``needle`` from ``start`` for which ``ok(i)`` holds, or -1."""
    i = m.find(needle, start)
    while i >= 0:
        if ok(i):
            return i
        i = m.find(needle, i + 1)
    return -1


_STANDARD_COLUMNS = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
)


def _as_count(v):
    """A parsed cell as a table value: int for whole numbers without unit, else Amount."""
    if type(v) is _Parsed and type(v.value) is int and not v.unit:
        return v.value
    value = getattr(v, "value", v)
    unit = getattr(v, "unit", None)
    if isinstance(value, int) and not unit:
        return value
    return Amount(Decimal(str(value)), unit)


def _columns_hold(rows: dict[str, list], result_keys: tuple[str, ...]) -> bool:
    """Per column: outcome rows sum to （七）总计, and 一 + 二 = 三（七） + 四, where known."""
    total = rows.get("result.total")
    for c in range(7):
        if total is not None:
            parts = [rows[k][c] for k in result_keys if k in rows]
            if len(parts) == len(result_keys) and None not in parts and total[c] is not None:
                if sum(parts) != total[c]:
                    return False
        quad = [rows.get(k) for k in ("new", "carried_in", "result.total", "carried_out")]
        if all(q is not None and q[c] is not None for q in quad):
            if quad[0][c] + quad[1][c] != quad[2][c] + quad[3][c]:  # type: ignore[index]
                return False
    return True


def parse_document(doc: str, fmt_code: str, index: MatchIndex | None = None) -> Parsed:
    return TableParser(doc, FORMATS[fmt_code], index).parse()
