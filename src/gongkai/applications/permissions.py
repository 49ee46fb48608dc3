"""Who may act on applications, letters and inquiries (registered with agencies.permissions).

Handlers reach only the cases routed to their unit (``unit_field="unit"``): work
is routed to units, not people. Identity numbers and phone numbers are shown in
full only to roles that need them (``view_identity``).
"""

from gongkai.agencies.models import Role
from gongkai.agencies.permissions import ALL_STAFF_ROLES, register

R = Role
_ALL = list(ALL_STAFF_ROLES)
_INTAKE = [R.REGISTRAR, R.AGENCY_ADMIN]
_HANDLING = [R.HANDLER, R.AGENCY_ADMIN]

#: Action → roles allowed on an application (the agency admin may do everything in the agency).
APPLICATION_ACTIONS: dict[str, list[str]] = {
    "view": _ALL,
    "view_identity": _INTAKE,  # full ID and phone numbers
    "register": _INTAKE,
    "confirm_receipt": _INTAKE,
    "accept": _INTAKE,
    "route": _INTAKE,
    "request_correction": [*_INTAKE, R.HANDLER],
    "record_correction": [*_INTAKE, R.HANDLER],
    "lapse_correction": [*_INTAKE, R.HANDLER],
    "claim": _HANDLING,
    "return": _HANDLING,
    "open_consultation": _HANDLING,
    "close_consultation": _HANDLING,
    "request_extension": _HANDLING,
    # Art. 33: approved by the head of the disclosure office (签发人 or the agency admin).
    "approve_extension": [R.SIGNER, R.AGENCY_ADMIN],
    "fee_notice": _HANDLING,
    "fee_paid": [*_HANDLING, R.REGISTRAR],
    "fee_lapse": [*_HANDLING, R.REGISTRAR],
    "draft_reply": _HANDLING,
    "edit_letter": [*_HANDLING, R.REGISTRAR],
    "review": [R.REVIEWER, R.AGENCY_ADMIN],
    "sign_off": [R.SIGNER, R.AGENCY_ADMIN],
    "deliver": [*_INTAKE, R.HANDLER],
    "close": [*_INTAKE, R.HANDLER],
    "withdraw": [*_INTAKE, R.HANDLER],
    "reopen": [R.SUPERVISOR, R.AGENCY_ADMIN],
    "release_file": _HANDLING,
    "import": _INTAKE,
    "export": [*_INTAKE, R.SUPERVISOR],
}

register("applications.Application", actions=APPLICATION_ACTIONS, unit_field="unit")
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
