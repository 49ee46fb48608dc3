"""Demo data that makes the product look real: 满洲里市 with its departments, staff and records.

``load_demo`` is idempotent: every record is found by a natural key and only
created when missing, so running ``gongkai demo`` twice changes nothing the
second time. Each app contributes its records through a ``demo`` module with a
``load(ctx)`` function; they run in the order of ``DEMO_MODULES``.
"""

import importlib
from dataclasses import dataclass, field

from django.db import transaction

DEMO_PASSWORD = "Gongkai-demo-2026"

DEMO_MODULES = [
    "gongkai.agencies.demo",
    "gongkai.workdays.demo",
    "gongkai.catalogue.demo",
    "gongkai.applications.demo",
    "gongkai.registers.demo",
    "gongkai.reports.demo",
]


@dataclass
class DemoContext:
    """What the loaders share: agencies by slug, users by username, printed logins."""

    verbosity: int = 1
    agencies: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    logins: list = field(default_factory=list)  # (username, role label, where)

    def say(self, text: str) -> None:
        if self.verbosity:
            print(text)


def load_demo(verbosity: int = 1) -> DemoContext:
    """Create (or find) every demo record; return the shared context."""
    ctx = DemoContext(verbosity=verbosity)
    for name in DEMO_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name is not None and name.startswith(error.name):
                continue  # that app has no demo records (yet)
            raise
        with transaction.atomic():
            module.load(ctx)
    return ctx
