"""The README's command reference is the documents in docs/commands, assembled."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_reference_matches_docs_commands():
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "assemble_readme.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
