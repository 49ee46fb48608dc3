"""Property-based tests: random and mutated input never crashes (a clear error or a result).

Examples are bounded (``settings`` in each module) so the whole folder stays quick in CI.
The ``world`` fixture (agencies, catalogue pages, a published report) is the API tests'.
"""

from tests.api.conftest import make_client, world  # noqa: F401  (fixtures)
