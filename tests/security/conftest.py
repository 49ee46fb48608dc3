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
