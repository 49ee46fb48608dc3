"""Who may act on annual reports.

The agency's administrator and reviewers prepare and submit; the signer (the
agency head) approves or returns; the agency files it with the supervising office,
which may return it, publish it, and lock the year.
"""

from gongkai.agencies.models import Role
from gongkai.agencies.permissions import ALL_STAFF_ROLES, register

register(
    "reports.AnnualReport",
    actions={
        "view": list(ALL_STAFF_ROLES),
        "change": [Role.AGENCY_ADMIN, Role.REVIEWER],
        "add": [Role.AGENCY_ADMIN, Role.REVIEWER],
        "build": [Role.AGENCY_ADMIN, Role.REVIEWER, Role.SUPERVISOR],
        "submit": [Role.AGENCY_ADMIN, Role.REVIEWER],
        "approve": [Role.SIGNER],
        "return": [Role.SIGNER, Role.SUPERVISOR],
        "file": [Role.AGENCY_ADMIN, Role.SIGNER],
        "publish": [Role.SUPERVISOR],
        "lock": [Role.AGENCY_ADMIN, Role.SUPERVISOR],
        "import": [Role.AGENCY_ADMIN, Role.SUPERVISOR],
        "delete": [Role.AGENCY_ADMIN],
        "supervise": [Role.SUPERVISOR],
    },
)
