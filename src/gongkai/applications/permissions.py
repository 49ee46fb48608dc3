"""Who may act on applications, letters and inquiries (registered with agencies.permissions).

Handlers reach only the cases routed to their unit (``unit_field="unit"``): work
is routed to units, not people. Identity numbers and phone numbers are shown in
full only to roles that need them (``view_identity``).
"""

from gongkai.agencies.models import Role
from gongkai.agencies.permissions import ALL_STAFF_ROLES, register
from gongkai.applications.actions import registry

R = Role
_ALL = list(ALL_STAFF_ROLES)
_INTAKE = [R.REGISTRAR, R.AGENCY_ADMIN]
_HANDLING = [R.HANDLER, R.AGENCY_ADMIN]

#: Action → roles allowed on an application (the agency admin may do everything in the
#: agency). The case actions' roles come from their declarations (``applications.actions``);
#: the rest are not actions on a case's workflow.
APPLICATION_ACTIONS: dict[str, list[str]] = {
    "view": _ALL,
    "view_identity": _INTAKE,  # full ID and phone numbers
    "register": _INTAKE,
    "edit_letter": [*_HANDLING, R.REGISTRAR],
    "release_file": _HANDLING,
    "import": _INTAKE,
    "export": [*_INTAKE, R.SUPERVISOR],
    **{action.name: sorted(action.roles) for action in registry().values()},
}

register(
    "applications.Application",
    actions=APPLICATION_ACTIONS,
    unit_field="unit",
    # The head of the disclosure office (政府信息公开工作机构负责人) oversees every case of
    # the agency and approves extensions (Art. 33) and Art. 35 delays, whatever the unit.
    office_head_actions=("view", "approve_extension", "set_delay"),
)
register(
    "applications.Letter",
    actions={"view": _ALL, "change": [*_HANDLING, R.REGISTRAR]},
    unit_field="application__unit",
)
register(
    "applications.AgencyApplicationSettings",
    actions={"view": _ALL, "change": [R.AGENCY_ADMIN]},
)
register(
    "applications.Inquiry",
    actions={
        "view": _ALL,
        "log": _INTAKE,
        "route": _INTAKE,
        "answer": [*_INTAKE, R.HANDLER],
    },
    unit_field="unit",
)
