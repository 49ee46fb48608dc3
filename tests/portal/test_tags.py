"""Template tags: ymd dates and the agency navigation (robust to missing pages)."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template

from gongkai.portal.templatetags.portal_tags import ymd


def test_ymd_formats_dates_and_local_datetimes():
    assert ymd(datetime.date(2025, 3, 1)) == "2025-03-01"
    utc = datetime.datetime(2025, 2, 28, 17, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert ymd(utc) == "2025-03-01"  # Asia/Shanghai is UTC+8
    assert ymd(datetime.datetime(2025, 1, 2, 3, 4)) == "2025-01-02"
    assert ymd(None) == "" and ymd("") == ""


def test_ymd_in_a_template():
    out = Template("{% load portal_tags %}{{ d|ymd }}").render(
        Context({"d": datetime.date(2026, 11, 26)})
    )
    assert out == "2026-11-26"


@pytest.mark.django_db
def test_agency_nav_without_any_pages_renders_nothing():
    from gongkai.agencies.models import Agency

    agency = Agency.add_root(name="测试局", slug="test-ju")
    out = Template("{% load portal_tags %}{% agency_nav agency %}").render(
        Context({"agency": agency})
    )
    assert "指南" not in out and "目录" not in out
    # unknown agencies and empty values are tolerated
    for value in ("no-such-agency", None, ""):
        Template("{% load portal_tags %}{% agency_nav a %}").render(Context({"a": value}))


def test_agency_nav_links_existing_sections(demo):
    from gongkai.agencies.models import Agency
    from gongkai.portal import navigation

    agency = Agency.objects.get(slug="mzl-tjj")
    home = navigation.agency_home(agency)
    if home is None:
        pytest.skip("the catalogue demo has no agency home pages yet")
    out = Template("{% load portal_tags %}{% agency_nav agency %}").render(
        Context({"agency": agency})
    )
    assert home.title in out
    _home, entries = navigation.agency_entries(agency)
    for entry in entries:
        assert f'href="{entry["url"]}"' in out
    keys = [e["key"] for e in entries]
    assert keys == sorted(
        keys, key=["guide", "policy", "statutory", "catalogue", "report", "apply"].index
    )
