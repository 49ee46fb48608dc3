"""Who may see and act on catalogue records (registered with ``agencies.permissions``)."""

from gongkai.agencies.models import Role
from gongkai.agencies.permissions import ALL_STAFF_ROLES, register

_STAFF = list(ALL_STAFF_ROLES)

register(
    "catalogue.DisclosureItemPage",
    actions={
        "view": _STAFF,
        "export": _STAFF,
        "reassess": [Role.AGENCY_ADMIN, Role.REVIEWER, Role.CONFIDENTIALITY_REVIEWER, Role.SIGNER],
    },
)
register(
    "catalogue.CatalogueSettings",
    actions={"view": _STAFF, "change": [Role.AGENCY_ADMIN]},
)
register(
    "catalogue.ChannelPost",
    actions={"view": _STAFF, "change": [Role.AGENCY_ADMIN, Role.HANDLER]},
)
register(
    "catalogue.Reassessment",
    actions={"view": _STAFF},
)
