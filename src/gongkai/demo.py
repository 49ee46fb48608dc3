"""Demo data that makes the product look real: 满洲里市 with its departments, staff and records.

``load_demo`` is idempotent: every record is found by a natural key and only
created when missing, so running ``gongkai demo`` twice changes nothing the
second time. Each app contributes its records through a ``demo`` module with a
``load(ctx)`` function; they run in the order of ``DEMO_MODULES``.
"""

import importlib
from collections.abc import Callable
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


def load_demo(
    verbosity: int = 1, progress: Callable[[int, int, str], None] | None = None
) -> DemoContext:
    """Create (or find) every demo record; return the shared context.

    ``progress(n, total, app_name)`` is called before each app's records are loaded.
    """
    from django.apps import apps

    ctx = DemoContext(verbosity=verbosity)
    for n, name in enumerate(DEMO_MODULES, start=1):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name is not None and name.startswith(error.name):
                continue  # that app has no demo records (yet)
            raise
        if progress is not None:
            app = apps.get_containing_app_config(name)
            progress(n, len(DEMO_MODULES), str(app.verbose_name if app else name))
        with transaction.atomic():
            module.load(ctx)
    return ctx
