"""Benchmark of PDF making: a reply letter and the seed agency's annual report.

    .venv/bin/python bench/pdf.py                 # 5 rounds each
    .venv/bin/python bench/pdf.py --repeat 10

Migrates a temporary SQLite database and loads the demo data, then measures in one process:

* ``letter_first_ms``: the first letter PDF of the process (the embedded font is extracted
  and loaded once: what the first download after a restart costs);
* ``letter_ms``: a reply letter PDF (``applications.letters.render.render_pdf``), median;
* ``report_ms``: the seed agency's (mzl-tjj) 2020 annual report PDF in the national format
  (``reports.exports.export``), with the PDF cache off, median;
* ``report_cached_ms``: the same report again with the content cache on (what every request
  after the first costs while the report is unchanged).

Every PDF is checked by the renderer (text layer, no missing glyph). Goals (issue #18):
letter < 1000 ms, report < 3000 ms. Ends with one JSON line:
{"bench": "pdf", "letter_ms", "letter_first_ms", "report_ms", "report_cached_ms", "pages", ...}
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

# bench/ holds calendar.py (another benchmark): keep it from shadowing the standard library.
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
sys.path.insert(0, str(_here.parent / "src"))


def _ms(fn) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn()
    return (time.perf_counter() - started) * 1000, value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-pdf-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["GONGKAI_VAR_DIR"] = str(workdir / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from gongkai.demo import load_demo

    load_demo(verbosity=0)

    import pdfplumber
    from django.test import override_settings

    from gongkai.applications.letters import render
    from gongkai.applications.models import Letter
    from gongkai.reports.exports import export
    from gongkai.reports.models import AnnualReport

    letter = Letter.objects.filter(kind="reply", status=Letter.Status.ISSUED).first()
    letter_first, _pdf = _ms(lambda: render.render_pdf(letter))
    letter_ms = statistics.median(
        _ms(lambda: render.render_pdf(letter))[0] for _ in range(args.repeat)
    )
    report = AnnualReport.objects.get(agency__slug="mzl-tjj", year=2020, scope="agency")
    uncached = workdir / "no-cache"
    timings = []
    for n in range(args.repeat):
        # A new cache folder each round: every round really renders.
        with override_settings(VAR_DIR=uncached / str(n)):
            ms, made = _ms(lambda: export(report, "pdf"))
        timings.append(ms)
    report_ms = statistics.median(timings)
    with override_settings(VAR_DIR=workdir / "cache"):
        export(report, "pdf")
        report_cached_ms = statistics.median(
            _ms(lambda: export(report, "pdf"))[0] for _ in range(args.repeat)
        )
    import io

    with pdfplumber.open(io.BytesIO(made)) as document:
        pages = len(document.pages)
    from weasyprint.text.ffi import harfbuzz_subset

    result = {
        "bench": "pdf",
        "letter_first_ms": round(letter_first, 1),
        "letter_ms": round(letter_ms, 1),
        "report_ms": round(report_ms, 1),
        "report_cached_ms": round(report_cached_ms, 2),
        "report_pages": pages,
        "harfbuzz_subset": harfbuzz_subset is not None,
        "goal_letter_ms": 1000,
        "goal_report_ms": 3000,
        "met": letter_ms < 1000 and letter_first < 1000 and report_ms < 3000,
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
