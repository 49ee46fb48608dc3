"""The demo portal: "/" is the city front page, the statistics bureau's catalogue is loaded."""

import pytest

from gongkai.catalogue.models import AgencyHomePage, CityHomePage, DisclosureItemPage


@pytest.mark.django_db
def test_root_serves_city_home(catalogue_demo, client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "满洲里市统计局" in html
    assert 'action="/search/"' in html
    from wagtail.models import Site

    assert Site.objects.get(is_default_site=True).root_page.specific_class is CityHomePage


@pytest.mark.django_db
def test_demo_is_idempotent(catalogue_demo):
    from gongkai.catalogue import demo

    before = DisclosureItemPage.objects.count()
    demo.load(catalogue_demo)
    assert DisclosureItemPage.objects.count() == before
    assert AgencyHomePage.objects.count() == 5
