"""Every real published report of ../shared/corpus/reports, read and compared with the
hand-read numbers of its index.json: every number, every table reported missing, every
expected problem.

Rules of the comparison (the reader never guesses):

* a number in the ground truth must be read exactly, except in a row the reader reports as
  ``values.ambiguous`` (cells run together, several readings fit and no total decides): then
  every cell is null and the true reading must be among the candidates the problem lists;
* a row or table that the ground truth does not list (a truncated page) must be null, not 0;
* ``cross_check_ok: true`` means no failed cross-check (severity ``error``);
* tables not in the excerpt are reported by ``tables.missing``;
* the plausibility notes that index.json's notes point out are reported.
"""

import json
import os
from pathlib import Path

import pytest

from gongkai.rules.reader import read_report
from gongkai.rules.reader.accuracy import plain
from gongkai.rules.tables import Amount


def shared_dir() -> Path:
    """../shared next to the repository, or $GONGKAI_SHARED."""
    env = os.environ.get("GONGKAI_SHARED")
    return Path(env) if env else (Path(__file__).resolve().parents[3] / ".." / "shared").resolve()


CORPUS = shared_dir() / "corpus" / "reports"
INDEX = (
    json.loads((CORPUS / "index.json").read_text("utf-8"))
    if (CORPUS / "index.json").is_file()
    else []
)

#: Problems the notes of index.json point out, per file (check names of rules/tables and the reader).
EXPECTED_NOTES = {
    # "Narrative figures do not match the table categories: 予以公开及部分公开258件 ... 无法提供265件"
    "01_shanghai-bgt-2019.html": {"plausibility.narrative"},
    # "规范性文件 87 制作 but 0 公开 / 0 总数 is implausible"
    "13_wuhan-huangpi-jiedao-2020.txt": {"plausibility.made_not_published"},
    # "A township reports 规章 2/0/2 although townships cannot make 规章 (plausibility flag)"
    "15_taojiang-songmutang-zhen-2022.txt": {"plausibility.township_rules"},
}


def ids(entry):
    return entry["file"]


@pytest.fixture(scope="module")
def results():
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (set GONGKAI_SHARED)")
    return {e["file"]: read_report(CORPUS / e["file"]) for e in INDEX}


def test_corpus_is_complete():
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    on_disk = {p.name for p in CORPUS.iterdir() if p.name not in ("README.md", "index.json")}
    assert on_disk == {e["file"] for e in INDEX}


@pytest.mark.parametrize("entry", INDEX, ids=ids)
def test_year_format_agency(entry, results):
    r = results[entry["file"]]
    assert r.year == entry["year"]
    assert r.format == entry["format"]
    truth = entry["agency"].split("（")[0]
    if "某" in truth:  # the excerpt does not name the agency
        assert r.agency is None or r.agency in truth
    else:
        assert r.agency, "agency not found"
        assert r.agency in truth or truth in r.agency


def _ambiguous(r, row):
    return [p for p in r.problems if p.check == "values.ambiguous" and p.row == row]


def _compare_row(r, row, got, expected):
    """Exact, or (for a row reported ambiguous) all null with the truth among the candidates."""
    amb = _ambiguous(r, row)
    if amb:
        assert all(v is None for v in got), f"{row}: ambiguous row must not be guessed"
        truth = tuple(plain(v) for v in expected)
        cands = {tuple(plain(x) for x in c) for c in amb[0].candidates}
        assert truth in cands, f"{row}: true reading {truth} not among the candidates"
        return "ambiguous"
    assert [plain(v) for v in got] == [plain(v) for v in expected], row
    return "exact"


@pytest.mark.parametrize("entry", INDEX, ids=ids)
def test_every_number(entry, results):
    r = results[entry["file"]]
    gt = entry.get("ground_truth") or {}
    apps = gt.get("applications") or {}
    for key, got in r.tables.applications.items():
        if key in apps:
            _compare_row(r, key, got, apps[key])
        else:  # not in the excerpt: missing, never 0
            assert got == [None] * 7, f"{key} is not in the file but was read as {got}"
    assert set(apps) <= set(r.tables.applications)
    if "review_litigation" in gt:
        _compare_row(r, "review_litigation", r.tables.review_litigation, gt["review_litigation"])
    else:
        assert r.tables.review_litigation == [None] * 15
    proactive = gt.get("proactive") or {}
    assert list(r.tables.proactive) == list(proactive)
    for label, expected in proactive.items():
        _compare_row(r, label, r.tables.proactive[label], expected)


@pytest.mark.parametrize("entry", INDEX, ids=ids)
def test_units(entry, results):
    r = results[entry["file"]]
    units = (entry.get("ground_truth") or {}).get("proactive_units") or {}
    for where, unit in units.items():
        label, _, idx = where.partition("[")
        i = int(idx.rstrip("]")) if idx else 0
        if _ambiguous(r, label):
            continue
        v = r.tables.proactive[label][i]
        assert isinstance(v, Amount), where
        assert v.unit == unit.split()[0], where


@pytest.mark.parametrize("entry", INDEX, ids=ids)
def test_cross_checks_and_missing_tables(entry, results):
    r = results[entry["file"]]
    gt = entry.get("ground_truth") or {}
    errors = [p for p in r.problems if p.severity == "error"]
    if gt.get("cross_check_ok") is True:
        assert errors == [], [p.message for p in errors]
    if entry["completeness"] != "full":
        missing = {p.row for p in r.problems if p.check in ("tables.missing", "tables.truncated")}
        assert missing, "a partial excerpt must report missing or truncated tables"
        if "applications" not in gt:
            assert "applications" in missing
        if "review_litigation" not in gt:
            assert "review" in missing
        if "proactive" not in gt:
            assert "proactive" in missing
    else:
        assert not [p for p in r.problems if p.check in ("tables.missing", "tables.truncated")]
    # a blank cell is named in the problems
    for key, values in r.tables.applications.items():
        if None in values and any(v is not None for v in values):
            assert any(p.row == key for p in r.problems), key


@pytest.mark.parametrize("entry", INDEX, ids=ids)
def test_expected_notes(entry, results):
    r = results[entry["file"]]
    notes = {p.check for p in r.problems if p.severity == "note"}
    for name in EXPECTED_NOTES.get(entry["file"], set()):
        assert name in notes, f"{entry['file']}: expected {name}"
    # nobody else gets a township note
    if (
        entry["file"] not in EXPECTED_NOTES
        or "plausibility.township_rules" not in EXPECTED_NOTES[entry["file"]]
    ):
        assert "plausibility.township_rules" not in notes


def test_score(results):
    """Every number of the corpus: exact or (never guessed) ambiguous with the truth listed."""
    exact = ambiguous = 0
    for entry in INDEX:
        r = results[entry["file"]]
        gt = entry.get("ground_truth") or {}
        rows = [(k, r.tables.applications[k], v) for k, v in (gt.get("applications") or {}).items()]
        if "review_litigation" in gt:
            rows.append(("review_litigation", r.tables.review_litigation, gt["review_litigation"]))
        rows += [(k, r.tables.proactive[k], v) for k, v in (gt.get("proactive") or {}).items()]
        for row, got, expected in rows:
            how = _compare_row(r, row, got, expected)
            if how == "exact":
                exact += len(expected)
            else:
                ambiguous += len(expected)
    assert exact > 700
    print(f"corpus: {exact} numbers read exactly, {ambiguous} in rows reported ambiguous")
