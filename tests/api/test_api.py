"""The JSON API: public reads, tokens and scopes, agency scope, masking, idempotent
submission, audit, rate limits, and Chinese 4xx messages for bad input."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.api.conftest import VALID_ID, application_body

pytestmark = pytest.mark.django_db


def post(client, path, body, **headers):
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers)


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- schema and docs ----------------------------------------------------------------------


def test_openapi_and_docs_are_served(client, db):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/catalogue/items",
        "/api/catalogue/items/{item_id}",
        "/api/reports",
        "/api/reports/{slug}/{year}",
        "/api/stats",
        "/api/applications",
        "/api/applications/status",
    ):
        assert path in paths, path
    assert "BearerAuth" in json.dumps(schema["components"]) or "ClientToken" in json.dumps(
        schema["components"]
    )
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


# --- catalogue ----------------------------------------------------------------------------


def test_catalogue_lists_only_public_live_proactive_items(client, world):
    data = client.get("/api/catalogue/items").json()
    titles = {i["title"] for i in data["items"]}
    assert titles == {"2024年居民消费价格统计公报", "2023年国民经济统计公报", "2024年财政预算公开"}
    assert data["count"] == 3
    item = next(i for i in data["items"] if i["title"].startswith("2024年居民"))
    assert item["agency"] == {"slug": "mzl-tjj", "name": world["tjj"].name}
    assert item["index_number"] and item["publication_date"] == "2024-03-01"
    assert "disclosure_attribute" not in item and "attribute_reason" not in item


def test_catalogue_filters_and_paging(client, world):
    assert client.get("/api/catalogue/items?agency=mzl-tjj").json()["count"] == 2
    assert client.get("/api/catalogue/items?agency=mzl").json()["count"] == 3  # subtree
    assert client.get("/api/catalogue/items?year=2023").json()["count"] == 1
    page2 = client.get("/api/catalogue/items?page_size=2&page=2").json()
    assert page2["count"] == 3 and len(page2["items"]) == 1
    assert client.get("/api/catalogue/items?page=500").json()["items"] == []


def test_catalogue_search_never_returns_restricted_or_draft_items(client, world):
    data = client.get("/api/catalogue/items", {"q": "居民消费价格"}).json()
    titles = [i["title"] for i in data["items"]]
    assert titles == ["2024年居民消费价格统计公报"]


def test_item_detail_and_hidden_items_are_404(client, world):
    items = world["items"]
    data = client.get(f"/api/catalogue/items/{items['cpi'].pk}").json()
    assert "统计公报正文" in data["body"] and data["attachments"] == []
    for hidden in ("draft", "secret"):
        r = client.get(f"/api/catalogue/items/{items[hidden].pk}")
        assert r.status_code == 404 and _chinese(r.json()["detail"])
    assert client.get("/api/catalogue/items/99999999").status_code == 404


# --- reports and statistics ---------------------------------------------------------------


def test_reports_list_only_published_and_detail_is_the_contract_shape(client, world):
    listing = client.get("/api/reports").json()
    assert [(r["agency"]["slug"], r["year"]) for r in listing] == [("mzl-tjj", 2024)]
    assert listing[0]["url"] == "/reports/mzl-tjj/2024/"
    data = client.get(listing[0]["json_url"]).json()
    assert data["year"] == 2024 and data["format"] == "2021"
    assert data["applications"]["new"] == [3, 1, 0, 0, 0, 0, 4]
    assert len(data["review_litigation"]) == 15 and isinstance(data["problems"], list)
    assert client.get("/api/reports/mzl-czj/2024").status_code == 404  # a draft
    r = client.get("/api/reports/mzl-tjj/2024?scope=other")
    assert r.status_code == 400 and _chinese(r.json()["detail"])


def test_statistics_from_the_published_report_or_from_records(client, world):
    data = client.get("/api/stats?year=2024").json()
    rows = {r["agency"]["slug"]: r for r in data["agencies"]}
    tjj = rows["mzl-tjj"]
    assert tjj["source"] == "published_report"
    assert (tjj["received"], tjj["answered"], tjj["carried_out"]) == (4, 3, 1)
    assert {o["label"]: o["count"] for o in tjj["outcomes"]}["予以公开"] == 3
    assert rows["mzl-czj"]["source"] == "records"  # its report is a draft: not used
    assert rows["mzl-czj"]["received"] == 0


# --- tokens and scopes --------------------------------------------------------------------


def test_writes_need_a_token(client, world):
    r = post(client, "/api/applications", application_body())
    assert r.status_code == 401 and _chinese(r.json()["detail"])
    r = post(client, "/api/applications", application_body(), HTTP_AUTHORIZATION="Bearer gk_x_y")
    assert r.status_code == 401


def test_scopes_are_enforced(client, world, make_client):
    _c, reader = make_client("只读", scopes=["catalogue:read"])
    r = post(client, "/api/applications", application_body(), **reader)
    assert r.status_code == 403 and "提交" in r.json()["detail"]
    r = post(
        client, "/api/applications/status", {"tracking_number": "x", "query_code": "y"}, **reader
    )
    assert r.status_code == 403
    # A token on a read must carry the read scope ...
    _c, submitter = make_client("提交", scopes=["applications:submit"])
    assert client.get("/api/reports", **submitter).status_code == 403
    # ... and one that does is fine.
    assert client.get("/api/catalogue/items", **reader).status_code == 200


def test_revoked_token_is_refused(client, world, make_client):
    from gongkai.api.services import api_client_revoke

    api_client, headers = make_client()
    assert post(client, "/api/applications", application_body(), **headers).status_code == 201
    api_client_revoke(client=api_client)
    assert (
        post(client, "/api/applications", application_body(key="k2"), **headers).status_code == 401
    )


def test_submit_then_status_with_masking_and_audit(client, world, make_client):
    from gongkai.applications.models import Application
    from gongkai.audit.models import AuditEntry

    _c, headers = make_client()
    r = post(client, "/api/applications", application_body(), **headers)
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["created"] and out["tracking_number"] and len(out["query_code"]) == 8
    app = Application.objects.get(tracking_number=out["tracking_number"])
    assert app.channel == "online" and app.id_number == VALID_ID
    audit = AuditEntry.objects.filter(verb="api.application.submit", object_id=str(app.pk))
    assert audit.count() == 1 and audit[0].changes["api_client"] == "12345热线"

    s = post(
        client,
        "/api/applications/status",
        {"tracking_number": out["tracking_number"], "query_code": out["query_code"].lower()},
        **headers,
    )
    assert s.status_code == 200, s.content
    body = s.content.decode()
    assert VALID_ID not in body and "13800138000" not in body and "张三" not in body
    status = s.json()
    assert status["applicant"]["id_number"] == "1101**********4514"
    assert status["applicant"]["name"] == "张*"
    assert status["events"][0]["kind"] == "registered"
    wrong = post(
        client,
        "/api/applications/status",
        {"tracking_number": out["tracking_number"], "query_code": "WRONG123"},
        **headers,
    )
    assert wrong.status_code == 404 and wrong.json()["detail"] == "申请编号或查询码不正确"


def test_same_idempotency_key_gives_one_application(client, world, make_client):
    from gongkai.applications.models import Application

    _c, headers = make_client()
    first = post(client, "/api/applications", application_body(key="abc"), **headers)
    again = post(client, "/api/applications", application_body(key="abc"), **headers)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["tracking_number"] == first.json()["tracking_number"]
    assert again.json()["query_code"] is None and again.json()["created"] is False
    assert Application.objects.count() == 1
    # The same key for another agency is a conflict, not someone else's case.
    other = post(
        client, "/api/applications", application_body(agency="mzl-czj", key="abc"), **headers
    )
    assert other.status_code == 409 and _chinese(other.json()["detail"])
    # Keys are per client: another client's "abc" is a new application.
    _c2, headers2 = make_client("省平台")
    assert (
        post(client, "/api/applications", application_body(key="abc"), **headers2).status_code
        == 201
    )
    assert Application.objects.count() == 2


def test_agency_scope_is_enforced(client, world, make_client):
    _c, tjj_client = make_client("统计局接口", agency=world["tjj"])
    r = post(client, "/api/applications", application_body(agency="mzl-czj"), **tjj_client)
    assert r.status_code == 403 and world["tjj"].name in r.json()["detail"]
    ok = post(client, "/api/applications", application_body(agency="mzl-tjj"), **tjj_client)
    assert ok.status_code == 201
    # A czj case is invisible to the tjj client even with the right code.
    _c, city = make_client("全市接口")
    czj = post(
        client, "/api/applications", application_body(agency="mzl-czj", key="c"), **city
    ).json()
    look = {"tracking_number": czj["tracking_number"], "query_code": czj["query_code"]}
    assert post(client, "/api/applications/status", look, **tjj_client).status_code == 404
    assert post(client, "/api/applications/status", look, **city).status_code == 200
    # A client scoped to the city government reaches its departments.
    _c, mzl = make_client("市政府接口", agency=world["ctx"].agencies["mzl"])
    assert post(client, "/api/applications/status", look, **mzl).status_code == 200


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"id_number": "110101199003074515"}, "id_number", "校验"),
        (
            {"applicant_type": "commercial", "credit_code": "911101087177608558"},
            "credit_code",
            "校验",
        ),
        (
            {"applicant_type": "commercial", "credit_code": "91350100M000100Y43"},
            "contact_person",
            "联系人",
        ),
        ({"doc_number": "", "description": ""}, "description", "第二十九条"),
        ({"receipt_method": "email", "email": ""}, "email", "电子邮箱"),
        ({"postcode": "12"}, "postcode", "邮政编码"),
        ({"agency": "nowhere"}, "agency", "机关"),
    ],
)
def test_bad_applications_are_refused_in_chinese(
    client, world, make_client, change, field, message
):
    _c, headers = make_client()
    r = post(client, "/api/applications", application_body(**change), **headers)
    assert r.status_code == 400, r.content
    errors = r.json()["errors"]
    assert any(e["field"] == field and message in e["message"] for e in errors), errors


def test_organisation_with_valid_credit_code_is_accepted(client, world, make_client):
    _c, headers = make_client()
    body = application_body(
        applicant_type="commercial",
        applicant_name="某某有限公司",
        credit_code="91350100M000100Y43",
        contact_person="李四",
        id_type="",
        id_number="",
    )
    r = post(client, "/api/applications", body, **headers)
    assert r.status_code == 201, r.content


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[1, 2]",
        b'{"agency": 5}',
        b"{}",
        b'{"agency": "mzl-tjj", "applicant_name": "\\ud800"}',
        json.dumps(application_body(applicant_name="\ud800")).encode("utf-8", "surrogatepass"),
        json.dumps(application_body(info_title="a\x00b")).encode(),
        json.dumps(application_body(applicant_type="robot")).encode(),
        json.dumps(application_body(info_title="长" * 301)).encode(),
    ],
)
def test_malformed_bodies_give_4xx_with_chinese_detail(client, world, make_client, raw):
    _c, headers = make_client()
    r = client.post("/api/applications", data=raw, content_type="application/json", **headers)
    assert 400 <= r.status_code < 500, r.content
    assert _chinese(r.json()["detail"])
    for error in r.json().get("errors", []):
        assert _chinese(error["message"]), error


@pytest.mark.parametrize(
    "path",
    [
        "/api/catalogue/items?page=0",
        "/api/catalogue/items?page=abc",
        "/api/catalogue/items?year=99999999999999999999",
        "/api/catalogue/items?category=-1",
        "/api/catalogue/items?validity=nope",
        "/api/catalogue/items?agency=nope",
        "/api/catalogue/items/0",
        "/api/catalogue/items/99999999999999999999999",
        "/api/reports/mzl-tjj/99999999999",
        "/api/stats",
        "/api/stats?year=abc",
    ],
)
def test_bad_query_parameters_give_4xx_in_chinese(client, world, path):
    r = client.get(path)
    assert 400 <= r.status_code < 500, (path, r.status_code, r.content)
    assert _chinese(r.json()["detail"])


def test_rate_limit_per_client(client, world, make_client, settings):
    _c, headers = make_client("限流", scopes=["catalogue:read"], rate_limit=3)
    codes = [client.get("/api/agencies", **headers).status_code for _i in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    r = client.get("/api/agencies", **headers)
    assert int(r["Retry-After"]) >= 1 and _chinese(r.json()["detail"])
    # Another client (and anonymous readers) are not affected.
    assert client.get("/api/agencies").status_code == 200


def test_anonymous_reads_can_be_switched_off(client, world, settings):
    settings.GONGKAI_API = {"PUBLIC_READ": False}
    r = client.get("/api/catalogue/items")
    assert r.status_code == 401 and _chinese(r.json()["detail"])


# --- the command --------------------------------------------------------------------------


def test_command_creates_lists_and_revokes(world, capsys, client):
    call_command(
        "api",
        "create-client",
        "省平台",
        "--scopes",
        "applications:submit,stats:read",
        "--agency",
        "mzl-tjj",
    )
    out = capsys.readouterr().out
    token = out.strip().splitlines()[-1]
    assert token.startswith("gk_") and "mzl" not in token
    from gongkai.api.models import ApiClient

    stored = ApiClient.objects.get(name="省平台")
    assert token not in json.dumps(stored.audit_snapshot()) and stored.token_hash != token
    assert (
        stored.scopes == ["applications:submit", "stats:read"] and stored.agency.slug == "mzl-tjj"
    )
    assert (
        client.get("/api/stats?year=2024", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    )
    call_command("api", "list", "--json")
    assert json.loads(capsys.readouterr().out)[0]["name"] == "省平台"
    call_command("api", "revoke", "省平台")
    assert (
        client.get("/api/stats?year=2024", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["x", "--scopes", "everything"], "未知的权限范围"),
        (["x", "--scopes", "stats:read", "--agency", "nope"], "没有标识"),
        (["x", "--scopes", "stats:read", "--rate", "0"], "--rate"),
    ],
)
def test_command_rejects_bad_input(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("api", "create-client", *args)
