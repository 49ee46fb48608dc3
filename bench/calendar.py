"""Benchmark: the 20th working day after 1M start dates (performance-notes §D).

Prints one JSON line: the build time of the calendar, microseconds per deadline
for ``WorkCalendar.add_workdays`` (bisect over precomputed ordinals; target <= 2 us)
and for ``add_workdays_detail`` (with the provisional flag), and a cross-check of
a sample against a day-by-day loop. No database: the calendar comes straight
from the chinesecalendar package, as the seeded table does.

    .venv/bin/python bench/calendar.py [N]
"""

import datetime
import json
import random
import sys
import time

from gongkai.rules.calendar_seed import package_calendar


def main(n: int = 1_000_000) -> dict:
    t0 = time.perf_counter()
    cal = package_calendar()
    build = time.perf_counter() - t0
    rng = random.Random(2026)
    first = datetime.date(2024, 1, 1).toordinal()
    starts = [datetime.date.fromordinal(first + rng.randrange(731)) for _ in range(n)]

    # the bare bisect of performance-notes §D, for comparison on the same machine and moment
    from bisect import bisect_right

    wd = cal._wd
    fromordinal = datetime.date.fromordinal
    t0 = time.perf_counter()
    [fromordinal(wd[bisect_right(wd, d.toordinal()) + 19]) for d in starts]
    bare = time.perf_counter() - t0

    add = cal.add_workdays
    t0 = time.perf_counter()
    dues = [add(d, 20) for d in starts]
    plain = time.perf_counter() - t0

    detail = cal.add_workdays_detail
    t0 = time.perf_counter()
    for d in starts:
        detail(d, 20)
    flagged = time.perf_counter() - t0

    mismatches = 0
    one = datetime.timedelta(days=1)
    for d, due in zip(starts[:2000], dues[:2000], strict=True):
        count, day = 0, d
        while count < 20:
            day += one
            count += cal.is_workday(day)
        mismatches += day != due

    return {
        "bench": "calendar.add_workdays",
        "due_dates": n,
        "build_ms": round(build * 1000, 1),
        "total_s": round(plain, 3),
        "us_per_deadline": round(plain / n * 1e6, 3),
        "us_per_deadline_with_provisional": round(flagged / n * 1e6, 3),
        "us_bare_bisect": round(bare / n * 1e6, 3),
        "target_us": 2.0,
        "cross_checked": 2000,
        "mismatches": mismatches,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)))
