"""Fixtures of the portal tests: an isolated page cache and a few plain Wagtail pages."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def page_cache(settings, tmp_path):
    """The anonymous page cache, enabled, with its own stamp file and an empty cache."""
    settings.GONGKAI_PORTAL_CACHE = {"ENABLED": True, "STAMP": str(tmp_path / "stamp")}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_root(db):
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def make_page(site_root):
    """``make_page(title, slug, parent=None, live=True)``: a published plain Wagtail page."""
    from wagtail.models import Page

    def make(title, slug, parent=None, live=True):
        parent = parent or site_root
        page = parent.add_child(instance=Page(title=title, slug=slug, live=False))
        if live:
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make
