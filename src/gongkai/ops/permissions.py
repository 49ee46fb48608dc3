"""Permission rules for the ops app's scoped records."""

from gongkai.agencies.models import Role
from gongkai.agencies.permissions import ALL_STAFF_ROLES, register

register(
    "ops.Upload",
    actions={
        "view": list(ALL_STAFF_ROLES),
        "delete": [Role.AGENCY_ADMIN],
    },
)
