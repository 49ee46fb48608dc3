"""Schemathesis against the API's own OpenAPI description, in-process through WSGI.

Every operation gets generated requests (bounded: a few dozen each, so the run stays
well under a minute); no response may be a server error, and each must match the
documented status codes and response schemas. The write operations are called with a
token that holds every scope, so they are exercised past authentication.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from gongkai.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI application directly fires request_started/finished, whose
    close_old_connections would close the test's PostgreSQL connection (it sees the
    test transaction as a changed autocommit); Django's own test client disconnects
    it in the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, settings, keep_test_connection):
    from gongkai.agencies import demo as agencies_demo
    from gongkai.api.services import api_client_create
    from gongkai.demo import DemoContext

    settings.GONGKAI_API = {"ANON_RATE_PER_MINUTE": 100_000, "CLIENT_RATE_PER_MINUTE": 100_000}
    agencies_demo.load(DemoContext(verbosity=0))
    created = api_client_create(
        name="schemathesis",
        scopes=[
            "catalogue:read",
            "reports:read",
            "stats:read",
            "applications:submit",
            "applications:status",
        ],
    )
    return created.token


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_never_fails_with_a_server_error(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
