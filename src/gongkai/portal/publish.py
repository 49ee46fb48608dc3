"""Static publishing: render the public portal to files that nginx (or any static host) serves.

``publish_site(out_dir)`` renders every live, public Wagtail page to
``OUT_DIR/<url>/index.html``, the sitemap to ``OUT_DIR/sitemap.xml``, follows links from
those pages into the prefixes in ``GONGKAI_STATIC_PUBLISH_PREFIXES`` (default
``/reports/``: the annual report pages and their downloads), and collects the static
assets into ``OUT_DIR/static``. ``publish_paths(out_dir, paths)`` re-renders a few.

Pages are rendered through the whole Django stack with the test client (the same bytes a
reader gets), as an anonymous reader in standard display mode. Dynamic parts (search, the
application form, the status lookup) are not published: the web server passes what it has
no file for to the application (see docs/commands/portal.md for an nginx example).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_PREFIXES = ["/reports/"]
_HREF = re.compile(rb'(?:href|src)="([^"#?]+)"')


def _host() -> str:
    for host in settings.ALLOWED_HOSTS:
        if host and "*" not in host and not host.startswith("."):
            return host
    return "localhost"


def _client():
    from django.test import Client

    return Client(HTTP_HOST=_host(), raise_request_exception=False)


def target_for(out_dir: Path, url_path: str) -> Path:
    """The file of a URL path: ``/a/b/`` → ``a/b/index.html``; ``/a/b.pdf`` → ``a/b.pdf``."""
    rel = url_path.lstrip("/")
    if rel.endswith("/") or rel == "":
        rel += "index.html"
    target = (out_dir / rel).resolve()
    if not str(target).startswith(str(out_dir.resolve())):
        raise ValueError(f"path escapes the output folder: {url_path}")
    return target


def _write(target: Path, content: bytes) -> bool:
    """Atomically replace ``target``; returns whether the bytes changed."""
    if target.exists() and target.read_bytes() == content:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    return True


def public_page_paths() -> list[str]:
    """URL paths of every live page visible without login or password, in tree order."""
    from wagtail.models import Page, PageViewRestriction

    restricted = [r.page.path for r in PageViewRestriction.objects.select_related("page")]
    paths = []
    for page in Page.objects.live().public().filter(depth__gt=1).order_by("path"):
        if any(page.path.startswith(p) for p in restricted):
            continue
        url = page.get_url()
        if url and url.startswith("/"):
            paths.append(url)
    return paths


def prefixes() -> list[str]:
    return list(getattr(settings, "GONGKAI_STATIC_PUBLISH_PREFIXES", DEFAULT_PREFIXES))


def render(client, path: str):
    response = client.get(path, secure=getattr(settings, "SECURE_SSL_REDIRECT", False))
    if response.status_code != 200 or response.streaming:
        return None
    return response.content


def publish_paths(out_dir: str | os.PathLike, paths: Iterable[str], *, follow: bool = True) -> dict:
    """Render ``paths`` (and, with ``follow``, linked pages under the published prefixes)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    client = _client()
    queue = list(dict.fromkeys(paths))
    seen = set(queue)
    written, unchanged, failed = [], [], []
    follow_prefixes = prefixes()
    while queue:
        path = queue.pop(0)
        content = render(client, path)
        if content is None:
            failed.append(path)
            continue
        (written if _write(target_for(out, path), content) else unchanged).append(path)
        if not follow or not path.endswith("/"):
            continue
        for raw in _HREF.findall(content):
            link = urljoin(path, raw.decode("utf-8", "replace"))
            parts = urlsplit(link)
            if parts.netloc or parts.scheme:
                continue
            if any(parts.path.startswith(p) for p in follow_prefixes) and parts.path not in seen:
                seen.add(parts.path)
                queue.append(parts.path)
    return {"written": written, "unchanged": unchanged, "failed": failed}


def remove_paths(out_dir: str | os.PathLike, paths: Iterable[str]) -> list[str]:
    """Delete the files of pages that are no longer public."""
    out, removed = Path(out_dir), []
    for path in paths:
        target = target_for(out, path)
        if target.exists():
            target.unlink()
            removed.append(path)
    return removed


def collect_static(out_dir: str | os.PathLike) -> int:
    """``collectstatic`` into ``OUT_DIR/static`` with the configured static storage class."""
    from django.contrib.staticfiles.management.commands.collectstatic import Command
    from django.core.files.storage import storages

    params = dict(settings.STORAGES.get("staticfiles", {}))
    params.setdefault("BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
    params["OPTIONS"] = {
        **params.get("OPTIONS", {}),
        "location": str(Path(out_dir) / "static"),
        "base_url": settings.STATIC_URL,
    }
    command = Command()
    command.storage = storages.create_storage(params)
    command.set_options(
        interactive=False,
        verbosity=0,
        link=False,
        clear=False,
        dry_run=False,
        ignore_patterns=[],
        use_default_ignore_patterns=True,
        post_process=True,
    )
    collected = command.collect()
    return len(collected["modified"]) + len(collected["unmodified"])


def publish_site(out_dir: str | os.PathLike, *, static: bool = True, prune: bool = True) -> dict:
    """Render the whole public portal (pages, sitemap, report pages) and its static assets."""
    out = Path(out_dir)
    pages = public_page_paths()
    result = publish_paths(out, [*pages, "/sitemap.xml", *prefixes()])
    # A prefix index (e.g. /reports/) that does not exist is not an error.
    result["failed"] = [p for p in result["failed"] if p not in prefixes()]
    if prune:
        result["removed"] = prune_stale(out, set(result["written"]) | set(result["unchanged"]))
    if static:
        result["static_files"] = collect_static(out)
    return result


def prune_stale(out: Path, keep_paths: set[str]) -> list[str]:
    """Remove page files (``index.html``) no longer published; leaves static/ alone."""
    keep = {target_for(out, p) for p in keep_paths}
    removed = []
    for file in out.rglob("index.html"):
        if file.resolve() in keep or (out / "static") in file.parents:
            continue
        file.unlink()
        removed.append(str(file.relative_to(out)))
    return removed


def affected_paths(page_ids: Iterable[int]) -> list[str]:
    """The pages a change to ``page_ids`` shows on: the pages themselves, their ancestors, the
    sections of their agency (the latest items, 法定主动公开内容, the catalogue) and the sitemap."""
    from wagtail.models import Page

    paths: list[str] = []
    for page in Page.objects.filter(pk__in=list(page_ids)):
        related = list(page.get_ancestors().filter(depth__gt=1).live().public())
        if page.live:
            related.append(page)
        # the agency's home is at depth 3 under the city home: refresh its sections too
        home = next((a for a in related if a.depth == 3), None)
        if home is not None:
            related.extend(home.get_children().live().public())
        for p in related:
            url = p.get_url()
            if url and url.startswith("/"):
                paths.append(url)
    paths.append("/sitemap.xml")
    return list(dict.fromkeys(paths))


def static_dir() -> str | None:
    return getattr(settings, "GONGKAI_STATIC_PUBLISH_DIR", None) or None


def remove_tree(out_dir: str | os.PathLike) -> None:
    shutil.rmtree(out_dir, ignore_errors=True)
