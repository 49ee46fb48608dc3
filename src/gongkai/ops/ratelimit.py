"""Fixed-window counters for the public limits, in the cache every web worker shares.

Counters live in ``caches["shared"]`` (``settings.CACHES``): Redis when ``CACHE_URL``
names one (several machines), else, in production, a file cache in the var directory
that all gunicorn workers of the machine read and write; a per-process memory cache
would give each worker its own counter and so multiply every limit by the number of
workers. Requests are told apart by ``ops.security.client_ip`` (the address the
trusted nginx put in X-Forwarded-For, not the proxy's own), so applicants behind the
proxy do not share one counter.

What the public forms count (``settings.GONGKAI``; README "Security"):

- the online application form: *accepted* submissions per address and hour
  (``APPLY_RATE_LIMIT``); forms sent back for corrections are not counted there but
  against a much higher ceiling of refused forms (``APPLY_REFUSED_LIMIT``), so typing
  mistakes never lock anyone out while a robot posting junk still is;
- the status lookup: *wrong* tracking-number/query-code pairs per address and hour
  (``STATUS_FAILURE_LIMIT``); successful lookups and format errors are free.

Counting is not atomic on the file cache (read, add one, write): requests arriving at
the very same moment may be counted once, so a burst can pass the limit by at most the
number of requests served in parallel (the workers). Redis counts exactly.
"""

import time

from django.core.cache import caches

from gongkai.ops.security import client_ip

HOUR = 3600


def _cache():
    return caches["shared"]


def _key(name: str, period: int, now: int) -> str:
    return f"gk-rate:{name}:{period}:{now // period}"


def count(name: str, period: int = HOUR) -> int:
    """Events counted under ``name`` in the current window."""
    return _cache().get(_key(name, period, int(time.time())), 0)


def hit(name: str, period: int = HOUR) -> tuple[int, int]:
    """Count one event: (events in this window including it, seconds until the window ends)."""
    now = int(time.time())
    key = _key(name, period, now)
    cache = _cache()
    cache.add(key, 0, period * 2)
    try:
        total = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period * 2)
        total = 1
    return total, period - now % period


def client_key(request, bucket: str) -> str:
    """The counter name of ``bucket`` for the client who sent ``request``."""
    return f"{bucket}:{client_ip(request) or 'unknown'}"


def reached(request, bucket: str, limit: int, period: int = HOUR) -> bool:
    """Has this client already used up ``limit`` events of ``bucket`` in this window?"""
    return count(client_key(request, bucket), period) >= limit


def record(request, bucket: str, period: int = HOUR) -> int:
    """Count one event of ``bucket`` for this client; returns the count in this window."""
    return hit(client_key(request, bucket), period)[0]
