"""For every pair of agencies, nothing of one is reachable by the other's staff.

The generic matrix (test_authorisation_matrix.py) walks every registered model's list and
detail views. This file covers what is not a model view: the case page and its actions,
letters (edit, DOCX, PDF), the applicant's attachments, released files, checked uploads,
inquiries, the XLSX export, the worklist search, the annual report's console pages and
every export format, the catalogue's 微信 export, and the API. Each agency of the pair
gets a full set of records first (a case with every kind of file, an inquiry, a report),
so no check can pass for want of something to find.
"""

import io
import itertools

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency, Membership
from gongkai.applications import services as sv
from gongkai.applications.models import Application, Attachment, Inquiry, Letter, ReleasedFile
from gongkai.reports.exports import CONTENT_TYPES
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import annual_report_build

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REFUSED = {302, 403, 404, 405}


def _person(name: str) -> dict:
    return {
        "applicant_type": "natural_person",
        "applicant_name": name,
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "email": "pair@example.com",
        "address": "满洲里市一道街1号",
        "info_title": f"{name}申请的信息",
        "description": "请提供全文",
        "provision_form": "electronic",
        "receipt_method": "email",
    }


def _records_of(agency: Agency, admin) -> dict:
    """A case with a receipt and a correction notice, an attachment, a released file, an
    inquiry, an upload and a built report, all of ``agency``; the applicant's name is unique."""
    from gongkai.ops.uploads import store_upload

    name = f"配对测试{agency.slug}"
    app = sv.application_register(
        agency=agency, data=_person(name), actor=admin, channel="in_person"
    ).application
    app = sv.application_request_correction(application=app, actor=admin, matters="请写明年度")
    attachment = Attachment.objects.create(
        application=app,
        kind=Attachment.Kind.choices[0][0],
        file=ContentFile(PDF, name="id.pdf"),
        original_name="id.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    released = sv.application_release_file(
        application=app, actor=admin, file=ContentFile(PDF, name="info.pdf"), name="info.pdf"
    )
    inquiry = Inquiry.objects.create(
        agency=agency,
        channel=Inquiry.Channel.choices[0][0],
        question=f"{name}的咨询",
        received_on=app.submitted_on,
    )
    upload = store_upload(ContentFile(PDF, name="scan.pdf"), agency=agency, user=admin)
    report = annual_report_build(agency=agency, year=2025, actor=admin)
    from gongkai.catalogue.models import DisclosureItemPage

    return {
        "page": DisclosureItemPage.objects.filter(agency=agency).first(),
        "app": app,
        "letters": list(Letter.objects.filter(application=app)),
        "attachment": attachment,
        "released": released,
        "inquiry": inquiry,
        "upload": upload,
        "report": report,
        "name": name,
    }


def _object_urls(rec: dict) -> list[tuple[str, str]]:
    """(method, url) of everything of one agency's records a staff member could ask for."""
    app = rec["app"]
    urls = [
        ("get", reverse("applications_admin:case", args=[app.pk])),
        ("post", reverse("applications_admin:act", args=[app.pk, "accept"])),
        ("post", reverse("applications_admin:act", args=[app.pk, "request_correction"])),
        ("post", reverse("applications_admin:release", args=[app.pk])),
        ("get", reverse("applications_admin:attachment", args=[rec["attachment"].pk])),
        ("post", reverse("applications_admin:inquiry_answer", args=[rec["inquiry"].pk])),
        ("post", reverse("applications_admin:inquiry_route", args=[rec["inquiry"].pk])),
    ]
    for letter in rec["letters"]:
        urls += [
            ("get", reverse("applications_admin:letter_edit", args=[letter.pk])),
            ("post", reverse("applications_admin:letter_edit", args=[letter.pk])),
            ("get", reverse("applications_admin:letter", args=[letter.pk, "docx"])),
            ("get", reverse("applications_admin:letter", args=[letter.pk, "pdf"])),
        ]
    report = rec["report"]
    urls += [
        ("get", reverse("reports_admin:detail", args=[report.pk])),
        ("post", reverse("reports_admin:rebuild", args=[report.pk])),
        ("post", reverse("reports_admin:lock", args=[report.pk])),
        ("post", reverse("reports_admin:action", args=[report.pk, "submit"])),
    ]
    urls += [
        ("get", reverse("reports_admin:export", args=[report.pk, kind])) for kind in CONTENT_TYPES
    ]
    if rec["page"] is not None:
        urls.append(("get", reverse("catalogue_wechat", args=[rec["page"].pk])))
    urls.append(("get", reverse("gongkai_ops:upload_download", args=[rec["upload"].pk])))
    return urls


@pytest.fixture
def pairs(demo):
    """Ordered pairs (staff agency, other agency) with both sides' records."""
    admin = demo.users["admin"]
    memberships = Membership.objects.select_related("agency")
    # Departments; the city level (depth 1) holds the supervising office, which sees them all.
    staffed = sorted({m.agency for m in memberships if m.agency.depth > 1}, key=lambda a: a.slug)
    records = {agency.pk: _records_of(agency, admin) for agency in staffed}
    return staffed, records


def _staff_of(agency):
    """Staff whose reach does not include every agency (supervisors and admins excluded)."""
    users = {m.user for m in Membership.objects.filter(agency=agency).select_related("user")}
    return [u for u in users if not permissions.is_system_admin(u)]


def test_each_agency_pair_reaches_nothing_of_the_other(client, pairs):
    staffed, records = pairs
    assert len(staffed) >= 2, "the demo must have two staffed agencies for this test"
    problems = []
    checked = 0
    for mine, theirs in itertools.permutations(staffed, 2):
        other = records[theirs.pk]
        for user in _staff_of(mine):
            if theirs.pk in permissions.agencies_in_scope(user):
                continue
            client.force_login(user)
            client.raise_request_exception = False
            for method, url in _object_urls(other):
                response = getattr(client, method)(url)
                checked += 1
                if response.status_code not in REFUSED:
                    problems.append(f"{user}: {method.upper()} {url} → {response.status_code}")
                elif response.status_code == 302 and url in response.get("Location", ""):
                    problems.append(f"{user}: {url} redirected to itself")
            problems += _lists_and_exports(client, user, theirs, other)
            client.logout()
    assert checked > 0
    assert problems == [], "\n".join(problems)
    # Nothing changed on the other side: every POST above was refused before acting.
    for rec in records.values():
        app = Application.objects.get(pk=rec["app"].pk)
        assert app.version == rec["app"].version
        assert ReleasedFile.objects.filter(application=app).count() == 1
        assert AnnualReport.objects.get(pk=rec["report"].pk).state == rec["report"].state


def test_own_records_open_exactly_for_those_the_rules_allow(client, pairs):
    """Inside one agency, each page opens (200) exactly when ``permissions.can`` says the
    user may view the record behind it, and is refused otherwise."""
    staffed, records = pairs
    problems, opened = [], 0
    for agency in staffed:
        rec = records[agency.pk]
        app, report = rec["app"], rec["report"]
        pages = [(app, reverse("applications_admin:case", args=[app.pk]))]
        pages += [
            (app, reverse("applications_admin:letter", args=[letter.pk, fmt]))
            for letter in rec["letters"]
            for fmt in ("docx", "pdf")
        ]
        pages.append((report, reverse("reports_admin:detail", args=[report.pk])))
        pages += [
            (report, reverse("reports_admin:export", args=[report.pk, kind]))
            for kind in CONTENT_TYPES
        ]
        for user in _staff_of(agency):
            client.force_login(user)
            client.raise_request_exception = False
            for obj, url in pages:
                status = client.get(url).status_code
                allowed = permissions.can(user, "view", obj)
                opened += status == 200
                if allowed and status != 200:
                    problems.append(f"{user}: {url} → {status}, but the rules allow it")
                if not allowed and status not in REFUSED:
                    problems.append(f"{user}: {url} → {status}, but the rules refuse it")
            client.logout()
    assert opened > 0
    assert problems == [], "\n".join(problems)


def _lists_and_exports(client, user, theirs: Agency, other: dict) -> list[str]:
    problems = []
    app, name = other["app"], other["name"]
    for query in (
        {"q": name, "state": ""},
        {"q": app.tracking_number, "state": ""},
        {"agency": theirs.pk, "state": ""},
    ):
        html = client.get(reverse("applications_admin:worklist"), query).content.decode()
        # (the search box echoes the query itself, so look for the case, not the words)
        if reverse("applications_admin:case", args=[app.pk]) in html:
            problems.append(f"{user}: worklist {query} shows {app.tracking_number}")
        response = client.get(reverse("applications_admin:export"), query)
        if response.status_code == 200:
            sheet = load_workbook(io.BytesIO(response.content)).active
            cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c}
            if app.tracking_number in cells or name in cells:
                problems.append(f"{user}: export {query} holds {app.tracking_number}")
    html = client.get(reverse("applications_admin:inquiries"), {"q": name}).content.decode()
    if other["inquiry"].question in html:
        problems.append(f"{user}: inquiry list shows {other['inquiry'].question}")
    html = client.get(reverse("reports_admin:list")).content.decode()
    if reverse("reports_admin:detail", args=[other["report"].pk]) in html:
        problems.append(f"{user}: report list links to {theirs}'s report")
    page = other["page"]
    if page is not None:
        html = client.get("/admin/pages/search/", {"q": page.title}).content.decode()
        if f"/admin/pages/{page.pk}/edit/" in html:
            problems.append(f"{user}: page search links to the editor of {page.title}")
    # The API never lists cases: the status call needs the query code.
    response = client.post(
        "/api/applications/status",
        {"tracking_number": app.tracking_number, "query_code": "000000"},
        content_type="application/json",
    )
    if response.status_code == 200 and name in response.content.decode():
        problems.append(f"{user}: API status shows {app.tracking_number} without its code")
    return problems
