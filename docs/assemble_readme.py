"""Rebuild the README's command and feature reference from ``docs/commands/*.md``.

    python docs/assemble_readme.py          # rewrite README.md
    python docs/assemble_readme.py --check  # exit 1 when README.md is out of date

Each document's headings go two levels down (its title becomes a ``###`` section).
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORDER = [
    "calendar-and-clock",
    "applications",
    "catalogue",
    "report-check",
    "report-build",
    "portal",
    "api",
    "security",
    "faults-and-load",
]
START = "## Command and feature reference\n"
END = "## Configuration\n"


def demote(text: str) -> str:
    out, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and re.match(r"#{1,4} ", line):
            line = "##" + line
        out.append(line)
    return "\n".join(out).strip() + "\n"


def assembled(readme: str) -> str:
    head, rest = readme.split(START, 1)
    _old, tail = rest.split(END, 1)
    parts = [
        demote((ROOT / "docs" / "commands" / f"{name}.md").read_text())
        + f"\n(Source: `docs/commands/{name}.md`.)\n"
        for name in ORDER
    ]
    return head + START + "\n" + "\n".join(parts) + "\n" + END + tail


def main() -> int:
    path = ROOT / "README.md"
    current = path.read_text()
    new = assembled(current)
    if "--check" in sys.argv:
        if new != current:
            print("README.md is out of date: run python docs/assemble_readme.py", file=sys.stderr)
            return 1
        return 0
    path.write_text(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
