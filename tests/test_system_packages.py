"""`make demo` / `make test` bring their Debian packages (scripts/system-packages).

The script runs against shims of ``dpkg-query``, ``apt-get`` and ``id`` on PATH, so each case
(everything present, root, not root) is exercised without touching the machine's packages.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "system-packages"


def _shims(tmp_path: Path, *, installed: set[str], uid: int) -> dict:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    status = " ".join(sorted(installed))
    scripts = {
        "dpkg-query": f'for p in {status}; do [ "$p" = "${{@: -1}}" ] && '
        'echo -n "install ok installed" && exit 0; done; exit 1',
        "apt-get": f'echo "$@" >> {log}',
        "id": f'[ "$1" = "-u" ] && echo {uid} || /usr/bin/id "$@"',
        "npm": "exit 0",
    }
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/bash\n{body}\n")
        path.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}
    env.pop("GONGKAI_SYSTEM_PACKAGES", None)
    return {"env": env, "log": log}


def _packages(profile: str) -> list[str]:
    text = SCRIPT.read_text()
    names = re.findall(r'^\s*need ([a-z0-9.+-]+) "', text, flags=re.M)
    if profile == "demo":
        demo_part = text.split('if [ "$profile" = test ]', 1)[0]
        names = re.findall(r'^\s*need ([a-z0-9.+-]+) "', demo_part, flags=re.M)
    return names


@pytest.mark.parametrize("profile", ["demo", "test"])
def test_nothing_to_do_when_everything_is_installed(tmp_path, profile):
    shim = _shims(tmp_path, installed=set(_packages("test")), uid=0)
    result = subprocess.run([SCRIPT, profile], env=shim["env"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    assert not shim["log"].exists()


def test_root_installs_what_is_missing_and_says_why(tmp_path):
    shim = _shims(tmp_path, installed={"libpango-1.0-0", "libpangoft2-1.0-0"}, uid=0)
    result = subprocess.run([SCRIPT, "test"], env=shim["env"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Installing system packages" in result.stdout
    assert "chromium" in result.stdout and "browser tests" in result.stdout
    calls = shim["log"].read_text().splitlines()
    assert calls[0].startswith("update")
    install = calls[-1].split()
    assert install[:2] == ["install", "-y"]
    assert {"libharfbuzz-subset0", "chromium", "postgresql-client"} <= set(install)
    assert "libpango-1.0-0" not in install


def test_without_root_it_stops_at_once_naming_the_packages_and_the_command(tmp_path):
    shim = _shims(tmp_path, installed=set(), uid=1000)
    result = subprocess.run([SCRIPT, "demo"], env=shim["env"], capture_output=True, text=True)
    assert result.returncode == 1
    assert not shim["log"].exists()
    message = result.stderr
    assert (
        "Missing system packages: libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in message
    )
    assert "apt-get install -y --no-install-recommends libpango-1.0-0" in message
    assert "chromium" not in message  # the demo does not need the browser


def test_the_quick_start_names_the_packages_the_script_installs():
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    for package in _packages("test"):
        if package.startswith("libpango"):
            continue  # named as "Pango" (WeasyPrint's text layout)
        assert f"`{package}`" in quick_start, package
    makefile = (ROOT / "Makefile").read_text()
    assert "scripts/system-packages demo" in makefile and "scripts/system-packages test" in makefile
    ci = (ROOT / ".ci" / "run").read_text()
    assert "apt-get" not in ci, "CI installs through make test, the README's path"
    assert "make test" in ci and "FONTCONFIG_FILE" in ci
