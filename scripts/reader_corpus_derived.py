"""Make the derived files of tests/rules/reader/corpus: real reports' tables laid out as the
file types agencies publish (PDF without ruling lines, DOCX with merged cells, flip-book
HTML, text copied out of a PDF viewer), for the reader's file-type tests.

    .venv/bin/python scripts/reader_corpus_derived.py [--shared ../shared]

No real PDF/DOCX/flip-book file could be obtained for the corpus, so these are made from
real report data: the agency, year and every number of a real report (the hand-read ground
truth of ../shared/corpus/reports, the seed), and the text of a real flip-book page, laid out
by gongkai.rules.reader.synth. Their index entries say so (``derived_from``); the narrative
paragraphs are synthetic. Run once; the files are committed (the PDFs take seconds each).
"""

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from gongkai.rules.reader import read_report  # noqa: E402
from gongkai.rules.reader.synth import (  # noqa: E402
    render_docx,
    render_pdf_positioned,
    render_pdf_text,
)
from gongkai.rules.tables import ReportTables  # noqa: E402

CORPUS = REPO / "tests" / "rules" / "reader" / "corpus"
MADE = "2026-12-07"


def tables_of(entry: dict) -> ReportTables:
    gt = entry["ground_truth"]
    return ReportTables.from_contract_json(
        {
            "agency": entry["agency"].split("（")[0],
            "year": entry["year"],
            "format": entry["format"],
            "applications": gt.get("applications") or {},
            "review_litigation": gt.get("review_litigation") or [None] * 15,
            "proactive": gt.get("proactive") or {},
            # the unit only ("元 (celltext …)" notes how the page printed it)
            "proactive_units": {
                k: v.split()[0] for k, v in (gt.get("proactive_units") or {}).items()
            },
        }
    )


def truth_of(t: ReportTables) -> dict:
    data = t.to_contract_json()
    return {
        "applications": data["applications"],
        "review_litigation": data["review_litigation"],
        "proactive": data["proactive"],
        "proactive_units": data["proactive_units"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(REPO / ".." / "shared"))
    args = parser.parse_args()
    shared = Path(args.shared)
    shared_index = {
        e["file"]: e
        for e in json.loads((shared / "corpus" / "reports" / "index.json").read_text("utf-8"))
    }
    seed = read_report(shared / "seed" / "000_eb4955ec489c8a4e.txt").tables
    seed.agency, seed.year = "满洲里市统计局", 2020
    shanghai = tables_of(shared_index["01_shanghai-bgt-2019.html"])
    pingtan = tables_of(shared_index["08_pingtan-2025.txt"])

    made = []

    def entry(file, source, derived, layouts, t, notes, **extra):
        made.append(
            {
                "file": file,
                "source_url": source["source_url"],
                "copied": MADE,
                "obtained_via": "derived: made by scripts/reader_corpus_derived.py (not a file "
                "the agency published)",
                "derived_from": derived,
                "agency": t.agency,
                "year": t.year,
                "format": t.format,
                "layouts": layouts,
                "completeness": "full",
                "notes": notes,
                "ground_truth": {**truth_of(t), "cross_check_ok": True, **extra},
            }
        )

    seed_src = {"source_url": "../shared/seed/000_eb4955ec489c8a4e.txt (满洲里市统计局 2020)"}
    (CORPUS / "d01_seed-manzhouli-tjj-2020.pdf").write_bytes(
        render_pdf_positioned(seed, scrambled=True, seed=1)
    )
    entry(
        "d01_seed-manzhouli-tjj-2020.pdf",
        seed_src,
        "the seed's agency, year and every number; tables laid out by synth.render_pdf_positioned",
        ["pdf-file", "split-header", "page-furniture"],
        seed,
        "PDF without ruling lines, text drawn in a shuffled order (reading order only from "
        "positions), table 四's heads as vertical text, page numbers and a running header.",
    )
    src = shared_index["01_shanghai-bgt-2019.html"]
    (CORPUS / "d02_shanghai-bgt-2019-blanks.pdf").write_bytes(
        render_pdf_positioned(shanghai, scrambled=True, seed=2)
    )
    entry(
        "d02_shanghai-bgt-2019-blanks.pdf",
        src,
        "../shared/corpus/reports/01_shanghai-bgt-2019.html: agency, year and every number "
        "(zeros printed as blank cells, as the report does); tables laid out by "
        "synth.render_pdf_positioned",
        ["pdf-file", "blank-cells", "page-furniture"],
        shanghai,
        "The report writes zeros as blank cells: in a PDF without ruling lines a blank cell "
        "leaves nothing, so the numbers are placed in their columns by x (table 三's heads).",
    )
    src = shared_index["08_pingtan-2025.txt"]
    (CORPUS / "d03_pingtan-2025.docx").write_bytes(render_docx(pingtan))
    entry(
        "d03_pingtan-2025.docx",
        src,
        "../shared/corpus/reports/08_pingtan-2025.txt: agency, year and every number; tables "
        "laid out by synth.render_docx (merged cells as gridSpan / vMerge)",
        ["docx-file", "merged-cells"],
        pingtan,
        "Word tables with the official merged cells.",
    )
    (CORPUS / "d04_pingtan-2025-pdftext.txt").write_text(
        render_pdf_text(pingtan, header="vertical", furniture="dash", per_page=26), "utf-8"
    )
    entry(
        "d04_pingtan-2025-pdftext.txt",
        src,
        "../shared/corpus/reports/08_pingtan-2025.txt: agency, year and every number; text "
        "as a PDF viewer copies it, by synth.render_pdf_text",
        ["pdf-text-flattened", "split-header", "page-furniture"],
        pingtan,
        "Rows flattened to space-separated numbers, table 四's heads vertical, '— k —' page "
        "numbers and the title as running header.",
    )
    page = (CORPUS / "r01_flipbook-shenji-2020-p9.txt").read_text("utf-8").splitlines()
    lines = "".join(f"<div>{x}</div>" for x in page[2:])
    (CORPUS / "d05_flipbook-shenji-2020-p9.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{page[0]}</title></head><body><div>{page[1]}</div>{lines}</body></html>\n",
        "utf-8",
    )
    r01 = next(
        e
        for e in json.loads((CORPUS / "index.json").read_text("utf-8"))
        if e["file"].startswith("r01_")
    )
    made.append(
        {
            **r01,
            "file": "d05_flipbook-shenji-2020-p9.html",
            "obtained_via": "derived: the text of r01 (a real flip-book page) as the viewer's "
            "HTML page (page title, one div per line), by scripts/reader_corpus_derived.py",
            "derived_from": "r01_flipbook-shenji-2020-p9.txt",
            "layouts": ["flipbook-html", "split-header", "page-furniture", "partial"],
        }
    )
    index = [
        e
        for e in json.loads((CORPUS / "index.json").read_text("utf-8"))
        if not e.get("derived_from")
    ]
    index += made
    (CORPUS / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=1) + "\n")
    print(f"wrote {len(made)} derived files to {CORPUS}")


if __name__ == "__main__":
    main()
