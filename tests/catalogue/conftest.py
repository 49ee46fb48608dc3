"""Fixtures of the catalogue tests: the statistics bureau's portal without the full demo."""

import datetime

import pytest


@pytest.fixture
def portal(db):
    """Agencies, users, the city front page and mzl-tjj's 专栏 with its workflow (no items)."""
    from gongkai.agencies import demo as agencies_demo
    from gongkai.catalogue import demo as catalogue_demo
    from gongkai.demo import DemoContext
    from gongkai.workdays import demo as workdays_demo

    ctx = DemoContext(verbosity=0)
    agencies_demo.load(ctx)
    workdays_demo.load(ctx)
    city_home = catalogue_demo._city_home(ctx)
    home, catalogue = catalogue_demo._agency_site(
        ctx, city_home, ctx.agencies["mzl-tjj"], catalogue_demo.TJJ_CATEGORIES
    )
    ctx.home = home
    ctx.catalogue = catalogue
    ctx.city_home = city_home
    ctx.categories = {c.name: c for c in catalogue.categories.all()}
    return ctx


@pytest.fixture
def make_item(portal):
    """Create a draft item in mzl-tjj's catalogue."""
    from gongkai.catalogue.models import DisclosureItemPage

    counter = {"n": 0}

    def make(title="测试信息", *, model=DisclosureItemPage, category="主动公开文件", **fields):
        counter["n"] += 1
        defaults = {
            "title": title,
            "slug": f"item-{counter['n']}",
            "summary": "测试用内容概述。",
            "body": "<p>测试正文。</p>",
            "written_date": datetime.date(2025, 3, 3),
            "live": False,
            "category": portal.categories[category],
        }
        defaults.update(fields)
        page = model(**defaults)
        portal.catalogue.add_child(instance=page)
        page.save_revision(user=portal.users["tjj-handler"])
        return page

    return make


@pytest.fixture
def publish(portal):
    """Publish an item the way the demo does: a passed 保密审查, then the signer publishes."""
    from gongkai.catalogue.review import record_review_without_workflow

    def run(page, *, published_on=None):
        if published_on:
            page.publication_date = published_on
            page.save()
        revision = page.save_revision(user=portal.users["tjj-handler"])
        record_review_without_workflow(page=page, user=portal.users["tjj-secrecy"])
        revision.publish(user=portal.users["tjj-signer"], skip_permission_checks=True)
        page.refresh_from_db()
        return page

    return run


@pytest.fixture
def catalogue_demo(db):
    """The demo data of the apps the catalogue depends on, and the catalogue's own."""
    from gongkai.agencies import demo as agencies_demo
    from gongkai.catalogue import demo as catalogue_demo_module
    from gongkai.demo import DemoContext
    from gongkai.workdays import demo as workdays_demo

    ctx = DemoContext(verbosity=0)
    for module in (agencies_demo, workdays_demo, catalogue_demo_module):
        module.load(ctx)
    return ctx
