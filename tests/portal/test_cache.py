"""The anonymous page cache: what is cached, for whom, and invalidation on publish/change."""

import pytest
from django.test import Client

from gongkai.portal import cache as page_cache

pytestmark = pytest.mark.django_db


def get(client, path, **kw):
    response = client.get(path, **kw)
    return response, response.headers.get(page_cache.HEADER)


def test_anonymous_page_is_cached_then_served_from_cache(client, make_page):
    make_page("政府信息公开", "gk")
    first, state1 = get(client, "/gk/")
    second, state2 = get(client, "/gk/")
    assert first.status_code == second.status_code == 200
    assert (state1, state2) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_query_string_and_display_mode_are_part_of_the_key(client, make_page):
    make_page("目录", "ml")
    assert get(client, "/ml/")[1] == "miss"
    assert get(client, "/ml/?page=2")[1] == "miss"
    assert get(client, "/ml/?page=2")[1] == "hit"
    client.cookies["gk_mode"] = "elder"
    assert get(client, "/ml/")[1] == "miss"
    assert get(client, "/ml/")[1] == "hit"


def test_publishing_a_page_invalidates(client, make_page):
    page = make_page("旧标题", "item")
    assert b"\xe6\x97\xa7" in get(client, "/item/")[0].content  # 旧
    assert get(client, "/item/")[1] == "hit"
    page.title = "新标题"
    page.save_revision().publish()
    response, state = get(client, "/item/")
    assert state == "miss"
    assert "新标题" in response.content.decode()


def test_unpublishing_invalidates(client, make_page):
    page = make_page("将撤下", "gone")
    get(client, "/gone/")
    assert get(client, "/gone/")[1] == "hit"
    page.unpublish()
    assert client.get("/gone/").status_code == 404


def test_changing_an_agency_record_invalidates(client, make_page):
    from gongkai.agencies.models import Agency

    make_page("机关", "jg")
    get(client, "/jg/")
    before = page_cache.generation()
    Agency.add_root(name="测试局", slug="ceshi")
    assert page_cache.generation() != before
    assert get(client, "/jg/")[1] == "miss"


def test_generation_is_shared_through_the_stamp_file(settings, tmp_path):
    before = page_cache.generation()
    page_cache.bump()
    after = page_cache.generation()
    assert after != before
    # another process sees the stamp even with its own (empty) cache counter
    stamp = after.split(".")[0]
    assert stamp == str(page_cache.stamp_path().stat().st_mtime_ns)


def test_logged_in_and_dynamic_requests_bypass_the_cache(client, make_page, django_user_model):
    make_page("首页", "sy")
    user = django_user_model.objects.create_user("u1", password="x-x-x-x-1")
    staff = Client()
    staff.force_login(user)
    assert get(staff, "/sy/")[1] is None
    assert get(staff, "/sy/")[1] is None
    # excluded paths (application form, status lookup, admin) are never cached
    for path in ("/apply/status/", "/admin/login/", "/apply/"):
        assert get(client, path)[1] is None


def test_responses_setting_cookies_are_not_cached(rf):
    from django.http import HttpResponse

    calls = []

    def view(request):
        calls.append(1)
        response = HttpResponse("<p>form</p>", content_type="text/html")
        response.set_cookie("csrftoken", "abc")
        return response

    middleware = page_cache.AnonymousPageCacheMiddleware(view)
    for _ in range(2):
        response = middleware(rf.get("/form/"))
        assert page_cache.HEADER not in response
    assert len(calls) == 2


def test_private_and_error_responses_are_not_cached(rf):
    from django.http import HttpResponse, HttpResponseNotFound

    private = HttpResponse("x", content_type="text/html")
    private["Cache-Control"] = "private"
    assert not page_cache.response_is_cacheable(private)
    assert not page_cache.response_is_cacheable(HttpResponseNotFound("x"))
    assert page_cache.response_is_cacheable(HttpResponse("x", content_type="text/html"))


def test_disabled_cache(client, make_page, settings):
    settings.GONGKAI_PORTAL_CACHE = {**settings.GONGKAI_PORTAL_CACHE, "ENABLED": False}
    make_page("关", "off")
    assert get(client, "/off/")[1] is None
