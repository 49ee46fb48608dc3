"""JSON in the shape of the report contract (as ``gongkai report check --json`` prints one file)."""

import json

from gongkai.reports.exports.layout import Document


def data(doc: Document, problems=(), file: str | None = None) -> dict:
    from gongkai.rules.tables import Problem

    probs = [p if isinstance(p, Problem) else Problem.from_json(p) for p in problems]
    return doc.tables.to_contract_json(probs, file=file)


def render(doc: Document, problems=(), file: str | None = None) -> str:
    return json.dumps(data(doc, problems, file), ensure_ascii=False, indent=2) + "\n"
