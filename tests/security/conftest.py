"""Fixtures of the security tests: staff users by role without the whole demo data set."""

import pytest


@pytest.fixture
def staff(db):
    """Agencies and staff of the demo (the agencies app's part only), by username."""
    from gongkai.agencies import demo as agencies_demo
    from gongkai.demo import DemoContext

    ctx = DemoContext(verbosity=0)
    agencies_demo.load(ctx)
    return ctx.users


@pytest.fixture
def lite_demo(db):
    """The demo data set without the catalogue's pages and the cases (agencies, users,
    calendar, registers, reports): enough for the register and report views, and fast."""
    import importlib

    from django.db import transaction

    from gongkai.demo import DemoContext

    ctx = DemoContext(verbosity=0)
    for name in (
        "gongkai.agencies.demo",
        "gongkai.workdays.demo",
        "gongkai.registers.demo",
        "gongkai.reports.demo",
    ):
        with transaction.atomic():
            importlib.import_module(name).load(ctx)
    return ctx
