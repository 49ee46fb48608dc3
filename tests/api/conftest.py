"""A small world for the API tests: agencies, a few catalogue pages, reports, clients.

Pages are made live with a queryset update (the review workflow is the catalogue's
business and tested there); the full demo is too slow to load per test.
"""

import datetime

import pytest


@pytest.fixture
def world(db, settings):
    from wagtail.models import Page, PageViewRestriction, Site

    from gongkai.agencies import demo as agencies_demo
    from gongkai.catalogue import models as cm
    from gongkai.catalogue import search as search_index
    from gongkai.demo import DemoContext
    from gongkai.reports.models import AnnualReport
    from gongkai.rules.tables import ReportTables

    settings.GONGKAI_API = {"ANON_RATE_PER_MINUTE": 10_000, "CLIENT_RATE_PER_MINUTE": 10_000}
    ctx = DemoContext(verbosity=0)
    agencies_demo.load(ctx)
    tjj, czj = ctx.agencies["mzl-tjj"], ctx.agencies["mzl-czj"]

    root = Page.get_first_root_node()
    city = cm.CityHomePage(title="满洲里市政府信息公开", slug="gk-home")
    root.add_child(instance=city)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "root_page": city, "port": 80}
    )
    pages = {}
    for agency in (tjj, czj):
        home = cm.AgencyHomePage(title=agency.name, slug=agency.slug, agency=agency)
        city.add_child(instance=home)
        catalogue = cm.CataloguePage(title="政府信息公开目录", slug="catalogue")
        catalogue.categories.add(cm.CatalogueCategory(name="统计数据", sort_order=0))
        home.add_child(instance=catalogue)
        pages[agency.slug] = catalogue

    def item(catalogue, slug, title, *, live=True, day=datetime.date(2024, 3, 1), **fields):
        page = cm.DisclosureItemPage(
            slug=slug,
            title=title,
            live=False,
            summary=f"{title}的内容概述",
            body=f"<p>{title}正文。</p>",
            publication_date=day,
            written_date=day,
            **fields,
        )
        catalogue.add_child(instance=page)
        if live:
            cm.DisclosureItemPage.objects.filter(pk=page.pk).update(live=True)
            page.refresh_from_db()
            search_index.index_page(page)
        return page

    items = {
        "cpi": item(pages["mzl-tjj"], "cpi", "2024年居民消费价格统计公报"),
        "gdp": item(
            pages["mzl-tjj"], "gdp", "2023年国民经济统计公报", day=datetime.date(2023, 5, 4)
        ),
        "draft": item(pages["mzl-tjj"], "draft", "尚未发布的居民消费价格草稿", live=False),
        "budget": item(pages["mzl-czj"], "budget", "2024年财政预算公开"),
        "secret": item(pages["mzl-czj"], "restricted", "仅限内部查看的居民消费价格说明"),
    }
    PageViewRestriction.objects.create(
        page=items["secret"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    tables = ReportTables.zeros("2021", agency=tjj.name, year=2024).to_contract_json()
    tables["applications"]["new"] = [3, 1, 0, 0, 0, 0, 4]
    tables["applications"]["result.open"] = [2, 1, 0, 0, 0, 0, 3]
    tables["applications"]["result.total"] = [2, 1, 0, 0, 0, 0, 3]
    tables["applications"]["carried_out"] = [1, 0, 0, 0, 0, 0, 1]
    published = AnnualReport.objects.create(
        agency=tjj,
        year=2024,
        report_format="2021",
        state=AnnualReport.State.PUBLISHED,
        tables=tables,
        published_at=datetime.datetime(2025, 1, 20, tzinfo=datetime.UTC),
    )
    draft = AnnualReport.objects.create(
        agency=czj, year=2024, report_format="2021", state=AnnualReport.State.DRAFT, tables=tables
    )
    return {
        "ctx": ctx,
        "tjj": tjj,
        "czj": czj,
        "items": items,
        "report": published,
        "draft_report": draft,
    }


@pytest.fixture
def make_client(db):
    from gongkai.api.services import api_client_create

    def make(
        name="12345热线", scopes=("applications:submit", "applications:status"), agency=None, **kw
    ):
        created = api_client_create(name=name, scopes=list(scopes), agency=agency, **kw)
        return created.client, {"HTTP_AUTHORIZATION": f"Bearer {created.token}"}

    return make


#: An application that passes the public form's checks (a valid resident ID number).
VALID_ID = "110101199003074514"


def application_body(agency="mzl-tjj", key="k-1", **over) -> dict:
    body = {
        "agency": agency,
        "idempotency_key": key,
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13800138000",
        "email": "zhangsan@example.com",
        "address": "满洲里市某路1号",
        "postcode": "021400",
        "info_title": "2024年城镇居民人均可支配收入统计表",
        "description": "统计局2024年发布的城镇居民收入数据",
        "provision_form": "electronic",
        "receipt_method": "email",
    }
    body.update(over)
    return body
