"""Every annual report a reader can find opens, and the home page leads to the services
(issue 18.4): the catalogue's reports, imported reports, the lists' links, the home page."""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SEED = "/work/shared/seed/000_eb4955ec489c8a4e.txt"


def _opens(client, path: str) -> str:
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    return response.content.decode()


def test_every_annual_report_the_catalogue_lists_opens(demo, client):
    from gongkai.catalogue.selectors import annual_report_entries

    entries = annual_report_entries()
    assert (2024, "mzl-tjj") in {(year, item.agency.slug) for year, item in entries}
    for year, item in entries:
        assert item.title in _opens(client, f"/reports/{item.agency.slug}/{year}/")
    listing = _opens(client, "/reports/mzl-tjj/") + _opens(client, "/reports/")
    assert "满洲里市统计局2024年政府信息公开工作年度报告" in listing
    links = set(re.findall(r'href="(/reports/[^"#]+)"', listing))
    assert "/reports/mzl-tjj/2024/" in links
    for href in links:
        _opens(client, href.replace("&amp;", "&"))
    assert client.get("/reports/mzl-tjj/2012/").status_code == 404  # nothing for that year


def test_an_imported_report_opens_and_is_listed(demo, client):
    call_command("report", "import", SEED, "--agency", "mzl-tjj", "--year", "2023")
    body = _opens(client, "/reports/mzl-tjj/2023/")
    assert "满洲里市统计局2023年政府信息公开工作年度报告" in body
    assert 'href="/reports/mzl-tjj/2023/"' in _opens(client, "/reports/mzl-tjj/")
    assert 'href="/reports/mzl-tjj/2023/"' in _opens(client, "/reports/")
    assert client.get("/reports/mzl-tjj/2023/download.txt").status_code == 200


def test_home_page_links_to_applications_and_reports(demo, client):
    home = _opens(client, "/")
    for path, label in (
        ("/apply/", "依申请公开"),
        ("/apply/status/", "申请办理查询"),
        ("/reports/", "政府信息公开年报"),
    ):
        assert re.search(rf'<a href="{re.escape(path)}"[^>]*>{label}</a>', home), path
        _opens(client, path)
