"""The project's own corpus of real report layouts (tests/rules/reader/corpus, sources in its
index.json): PDF page text with rows flattened and table 四's header cut into fragments,
flip-book pages, blank and dash cells, partial pages, and files of each type laid out from
real report text. Every cell of the hand-read truth is read, or flagged, never wrong.
"""

import json
from pathlib import Path

import pytest

from gongkai.rules.reader import read_report
from gongkai.rules.reader.accuracy import by_layout, score

from .test_corpus import CORPUS as SHARED_CORPUS
from .test_corpus import INDEX as SHARED_INDEX
from .test_corpus import ids

CORPUS = Path(__file__).parent / "corpus"
INDEX = json.loads((CORPUS / "index.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def results():
    return {e["file"]: read_report(CORPUS / e["file"]) for e in INDEX}


def test_every_file_is_in_the_index_with_its_source():
    on_disk = {p.name for p in CORPUS.iterdir() if p.name not in ("README.md", "index.json")}
    assert on_disk == {e["file"] for e in INDEX}
    for e in INDEX:
        assert e["source_url"] and e["obtained_via"] and e["copied"]
        assert e.get("derived_from") or "pages" in e["obtained_via"]


@pytest.mark.parametrize("entry", INDEX, ids=ids)
def test_every_cell_read_or_flagged_never_wrong(entry, results):
    r = results[entry["file"]]
    s = score(r, entry)
    assert s.wrong == 0, s.defects
    assert s.missed == 0, s.defects
    assert s.read > 0


@pytest.mark.parametrize("entry", INDEX, ids=ids)
def test_year_format_agency_partial(entry, results):
    r = results[entry["file"]]
    assert (r.year, r.format) == (entry["year"], entry["format"])
    truth = entry["agency"].split("（")[0]
    if "某" in truth or "只称" in entry["agency"] or "未写" in entry["agency"]:
        assert r.agency is None or r.agency in truth  # the text does not name it
    else:
        assert r.agency and (r.agency in truth or truth in r.agency)
    partial = entry["completeness"].startswith("partial")
    assert r.partial is partial
    if partial:
        assert r.missing_rows
        gt = entry["ground_truth"]
        for key in r.missing_rows.get("applications", ()):
            assert key not in gt.get("applications", {})
    if entry["ground_truth"].get("cross_check_ok"):
        assert r.failed == [], [p.message for p in r.failed]


@pytest.mark.parametrize("entry", INDEX, ids=ids)
def test_cell_states_and_unplaced_rows(entry, results):
    r = results[entry["file"]]
    gt = entry["ground_truth"]
    states = {(c["row"], c["column"]): c["state"] for c in r.cells}
    from gongkai.rules.formats import FORMATS

    fmt = FORMATS[entry["format"]]
    for where, state in (gt.get("cell_states") or {}).items():
        row, _, i = where.partition("[")
        group = fmt.proactive_group(row)
        column = group.columns[int(i.rstrip("]"))].label
        assert states[(row, column)] == state, where
    for row in gt.get("unplaced_rows", ()):
        assert r.tables.applications[row] == [None] * 7
        assert {states.get((row, c)) for c in fmt.application_columns} == {"unplaced"}
        problem = [p for p in r.problems if p.row == row and p.check == "values.unreadable"]
        assert problem and problem[0].line is not None


def test_accuracy_per_layout_over_both_corpora():
    """The figures of the README: per layout, cells read / flagged / missed / wrong."""
    scored = [(e, score(read_report(CORPUS / e["file"]), e)) for e in INDEX]
    if SHARED_CORPUS.is_dir():
        scored += [(e, score(read_report(SHARED_CORPUS / e["file"]), e)) for e in SHARED_INDEX]
    table = by_layout(scored)
    assert {"pdf-text-flattened", "split-header", "page-furniture", "partial"} <= set(table)
    for layout, s in table.items():
        assert s.wrong == 0, (layout, s.defects)
        assert s.missed == 0, (layout, s.defects)
