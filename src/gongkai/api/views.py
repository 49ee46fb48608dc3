"""The JSON API (django-ninja), mounted at /api/: OpenAPI at /api/openapi.json, docs at /api/docs.

Public data (catalogue, published annual reports, statistics) may be read without a token
(``GONGKAI_API["PUBLIC_READ"]``, on by default), limited per IP address; a client that
sends a token must hold the read scope and gets its own limit. Submitting an application
and reading its status need a token with the scope (``applications:submit``,
``applications:status``); a client restricted to an agency reaches only that agency's
subtree. Every refusal is a 4xx with a Chinese ``detail``; bad input never gives a 500.
"""

import logging
import uuid

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query, Router, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.responses import codes_4xx
from ninja.security import HttpBearer
from pydantic import Field

from gongkai.agencies.models import Agency
from gongkai.api import schemas as s
from gongkai.api import services as clients
from gongkai.api.models import ApiClient, Scope
from gongkai.audit.services import audit_record
from gongkai.ops.security import client_ip

log = logging.getLogger(__name__)

# Upper bound of integer identifiers and paging in query strings and paths: beyond any
# real value and well inside every database's BIGINT (a larger number is refused, not
# sent to the database where it would overflow).
MAX_ID = 2**53
MAX_PAGE = 100_000


class _Anonymous:
    """``request.auth`` of a request without a token (truthy, so ninja lets it through)."""

    pk = None
    agency = None
    agency_id = None
    name = "anonymous"

    def __bool__(self) -> bool:
        return True


ANONYMOUS = _Anonymous()


class ClientToken(HttpBearer):
    """``Authorization: Bearer gk_...``. With ``optional``, no header means an anonymous reader."""

    def __init__(self, optional: bool = False):
        super().__init__()
        self.optional = optional

    def __call__(self, request):
        header = request.headers.get("Authorization")
        if not header:
            return ANONYMOUS if self.optional else None
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.authenticate(request, token)

    def authenticate(self, request, token):
        return clients.authenticate(token)


class RateLimited(HttpError):
    def __init__(self, retry_after: int):
        super().__init__(429, _("请求过于频繁，请%(n)d秒后再试") % {"n": retry_after})
        self.retry_after = retry_after


api = NinjaAPI(
    title="政府信息公开数据接口",
    version="1.0",
    description=(
        "公开目录、年度报告、统计数据的读取（无需令牌，按 IP 限流；带令牌时须有相应权限范围），"
        "以及依申请公开的提交和状态查询（须令牌及权限范围）。"
        "令牌用 `gongkai api create-client` 创建，以 `Authorization: Bearer <令牌>` 发送。"
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

#: Every error response: {"detail": "中文说明", "errors": [...]} (422: request data invalid).
ERRORS = {codes_4xx: s.ErrorOut, 422: s.ErrorOut}

read_auth = ClientToken(optional=True)
write_auth = ClientToken()


def _need(request, scope: str, *, public: bool) -> ApiClient | _Anonymous:
    """The calling client after scope and rate checks (raises 401/403/429)."""
    client = request.auth
    if isinstance(client, _Anonymous):
        if not (public and clients.conf()["PUBLIC_READ"]):
            raise AuthenticationError(401, _("需要接口令牌"))
        over, wait = clients.over_rate(
            f"ip:{client_ip(request)}", clients.conf()["ANON_RATE_PER_MINUTE"]
        )
    else:
        if not client.has_scope(scope):
            raise HttpError(
                403, _("该接口客户端没有“%(scope)s”权限") % {"scope": Scope(scope).label}
            )
        over, wait = clients.over_rate(f"client:{client.pk}", client.rate_limit)
    if over:
        raise RateLimited(wait)
    return client


# --- errors: Chinese, never a 500 for bad input ----------------------------------------------

_PYDANTIC_MESSAGES = {
    "missing": "缺少此项",
    "string_type": "应为文本",
    "string_too_short": "不能为空",
    "string_too_long": "不能超过%(max_length)s个字符",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "greater_than_equal": "不能小于%(ge)s",
    "greater_than": "应大于%(gt)s",
    "less_than_equal": "不能大于%(le)s",
    "less_than": "应小于%(lt)s",
    "literal_error": "应为以下值之一：%(expected)s",
    "enum": "应为以下值之一：%(expected)s",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "list_type": "应为数组",
    "json_invalid": "请求体不是有效的 JSON",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "uuid_parsing": "格式不正确",
}

_HTTP_MESSAGES = {
    400: "请求有误",
    401: "需要有效的接口令牌",
    403: "没有权限",
    404: "未找到",
    405: "不支持该请求方法",
    429: "请求过于频繁",
}


def _field_name(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "filters")]
    return ".".join(parts) or "body"


def _pydantic_message(error: dict) -> str:
    template = _PYDANTIC_MESSAGES.get(error.get("type", ""))
    if template is None:
        return _("格式不正确")
    ctx = {k: (v if not isinstance(v, str) else v) for k, v in (error.get("ctx") or {}).items()}
    try:
        return _(template) % ctx
    except (KeyError, TypeError, ValueError):
        return _(template.split("%")[0]) or _("格式不正确")


@api.exception_handler(ValidationError)
def _validation_error(request, exc):
    errors = [
        {"field": _field_name(e.get("loc", ())), "message": _pydantic_message(e)}
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": _("请求数据有误"), "errors": errors}, status=422)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    message = str(exc)
    if message.isascii():  # ninja's own English messages
        if message.startswith("Cannot parse request body"):
            message = _("请求体不是有效的 JSON")
        else:
            message = _(_HTTP_MESSAGES.get(exc.status_code, "请求有误"))
    response = api.create_response(request, {"detail": message}, status=exc.status_code)
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    if exc.status_code == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    message = str(exc) if str(exc) and not str(exc).isascii() else _("未找到")
    return api.create_response(request, {"detail": message}, status=404)


# --- agencies -----------------------------------------------------------------------------

meta = Router(tags=["机关"])


def _agency_ref(agency) -> dict | None:
    if agency is None:
        return None
    return {"slug": agency.slug, "name": agency.name}


@meta.get("/agencies", response={200: list[s.AgencyOut], **ERRORS}, auth=read_auth)
def agencies(request):
    """全部机关（标识用于其他接口的 agency 参数）。"""
    _need(request, Scope.CATALOGUE_READ, public=True)
    rows = list(Agency.objects.order_by("path"))
    by_path = {a.path: a.slug for a in rows}
    return [
        {
            "slug": a.slug,
            "name": a.name,
            "short_name": a.short_name,
            "kind": a.kind,
            "parent": by_path.get(a.path[: -Agency.steplen]) if a.depth > 1 else None,
        }
        for a in rows
    ]


# --- catalogue ----------------------------------------------------------------------------

catalogue = Router(tags=["公开目录"])


def _public_items():
    from gongkai.catalogue.models import DisclosureItemPage

    return (
        DisclosureItemPage.objects.live()
        .public()
        .filter(disclosure_attribute="proactive", secrecy_status="non_secret")
        .select_related("agency", "category")
    )


def _item(page) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "url": page.get_url(),
        "index_number": page.index_number,
        "agency": _agency_ref(page.agency),
        "publisher": page.publisher_name,
        "category": page.category.name if page.category_id else None,
        "topic": page.topic,
        "genre": page.genre,
        "genre_label": str(page.get_genre_display()),
        "document_type": page.document_type,
        "document_number": page.document_number,
        "written_date": page.written_date,
        "publication_date": page.published_on,
        "validity": page.validity,
        "effective_date": page.effective_date,
        "invalid_date": page.invalid_date,
        "keywords": page.keywords,
        "summary": page.summary,
        "statutory_item": page.statutory_item,
    }


class ItemFilters(s.Schema):
    q: str = Field("", max_length=100, description="全文检索词（标题、正文、附件）")
    agency: str = Field("", max_length=60, description="机关标识（含下级机关）")
    category: int | None = Field(None, ge=1, le=MAX_ID, description="目录类别编号")
    topic: str = Field("", max_length=80, description="主题分类")
    year: int | None = Field(None, ge=1949, le=2100, description="发布年度")
    validity: str = Field("", max_length=10, description="有效性：valid / expired / repealed")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(20, ge=1, le=100)


@catalogue.get("/catalogue/items", response={200: s.ItemPage, **ERRORS}, auth=read_auth)
def item_list(request, filters: Query[ItemFilters]):
    """已发布的主动公开信息：按机关、类别、主题、年度、有效性筛选，分页；q 为全文检索。"""
    from gongkai.catalogue.models import Validity

    _need(request, Scope.CATALOGUE_READ, public=True)
    agency = None
    if filters.agency:
        agency = Agency.objects.filter(slug=filters.agency).first()
        if agency is None:
            raise Http404(_("没有标识为“%(slug)s”的机关") % {"slug": filters.agency})
    if filters.validity and filters.validity not in Validity.values:
        raise HttpError(400, _("有效性应为 valid、expired 或 repealed"))
    q = filters.q.strip()
    if q:
        return _search(filters, q, agency)
    qs = _public_items()
    if agency is not None:
        qs = qs.filter(agency__path__startswith=agency.path)
    if filters.category:
        qs = qs.filter(category_id=filters.category)
    if filters.topic:
        qs = qs.filter(topic=filters.topic)
    if filters.year:
        qs = qs.filter(publication_date__year=filters.year)
    if filters.validity:
        qs = qs.filter(validity=filters.validity)
    qs = qs.order_by("-publication_date", "-pk")
    start = (filters.page - 1) * filters.page_size
    count = qs.count()
    pages = list(qs[start : start + filters.page_size]) if start < count else []
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "items": [_item(p) for p in pages],
    }


def _search(filters: ItemFilters, q: str, agency) -> dict:
    from gongkai.catalogue import search as search_index
    from gongkai.catalogue.models import SearchEntry

    result = search_index.search(
        search_index.SearchQuery(
            q=q,
            agency_id=agency.pk if agency else None,
            category_id=filters.category,
            topic=filters.topic,
            year=filters.year,
            validity=filters.validity,
            page=filters.page,
            per_page=filters.page_size,
        )
    )
    page_ids = list(SearchEntry.objects.filter(pk__in=result.ids).values_list("pk", "page_id"))
    order = {pk: i for i, pk in enumerate(result.ids)}
    page_ids.sort(key=lambda row: order[row[0]])
    pages = _public_items().in_bulk([page_id for _pk, page_id in page_ids])
    items = [_item(pages[pid]) for _pk, pid in page_ids if pid in pages]
    return {
        "count": result.count,
        "page": filters.page,
        "page_size": filters.page_size,
        "items": items,
    }


@catalogue.get(
    "/catalogue/items/{item_id}",
    response={200: s.ItemDetailOut, **ERRORS},
    auth=read_auth,
)
def item_detail(request, item_id: int = Path(..., ge=1, le=MAX_ID)):
    """一条已发布的主动公开信息：目录信息、正文、附件、发布渠道。"""
    from wagtail.rich_text import expand_db_html

    _need(request, Scope.CATALOGUE_READ, public=True)
    page = _public_items().filter(pk=item_id).first()
    if page is None:
        raise Http404(_("没有该公开信息"))
    out = _item(page)
    out["body"] = expand_db_html(page.body or "")
    out["attachments"] = [
        {"title": a.title or a.document.title, "url": a.document.url}
        for a in page.attachments.select_related("document")
        if a.document_id
    ]
    out["channels"] = [
        {"channel": c.channel, "published_on": c.published_on, "url": c.url}
        for c in page.channels.all()
    ]
    return out


# --- annual reports -------------------------------------------------------------------------

reports = Router(tags=["年度报告"])


def _published_reports():
    from gongkai.reports.models import AnnualReport

    return AnnualReport.objects.filter(state=AnnualReport.State.PUBLISHED).select_related("agency")


class ReportFilters(s.Schema):
    agency: str = Field("", max_length=60, description="机关标识")
    year: int | None = Field(None, ge=2008, le=2100)


@reports.get("/reports", response={200: list[s.ReportOut], **ERRORS}, auth=read_auth)
def report_list(request, filters: Query[ReportFilters]):
    """已公开发布的政府信息公开工作年度报告。"""
    from gongkai.reports.models import default_title

    _need(request, Scope.REPORTS_READ, public=True)
    qs = _published_reports().order_by("-year", "agency__path", "scope")
    if filters.agency:
        qs = qs.filter(agency__slug=filters.agency)
    if filters.year:
        qs = qs.filter(year=filters.year)
    out = []
    for r in qs:
        suffix = "?scope=consolidated" if r.scope == "consolidated" else ""
        out.append(
            {
                "agency": _agency_ref(r.agency),
                "year": r.year,
                "scope": r.scope,
                "format": r.report_format,
                "title": r.title or default_title(r.agency.name, r.year),
                "published_at": r.published_at,
                "url": f"/reports/{r.agency.slug}/{r.year}/{suffix}",
                "json_url": reverse("api:report_detail", args=[r.agency.slug, r.year]) + suffix,
            }
        )
    return out


@reports.get(
    "/reports/{slug}/{year}",
    response={200: s.ReportContract, **ERRORS},
    auth=read_auth,
    url_name="report_detail",
)
def report_detail(
    request,
    slug: str = Path(..., max_length=60),
    year: int = Path(..., ge=2008, le=2100),
    scope: str = Query("agency", max_length=20, description="agency 本机关 / consolidated 汇总"),
):
    """一份已发布年度报告的表格数据，形如 `gongkai report check --json` 的输出。"""
    from gongkai.reports.exports import json as json_export
    from gongkai.reports.exports.layout import document

    _need(request, Scope.REPORTS_READ, public=True)
    if scope not in ("agency", "consolidated"):
        raise HttpError(400, _("scope 应为 agency 或 consolidated"))
    report = _published_reports().filter(agency__slug=slug, year=year, scope=scope).first()
    if report is None:
        raise Http404(_("没有该机关该年度已发布的年度报告"))
    return json_export.data(document(report), report.check_problems)


# --- statistics ---------------------------------------------------------------------------

stats = Router(tags=["统计"])


class StatsFilters(s.Schema):
    year: int = Field(..., ge=2008, le=2100, description="年度")
    agency: str = Field("", max_length=60, description="机关标识；留空为全部机关")


#: Table-三 outcome groups: (label, row key prefix).
OUTCOME_GROUPS = (
    ("予以公开", "result.open"),
    ("部分公开", "result.partial"),
    ("不予公开", "result.refuse"),
    ("无法提供", "result.unable"),
    ("不予处理", "result.no_process"),
    ("其他处理", "result.other"),
)


def _outcomes(apps: dict) -> list[dict]:
    out = []
    for label, prefix in OUTCOME_GROUPS:
        count = sum(
            _total(apps, key) for key in apps if key == prefix or key.startswith(prefix + ".")
        )
        out.append({"label": label, "count": count})
    return out


def _on_time(agency_ids, year) -> dict[int, tuple[int, int]]:
    """(answered in the year with a due date, answered by it) per agency: one GROUP BY."""
    from django.db.models import Count, F, Q

    from gongkai.applications.models import Application

    rows = (
        Application.objects.filter(
            agency_id__in=list(agency_ids), replied_year=year, reply_due__isnull=False
        )
        .values("agency_id")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(replied_on__lte=F("reply_due"))))
        .order_by()
    )
    return {r["agency_id"]: (r["n"], r["on_time"]) for r in rows}


def _total(apps: dict, key: str) -> int:
    row = apps.get(key) or []
    return int(row[6] or 0) if len(row) > 6 and isinstance(row[6], int) else 0


@stats.get("/stats", response={200: s.StatsOut, **ERRORS}, auth=read_auth)
def statistics(request, filters: Query[StatsFilters]):
    """每个机关一年的依申请公开统计：收到、办结、按期答复、办理结果构成。

    年度报告已公开发布的，取自报告；否则按办理记录汇总（只有计数，不含任何个人信息）。
    """
    from gongkai.applications.selectors import report_counts
    from gongkai.reports.models import AnnualReport
    from gongkai.rules.outcomes import format_for_year

    _need(request, Scope.STATS_READ, public=True)
    agencies_qs = Agency.objects.order_by("path")
    if filters.agency:
        agencies_qs = agencies_qs.filter(slug=filters.agency)
        if not agencies_qs.exists():
            raise Http404(_("没有标识为“%(slug)s”的机关") % {"slug": filters.agency})
    agency_list = list(agencies_qs)
    ids = [a.pk for a in agency_list]
    published = {
        r.agency_id: r
        for r in _published_reports().filter(
            agency_id__in=ids, year=filters.year, scope=AnnualReport.Scope.AGENCY
        )
    }
    rates = _on_time(ids, filters.year)
    fmt = format_for_year(filters.year)
    rows = []
    for agency in agency_list:
        report = published.get(agency.pk)
        if report is not None and report.tables.get("applications"):
            apps, source = report.tables["applications"], "published_report"
        else:
            apps, source = report_counts([agency.pk], filters.year, fmt), "records"
        n, on_time = rates.get(agency.pk, (0, 0))
        rows.append(
            {
                "agency": _agency_ref(agency),
                "year": filters.year,
                "source": source,
                "received": _total(apps, "new"),
                "carried_in": _total(apps, "carried_in"),
                "answered": _total(apps, "result.total"),
                "carried_out": _total(apps, "carried_out"),
                "answered_with_due": n,
                "on_time": on_time,
                "on_time_share": round(on_time * 100 / n, 1) if n else None,
                "outcomes": _outcomes(apps),
            }
        )
    return {"year": filters.year, "agencies": rows}


# --- applications -------------------------------------------------------------------------

applications = Router(tags=["依申请公开"])

#: Namespace of the form tokens derived from (client, idempotency key).
IDEMPOTENCY_NAMESPACE = uuid.UUID("6f6b0d3e-2a51-4c1b-9a43-5d7f0e1c2b8a")


def idempotency_token(client: ApiClient, key: str) -> uuid.UUID:
    """The application's form token for a client's idempotency key (keys are per client)."""
    return uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"api:{client.pk}:{key}")


def _in_scope(client: ApiClient, agency) -> bool:
    return client.agency_id is None or agency.path.startswith(client.agency.path)


def _check_text(payload) -> None:
    """Refuse strings that cannot be stored (lone surrogates, NUL) with a clear message."""
    errors = []
    for name, value in payload.dict().items():
        if not isinstance(value, str):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            errors.append({"field": name, "message": _("含有无效字符")})
            continue
        if "\x00" in value:
            errors.append({"field": name, "message": _("含有无效字符")})
    if errors:
        raise _BadInput(_("请求数据有误"), errors)


class _BadInput(HttpError):
    def __init__(self, message: str, errors: list[dict]):
        super().__init__(400, message)
        self.errors = errors


@api.exception_handler(_BadInput)
def _bad_input(request, exc):
    return api.create_response(request, {"detail": str(exc), "errors": exc.errors}, status=400)


def _submit_out(app, code: str | None, created: bool) -> dict:
    return {
        "created": created,
        "tracking_number": app.tracking_number,
        "query_code": code,
        "agency": _agency_ref(app.agency),
        "state": app.state,
        "state_label": str(app.get_state_display()),
        "submitted_on": app.submitted_on,
    }


@applications.post(
    "/applications",
    response={201: s.SubmitOut, 200: s.SubmitOut, **ERRORS},
    auth=write_auth,
)
def submit(request, payload: s.ApplicationIn):
    """提交一件政府信息公开申请（网上渠道，与门户申请表相同的校验）。

    同一客户端以同一 `idempotency_key` 重复提交（例如网络中断后重试）只产生一件申请：
    首次返回 201 和查询码，此后返回 200、原申请编号，不再返回查询码。
    """
    from gongkai.applications import services as app_services
    from gongkai.applications.forms import ApplicationForm
    from gongkai.applications.models import Application, Channel

    client = _need(request, Scope.APPLICATIONS_SUBMIT, public=False)
    _check_text(payload)
    agency = Agency.objects.filter(slug=payload.agency).first()
    if agency is None:
        raise _BadInput(
            _("没有该机关"),
            [
                {
                    "field": "agency",
                    "message": _("没有标识为“%(slug)s”的机关") % {"slug": payload.agency},
                }
            ],
        )
    if not _in_scope(client, agency):
        raise HttpError(
            403,
            _("该接口客户端只能向%(agency)s及其下级机关提交申请") % {"agency": client.agency.name},
        )
    token = idempotency_token(client, payload.idempotency_key)
    existing = Application.objects.select_related("agency").filter(form_token=token).first()
    if existing is not None:
        return _replay(existing, agency)
    data = payload.dict()
    data.pop("agency")
    data.pop("idempotency_key")
    data["form_token"] = str(token)
    form = ApplicationForm(data=data)
    if not form.is_valid():
        errors = [
            {"field": field if field != "__all__" else "body", "message": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ]
        raise _BadInput(_("申请内容有误"), errors)
    try:
        with transaction.atomic():
            reg = app_services.application_register(
                agency=agency,
                data=form.cleaned_data,
                channel=Channel.ONLINE,
                form_token=token,
            )
            if reg.created:
                audit_record(
                    action="workflow",
                    verb="api.application.submit",
                    obj=reg.application,
                    changes={"api_client": client.name, "idempotency_key": payload.idempotency_key},
                    message=_("接口客户端“%(name)s”提交") % {"name": client.name},
                )
    except app_services.ApplicationError as error:
        raise HttpError(400, error.message) from None
    if not reg.created:
        return _replay(reg.application, agency)
    return Status(201, _submit_out(reg.application, reg.query_code, True))


def _replay(app, agency):
    if app.agency_id != agency.pk:
        raise HttpError(409, _("该幂等键已用于向其他机关提交的申请"))
    return Status(200, _submit_out(app, None, False))


def _mask_name(app) -> str:
    if not app.is_person:
        return app.applicant_name
    name = app.applicant_name or ""
    return name[:1] + "*" * max(len(name) - 1, 0)


@applications.post(
    "/applications/status",
    response={200: s.StatusOut, **ERRORS},
    auth=write_auth,
)
def status(request, payload: s.StatusIn):
    """按申请编号和查询码查询办理状态（个人信息已脱敏）。"""
    from gongkai.applications.models import PUBLIC_EVENT_KINDS, Letter
    from gongkai.applications.selectors import find_for_applicant
    from gongkai.applications.views_public import PUBLIC_STAGE

    client = _need(request, Scope.APPLICATIONS_STATUS, public=False)
    _check_text(payload)
    app = find_for_applicant(payload.tracking_number, payload.query_code)
    if app is None or not _in_scope(client, app.agency):
        raise Http404(_("申请编号或查询码不正确"))
    events = [e for e in app.events.order_by("at", "id") if e.kind in PUBLIC_EVENT_KINDS]
    letters = app.letters.filter(status=Letter.Status.ISSUED, to_applicant=True)
    return {
        "tracking_number": app.tracking_number,
        "agency": _agency_ref(app.agency),
        "state": app.state,
        "state_label": str(app.get_state_display()),
        "stage": str(PUBLIC_STAGE.get(app.state, "")),
        "submitted_on": app.submitted_on,
        "received_on": app.received_on,
        "reply_due": app.reply_due,
        "replied_on": app.replied_on,
        "outcome": app.outcome,
        "outcome_label": str(app.get_outcome_display()) if app.outcome else "",
        "applicant": {
            "name": _mask_name(app),
            "id_number": app.masked_id_number,
            "phone": app.masked_phone,
        },
        "events": [
            {"kind": e.kind, "label": str(e.get_kind_display()), "on": e.on} for e in events
        ],
        "letters": [
            {"title": letter.title, "number": letter.number, "issued_on": letter.issued_on}
            for letter in letters
        ],
    }


api.add_router("", meta)
api.add_router("", catalogue)
api.add_router("", reports)
api.add_router("", stats)
api.add_router("", applications)

from gongkai.api.staff import staff  # noqa: E402  (imports the applications app's services)

api.add_router("/staff", staff)

__all__ = ["api", "idempotency_token"]
