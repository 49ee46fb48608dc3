"""Absolute links to this site, for messages read outside it (e-mails, notices, exports).

One setting, ``GONGKAI_PUBLIC_URL`` (environment variable of the same name), is the address
citizens and staff reach the site at, e.g. ``https://gongkai.example.gov.cn``. Every e-mail
that carries a link builds it with :func:`public_url`, never from a hard-coded host or the
request. Unset (the demo, development), links point at ``http://127.0.0.1:$PORT`` (the port
``gongkai demo`` serves on, 8000 by default); ``gongkai check --deploy`` warns when it is
unset with ``DEBUG`` off (``gongkai.W003``), and any ``check`` reports a malformed value
(``gongkai.W004``). See docs/deployment.md.
"""

import os
from urllib.parse import urlsplit

from django.conf import settings


def base_url() -> str:
    """The configured public base URL without a trailing slash, or the local demo address."""
    configured = (getattr(settings, "GONGKAI_PUBLIC_URL", "") or "").strip().rstrip("/")
    if configured:
        return configured
    return f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"


def public_url(path: str = "/") -> str:
    """The absolute address of ``path`` (``/apply/status/``) on the public site; an address
    that is already absolute is returned as it is."""
    if urlsplit(path).scheme in ("http", "https"):
        return path
    return f"{base_url()}/{path.lstrip('/')}"


def public_url_problem(value: str) -> str | None:
    """Why ``value`` cannot be a public base URL, or None (an empty value is not checked)."""
    if not value:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"GONGKAI_PUBLIC_URL 应为 http:// 或 https:// 开头的网址，当前为“{value}”"
    if parts.query or parts.fragment:
        return f"GONGKAI_PUBLIC_URL 不应包含查询参数或锚点：“{value}”"
    return None
