"""Who may see and edit the registers: the agency's own administrators and office staff."""

from gongkai.agencies.models import Role
from gongkai.agencies.permissions import ALL_STAFF_ROLES, register

_EDITORS = [Role.AGENCY_ADMIN, Role.REVIEWER, Role.REGISTRAR]

for label in ("registers.Art20Count", "registers.Art20Record", "registers.ReviewCase"):
    register(
        label,
        actions={
            "view": list(ALL_STAFF_ROLES),
            "add": _EDITORS,
            "change": _EDITORS,
            "delete": [Role.AGENCY_ADMIN],
        },
    )
