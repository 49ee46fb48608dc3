"""Agency, year and format of a report, from its title and body."""

from __future__ import annotations

import re
from collections import Counter

from .normalize import US, MatchIndex

_TITLE = re.compile(r"政府信息公开工作年度报告|政府信息公开年度报告|政务公开工作年度报告")
_YEAR_BEFORE = re.compile(r"(20\d\d)年度?$")
_AGENCY_SUFFIX = re.compile(
    r"(?:人民政府|政府|办公厅|办公室|委员会|管理委员会|管委会|办事处|街道|局|厅|委|办|署|院|中心|"
    r"镇|乡|苏木|区|县|市|州|盟|旗|所|站|队|处|部|会|馆|室|集团|公司|总队|支队|大队|分局|"
    r"实验区|开发区|新区|园区|示范区|试验区)$"
)
_BREAK = re.compile(r"[\s\x1f:：,，。;；!！?？《》〈〉<>\"“”'‘’|()（）\[\]【】]")
_PERIOD = re.compile(r"(?:自|从|为|期限)(20\d\d)年1月1日")
_YEAR = re.compile(r"(20\d\d)年")
_BODY_AGENCY = re.compile(
    r"[\s\x1f]*20\d\d年(?:度)?[,，]?\s*"
    r"([\u4e00-\u9fff()（）]{2,30}?)(?=坚持|认真|深入|全面|紧紧|严格|按照|围绕|持续|进一步|不断|积极|高度|以|在|未|共)"
)


def _clean_agency(s: str) -> str | None:
    s = s.strip()
    parts = [p for p in _BREAK.split(s) if p]
    if not parts:
        return None
    cand = parts[-1]
    for chrome in ("当前位置", "首页", "您的位置", "标题", "题", "关于", "印发"):
        if cand.startswith(chrome):
            cand = cand[len(chrome) :]
    if len(cand) < 2 or len(cand) > 40 or cand.startswith("我") or cand.startswith("本"):
        return None
    if "我" in cand or cand.startswith(("现", "特", "根据", "公布")):  # 现公布我局…: no name
        return None
    if not _AGENCY_SUFFIX.search(cand) or cand.endswith("国"):
        return None
    return cand


def _line_of(doc: str, pos: int) -> tuple[int, int]:
    """The cell (or line) around a position."""
    a = max(doc.rfind("\n", 0, pos), doc.rfind(US, 0, pos)) + 1
    ends = [e for e in (doc.find("\n", pos), doc.find(US, pos)) if e >= 0]
    return a, (min(ends) if ends else len(doc))


_STARTS = ("总体情况", "条例", "第五十条", "本报告")


def find_title(index: MatchIndex) -> tuple[str | None, int | None]:
    """(agency, year) from the report's title.

    The title is the first mention of ``…政府信息公开工作年度报告`` that the report's text
    follows (总体情况, 《条例》 … within a short distance); links to other years' reports in
    a page's sidebar come before it but are not followed by a report. Without such a
    mention, the first one.
    """
    m = index.m
    found: list[tuple[int, tuple[str | None, int | None]]] = []
    for match in _TITLE.finditer(m):
        title = _title_at(index, match)
        if title is not None:
            found.append((match.end(), title))
    if not found:
        return None, None
    # the body starts at the first 总体情况 / 《条例》 … after a title: the title is the
    # last mention before it
    body = min(
        (i for w in _STARTS if (i := m.find(w, found[0][0])) >= 0),
        default=-1,
    )
    if body >= 0:
        before = [t for end, t in found if end <= body]
        if before:
            return before[-1]
    return found[0][1]


def _title_at(index: MatchIndex, match: re.Match[str]) -> tuple[str | None, int | None] | None:
    doc, m = index.doc, index.m
    if True:
        after = m[match.end() : match.end() + 4]
        if after.startswith("格式") or after.startswith("有关"):
            return None
        start_doc = index.doc_pos(match.start())
        if doc[max(0, start_doc - 12) : start_doc].count("《") > doc[
            max(0, start_doc - 12) : start_doc
        ].count("》"):
            return None
        line_a, line_b = _line_of(doc, start_doc)
        before = doc[line_a:start_doc]
        cell_start = before.rfind(US) + 1
        before = before[cell_start:]
        year = None
        agency = None
        y = _YEAR_BEFORE.search(before.strip())
        if y:
            year = int(y.group(1))
            agency = _clean_agency(before.strip()[: y.start()])
        else:
            # 2019年上海市人民政府办公厅政府信息公开工作年度报告
            y2 = re.search(r"(20\d\d)年度?([^\d]{2,40})$", before.strip())
            if y2:
                year = int(y2.group(1))
                agency = _clean_agency(y2.group(2))
            else:
                agency = _clean_agency(before)
        if agency is None:
            # the agency on the line before or after the title
            prev_b = line_a - 1
            if prev_b > 0:
                pa, _ = _line_of(doc, prev_b)
                agency = _clean_agency(doc[pa:prev_b])
            if agency is None and line_b < len(doc):
                _, nb = _line_of(doc, line_b + 1)
                agency = _clean_agency(doc[line_b + 1 : nb])
        return agency, year


def find_year(index: MatchIndex) -> int | None:
    """The report year from the body: the statistics period, else the most cited year."""
    m = index.m
    p = _PERIOD.search(index.doc)
    if p:
        return int(p.group(1))
    counts = Counter(int(y) for y in _YEAR.findall(m))
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def find_body_agency(doc: str) -> str | None:
    """The agency named at the start of 一、总体情况 (``2025年，平潭综合实验区坚持…``)."""
    i = doc.find("总体情况")
    while i >= 0:
        m = _BODY_AGENCY.match(doc, i + 4)
        if m:
            agency = _clean_agency(m.group(1))
            if agency:
                return agency
        i = doc.find("总体情况", i + 4)
    return None


_META_AGENCY = re.compile(
    r"(?:发布机构|发文机构|发文机关|发布单位|公开主体)\s*[:：]\s*[\x1f]?\s*([^\s|\x1f:：]{2,40})"
)


def find_meta_agency(doc: str) -> str | None:
    """The agency of a page's metadata box (发布机构：…), if the page has one."""
    for m in _META_AGENCY.finditer(doc[:5000]):
        agency = _clean_agency(m.group(1))
        if agency:
            return agency
    return None


def section_wordings(fmt, number: str) -> list[str]:
    """The titles section ``number`` may carry: the format's own, the wording in common use
    (e.g. 五、存在的主要问题及改进情况 for the 2019 format's
    五、政府信息公开工作存在的主要问题及改进情况), its aliases, then the other formats'
    wordings (``Section.wordings``)."""
    from gongkai.rules.formats import FORMATS

    out: list[str] = []
    for f in (fmt, *(x for x in FORMATS.values() if x is not fmt)):
        for s in f.sections:
            if s.number == number:
                for title in s.wordings:
                    if title not in out:
                        out.append(title)
    return out


def find_sections(index: MatchIndex, fmt) -> dict[str, str | None]:
    """Per section of the format (一 … 六), the title wording the report prints, or None.

    Agencies print the format's heading or a wording in common use; every wording the
    formats list is accepted (longest first, so that the full title is named when printed).
    """
    from .normalize import key

    out: dict[str, str | None] = {}
    for s in fmt.sections:
        found = None
        for title in sorted(section_wordings(fmt, s.number), key=len, reverse=True):
            if index.find(key(s.number + title)) >= 0:
                found = title
                break
        out[s.number] = found
    return out
