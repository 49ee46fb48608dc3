"""The staff API (``/api/staff/``): the case worklist and the case actions, for a logged-in
member of staff (the console's session, CSRF-protected; two-factor rules as the console).

Every action goes through its declaration (``applications.actions``) exactly as the case
page does: the same form validates the body (a JSON object of the form's fields), the same
permission and state checks, the same service. Lists and counts come from
``applications.selectors`` with the live clock state.
"""

import datetime
import json

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth
from pydantic import ConfigDict, Field

from gongkai.agencies.permissions import visible
from gongkai.api.schemas import ErrorOut
from gongkai.applications import actions as case_actions
from gongkai.applications import services as sv
from gongkai.applications.models import Application
from gongkai.applications.selectors import (
    LIVE_STATES,
    RISK_FILTERS,
    application_list_visible_to,
    with_live_clock,
)

MAX_ID = 2**53
staff = Router(tags=["工作人员：依申请公开"], auth=django_auth)
_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ActionRef(Schema):
    name: str
    label: str
    fields: list[str] = Field(description="表单字段（请求体中的名称）")


class WindowOut(Schema):
    kind: str
    label: str
    closes: datetime.date
    status: str = Field(description="open：进行中；expired：已届满未处理")
    article: str


class CaseOut(Schema):
    id: int
    tracking_number: str
    agency: str
    unit: str | None
    applicant_name: str
    info_title: str
    state: str
    state_label: str
    live_clock: str = Field(description="计时状态（按当日计算）：" + "、".join(LIVE_STATES))
    live_clock_label: str
    received_on: datetime.date | None
    reply_due: datetime.date | None
    provisional: bool = Field(description="期限涉及尚未公布节假日安排的年份，为暂定")
    version: int
    actions: list[ActionRef] = Field(description="当前用户可办理的操作")


class CaseDetailOut(CaseOut):
    windows: list[WindowOut]
    pause_until: datetime.date | None
    delayed: bool


class CaseListOut(Schema):
    count: int
    page: int
    items: list[CaseOut]


class ActionIn(Schema):
    """The action form's fields by name (``version`` always; the rest per action: see the
    case's ``actions[].fields``)."""

    model_config = ConfigDict(extra="allow")

    version: int | None = Field(None, description="办理时看到的案件版本（并发校验）")


class CaseFilters(Schema):
    state: str | None = Field(None, description="mine（待我办理）、open（未办结）或状态代码")
    risk: str | None = Field(None, description="时限：" + "、".join(RISK_FILTERS))
    q: str | None = Field(None, max_length=100, description="申请编号或申请人")
    page: int = Field(1, ge=1, le=100_000)


def _refs(app: Application, user) -> list[dict]:
    return [
        {
            "name": action.name,
            "label": str(action.label),
            "fields": [
                name for name in action.make_form(app, prefix="").fields if name not in ("version",)
            ],
        }
        for action in case_actions.available(app, user)
    ]


def _case(app: Application, user) -> dict:
    return {
        "id": app.pk,
        "tracking_number": app.tracking_number,
        "agency": app.agency.display_short_name,
        "unit": app.unit.name if app.unit_id else None,
        "applicant_name": app.applicant_name,
        "info_title": app.info_title,
        "state": app.state,
        "state_label": str(app.get_state_display()),
        "live_clock": app.live_clock,
        "live_clock_label": str(LIVE_STATES[app.live_clock]),
        "received_on": app.received_on,
        "reply_due": app.reply_due,
        "provisional": app.provisional,
        "version": app.version,
        "actions": _refs(app, user),
    }


def _detail(app: Application, user) -> dict:
    clock = sv.clock_now(app)
    return {
        **_case(app, user),
        "windows": [
            {
                "kind": w.kind,
                "label": w.label,
                "closes": w.closes,
                "status": w.status,
                "article": w.article,
            }
            for w in clock.windows
        ],
        "pause_until": clock.pause_until,
        "delayed": clock.delayed,
    }


def _get(user, pk: int) -> Application:
    app = with_live_clock(visible(user, Application).select_related("agency", "unit")).filter(pk=pk)
    found = app.first()
    if found is None:
        raise Http404(_("未找到该申请"))
    return found


@staff.get("/applications", response={200: CaseListOut, **_ERRORS})
def case_list(request, filters: Query[CaseFilters]):
    """本人可见的申请（与工作台相同的筛选与计时状态），每页50件。"""
    wanted = {k: v for k, v in filters.dict().items() if v not in (None, "") and k != "page"}
    if wanted.get("risk") and wanted["risk"] not in RISK_FILTERS:
        raise HttpError(400, _("未知的时限筛选：%(risk)s") % {"risk": wanted["risk"]})
    qs = application_list_visible_to(user=request.user, filters=wanted).order_by(
        "reply_due", "-created_at"
    )
    start = (filters.page - 1) * 50
    items = list(qs[start : start + 50])
    return {
        "count": qs.count(),
        "page": filters.page,
        "items": [_case(app, request.user) for app in items],
    }


@staff.get("/applications/{case_id}", response={200: CaseDetailOut, **_ERRORS})
def case_detail(request, case_id: int = Path(..., ge=1, le=MAX_ID)):
    """一件申请：计时状态、进行中的期限和当前用户可办理的操作。"""
    return _detail(_get(request.user, case_id), request.user)


@staff.post("/applications/{case_id}/actions/{action}", response={200: CaseDetailOut, **_ERRORS})
def case_act(
    request,
    payload: ActionIn,
    case_id: int = Path(..., ge=1, le=MAX_ID),
    action: str = Path(..., max_length=40),
):
    """办理一项操作：请求体为该操作表单的字段（JSON 对象，须含 version）。与办理页面相同的
    权限、状态和法定条件校验。"""
    app = _get(request.user, case_id)
    try:
        declared = case_actions.get(action)
    except case_actions.UnknownAction:
        raise Http404(_("未知的操作")) from None
    refused = declared.refused(app, request.user)
    if refused:
        raise HttpError(403, refused)
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        return 422, {"detail": _("请求体应为 JSON 对象"), "errors": []}
    form = declared.make_form(app, {k: _field_value(v) for k, v in body.items()}, prefix="")
    if not form.is_valid():
        errors = [
            {"field": field or "body", "message": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ]
        return 422, {"detail": _("请求数据有误"), "errors": errors}
    try:
        declared.execute(app, request.user, form)
    except sv.ConcurrentModification as error:
        return 409, {"detail": error.message, "errors": []}
    except sv.ApplicationError as error:
        return 400, {"detail": error.message, "errors": []}
    return _detail(_get(request.user, case_id), request.user)


def _field_value(value):
    """A JSON value as a form field reads it (booleans as the forms' "1"/"0" choices)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)
