"""Run ``gongkai worker`` with the clock frozen at a moment (for the tests only).

    python tests/ops/frozen_worker.py 2026-03-02T01:00:00 --batch --worker-id w1

The worker is the real one (``gongkai.cli``), in its own process; freezegun only decides
what "now" is, ticking from that moment on.
"""

import sys

from freezegun import freeze_time


def main() -> None:
    moment, args = sys.argv[1], sys.argv[2:]
    with freeze_time(moment, tick=True):
        from gongkai.cli import main as gongkai

        gongkai(["worker", *args])


if __name__ == "__main__":
    main()
