import pytest

#: Demo modules these tests need. The catalogue (Wagtail pages) and applications (cases built
#: through the services) are slow to load; the builder reads them through selectors and the
#: tests that need cases create them.
LITE_MODULES = (
    "gongkai.agencies.demo",
    "gongkai.workdays.demo",
    "gongkai.registers.demo",
    "gongkai.reports.demo",
)


@pytest.fixture
def demo(db):
    """The demo data set without the catalogue's pages (agencies, users, registers, reports)."""
    import importlib

    from django.db import transaction

    from gongkai.demo import DemoContext

    ctx = DemoContext(verbosity=0)
    for name in LITE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name is not None and name.startswith(error.name):
                continue
            raise
        with transaction.atomic():
            module.load(ctx)
    return ctx
