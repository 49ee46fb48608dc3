"""Running the cross-checks of ``rules.tables`` on stored (built or imported) tables.

The checks live in ``gongkai.rules.tables`` (one named function each); this
module adapts the stored contract JSON and adds the carry-over check against the
agency's report of the previous year when there is one.
"""

from gongkai.rules.tables import ReportTables
from gongkai.rules.tables import run_checks as _run_checks


def run_checks(tables: dict, previous: dict | None = None) -> list[dict]:
    """Problems of the stored tables, as contract dicts {check, severity, row, column, message}."""
    current = ReportTables.from_contract_json(tables)
    prev = ReportTables.from_contract_json(previous) if previous else None
    return [p.to_json() for p in _run_checks(current, previous=prev)]
