"""Whole-page cache of anonymous portal pages, invalidated by a generation counter.

Every cache key contains the current *generation*; anything the portal shows that is
published or changed bumps it (``signals.py``), so every cached page is stale at once
and is rendered afresh on its next request. Simple and correct: no dependency tracking.

The generation is shared by all worker processes of one host through the modification
time of a stamp file (``GONGKAI_PORTAL_CACHE["STAMP"]``, default ``VAR_DIR/portal-cache.stamp``;
one ``stat`` per request) and across hosts through a counter in the cache itself (used
when the cache is shared, e.g. Redis).

A request is served from (and stored into) the cache when it is a GET, the reader has no
session (not logged in) and no pending flash messages, and its path is not dynamic
(``EXCLUDE``: the admin, the application form, the status lookup …). The reader's display
mode (长辈模式 cookie) and the query string are part of the key, so a search result page is
cached per query (popular queries are answered from the cache until the next publication). A response is stored
only when it is a 200 HTML/XML page that sets no cookie (so no CSRF token is baked in) and
is not marked private or no-store.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse

from gongkai.portal.context_processors import MODE_COOKIE

DEFAULTS = {
    "ENABLED": True,
    "ALIAS": "default",
    "TIMEOUT": 600,  # a backstop: invalidation is by generation
    "EXCLUDE": [
        "/admin/",
        "/django-admin/",
        "/apply/",
        "/documents/",
        "/mode/",
        "/healthz",
        "/ops/",
        "/accounts/",
    ],
    "MAX_QUERY": 200,
    "STAMP": None,
}
GEN_KEY = "gk:portal:gen"
HEADER = "X-Portal-Cache"
_CACHEABLE_TYPES = ("text/html", "application/xml", "text/xml")


_conf: dict | None = None


def conf() -> dict:
    """The settings, merged once per process (reset when a test changes them)."""
    global _conf
    if _conf is None:
        merged = {**DEFAULTS, **getattr(settings, "GONGKAI_PORTAL_CACHE", {})}
        merged["EXCLUDE"] = tuple(merged["EXCLUDE"])
        merged["STAMP"] = str(merged["STAMP"] or Path(settings.VAR_DIR) / "portal-cache.stamp")
        _conf = merged
    return _conf


@receiver(setting_changed)
def _reset(setting, **kwargs):
    global _conf
    if setting in {"GONGKAI_PORTAL_CACHE", "VAR_DIR", "CACHES"}:
        _conf = None


def _cache():
    return caches[conf()["ALIAS"]]


def stamp_path() -> Path:
    return Path(conf()["STAMP"])


def generation() -> str:
    """The current generation: the stamp file's mtime (host-wide) and the cache counter."""
    c = conf()
    try:
        stamp = os.stat(c["STAMP"]).st_mtime_ns
    except FileNotFoundError:
        stamp = 0
    return f"{stamp}.{caches[c['ALIAS']].get(GEN_KEY, 0)}"


def bump() -> None:
    """Invalidate every cached page (all processes, all hosts sharing the cache)."""
    path = stamp_path()
    try:
        before = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        before = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    # Make the new stamp strictly later even on coarse clocks or a double bump.
    now = max(time.time_ns(), before + 1000)
    os.utime(path, ns=(now, now))
    cache = _cache()
    try:
        cache.incr(GEN_KEY)
    except ValueError:
        cache.add(GEN_KEY, 1, None)


def request_is_cacheable(request) -> bool:
    c = conf()
    if not c["ENABLED"] or request.method != "GET":
        return False
    if request.path.startswith(c["EXCLUDE"]):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return len(request.META.get("QUERY_STRING", "")) <= c["MAX_QUERY"]


def cache_key(request, gen: str | None = None) -> str:
    mode = "elder" if request.COOKIES.get(MODE_COOKIE) == "elder" else "standard"
    raw = "|".join(
        [
            gen if gen is not None else generation(),
            request.scheme,
            request.get_host(),
            request.path,
            "&".join(sorted(request.META.get("QUERY_STRING", "").split("&"))),
            mode,
        ]
    )
    return "gk:page:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


def response_is_cacheable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith(_CACHEABLE_TYPES):
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control and "no-cache" not in control


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache; store what is safe to share."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_cacheable(request):
            return self.get_response(request)
        try:
            key = cache_key(request)
        except Exception:  # noqa: BLE001 - a bad Host header: let Django answer it
            return self.get_response(request)
        cache = _cache()
        hit = cache.get(key)
        if hit is not None:
            status, headers, content = hit
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if response_is_cacheable(response):
            headers = [(k, v) for k, v in response.items() if k.lower() != "content-length"]
            cache.set(key, (response.status_code, headers, response.content), conf()["TIMEOUT"])
            response[HEADER] = "miss"
        return response
