"""Hole 1 of #15: every single-object view of an agency-owned snippet or model viewset
applies the agency scope of its list, and the agency choice offers only the user's agencies.

Found on the landed main: czj-registrar opened and saved 统计局's register records through
``/admin/snippets/registers/<model>/edit/<pk>/`` (and their history and usage views), and
could move a record to another agency through the agency field.
"""

import re

import pytest
from django.contrib.admin.utils import quote
from django.urls import URLPattern

from gongkai.agencies import permissions
from gongkai.registers.models import Art20Count, ReviewCase

pytestmark = pytest.mark.django_db

REFUSED = {403, 404}


def _object_urls(model) -> list[str]:
    """Every URL of the model's snippet viewset that takes the object's pk (edit, delete,
    history, usage, copy, inspect, revisions, lock ...), with ``{pk}`` in place of it."""
    viewset = model.snippet_viewset
    prefix = f"/admin/{viewset.url_prefix}/"
    urls = []
    for pattern in viewset.get_urlpatterns():
        if not isinstance(pattern, URLPattern):
            continue
        route = str(pattern.pattern)
        if not re.search(r"<(\w+:)?pk>", route) or route.count("<") > 1:
            continue
        urls.append(prefix + re.sub(r"<(\w+:)?pk>", "{pk}", route))
    assert any("edit/" in u for u in urls) and any("history/" in u for u in urls)
    return urls


@pytest.mark.parametrize("model", [Art20Count, ReviewCase])
def test_another_agencys_register_record_is_out_of_reach(client, lite_demo, model):
    user = lite_demo.users["czj-registrar"]
    other = model.objects.filter(agency__slug="mzl-tjj").first() or model.objects.create(
        **_review_case_fields(lite_demo.agencies["mzl-tjj"])
    )
    assert not permissions.can(user, "view", other)
    before = {f.attname: getattr(other, f.attname) for f in model._meta.concrete_fields}
    client.force_login(user)
    client.raise_request_exception = False
    for url in _object_urls(model):
        url = url.format(pk=quote(other.pk))
        got = client.get(url)
        assert got.status_code in REFUSED, f"GET {url} answered {got.status_code}"
        posted = client.post(url, {"agency": lite_demo.agencies["mzl-czj"].pk, "note": "改"})
        assert posted.status_code in REFUSED, f"POST {url} answered {posted.status_code}"
    other.refresh_from_db()
    assert {f.attname: getattr(other, f.attname) for f in model._meta.concrete_fields} == before


def _review_case_fields(agency) -> dict:
    import datetime

    return {
        "agency": agency,
        "kind": ReviewCase.Kind.RECONSIDERATION,
        "case_number": "满政复〔2025〕99号",
        "filed_date": datetime.date(2025, 3, 1),
    }


def test_locked_report_is_not_flagged_by_another_agency(client, lite_demo):
    from gongkai.reports.models import AnnualReport

    report = AnnualReport.objects.get(agency__slug="mzl-tjj", year=2020)
    assert report.lock_date is not None and not report.changed_after_lock
    row = Art20Count.objects.filter(agency__slug="mzl-tjj", year=2020).first()
    client.force_login(lite_demo.users["czj-registrar"])
    client.raise_request_exception = False
    data = _form_data(row)
    data["decisions"] = 99
    client.post(f"/admin/snippets/registers/art20count/edit/{row.pk}/", data)
    row.refresh_from_db()
    assert row.decisions != 99
    report.refresh_from_db()
    assert not report.changed_after_lock


@pytest.mark.parametrize("model", [Art20Count, ReviewCase])
def test_agency_choice_offers_only_the_users_agencies(client, lite_demo, model):
    user = lite_demo.users["czj-registrar"]
    client.force_login(user)
    viewset = model.snippet_viewset
    add = client.get(f"/admin/{viewset.url_prefix}/add/")
    assert add.status_code == 200
    form = add.context["form"]
    assert set(form.fields["agency"].queryset.values_list("slug", flat=True)) == {"mzl-czj"}

    own = model.objects.filter(agency__slug="mzl-czj").first()
    edit = client.get(f"/admin/{viewset.url_prefix}/edit/{own.pk}/")
    assert edit.status_code == 200
    assert set(edit.context["form"].fields["agency"].queryset.values_list("slug", flat=True)) == {
        "mzl-czj"
    }


def test_a_record_cannot_be_moved_to_another_agency(client, lite_demo):
    user = lite_demo.users["czj-registrar"]
    own = Art20Count.objects.filter(agency__slug="mzl-czj").first()
    client.force_login(user)
    data = _form_data(own)
    data["agency"] = lite_demo.agencies["mzl-tjj"].pk
    data["year"] = 2031  # no such row in 统计局 either: only the agency can be wrong
    response = client.post(f"/admin/snippets/registers/art20count/edit/{own.pk}/", data)
    assert response.status_code == 200  # the form again, with the error
    assert "agency" in response.context["form"].errors
    own.refresh_from_db()
    assert own.agency.slug == "mzl-czj"


def _form_data(row) -> dict:
    """The edit form's fields as posted for ``row`` unchanged."""
    data = {f.name: getattr(row, f.attname) for f in type(row)._meta.concrete_fields}
    data.pop("id")
    return {k: ("" if v is None else v) for k, v in data.items()}
