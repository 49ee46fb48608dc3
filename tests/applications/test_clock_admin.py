"""What the staff console shows of the calendar and the clock (#16): the warning while a
year's holiday schedule is missing, and the approver check of ``gongkai check``."""

import datetime

import pytest
from django.core import management
from django.urls import reverse
from freezegun import freeze_time

from gongkai.workdays.middleware import missing_years


@pytest.mark.django_db
def test_every_staff_page_warns_from_1_november_until_next_years_schedule(client, agency, staff):
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (import the URL modules before faking dates)
    client.force_login(staff["registrar"])
    pages = [reverse("wagtailadmin_home"), reverse("applications_admin:worklist")]
    with freeze_time("2026-10-31 02:00:00"):
        assert missing_years(datetime.date(2026, 10, 31)) == []
        for url in pages:
            assert "尚未导入" not in client.get(url).content.decode()
    with freeze_time("2026-11-01 02:00:00"):
        assert missing_years(datetime.date(2026, 11, 1)) == [2027]
        for url in pages:
            html = client.get(url).content.decode()
            assert "2027年的国务院节假日安排尚未导入" in html, url
            assert html.count("2027年的国务院节假日安排尚未导入") == 1
    from gongkai.workdays import services as calendar_services
    from gongkai.workdays.schedule import parse_yaml

    calendar_services.import_year(
        schedule=parse_yaml(
            "year: 2027\nnotice: 国办发明电〔2026〕9号\nholidays:\n"
            "  - name: 元旦\n    rest: 2027-01-01..2027-01-03\n"
        )
    )
    with freeze_time("2026-11-02 02:00:00"):
        assert missing_years(datetime.date(2026, 11, 2)) == []
        assert "尚未导入" not in client.get(pages[1]).content.decode()


@pytest.mark.django_db
def test_the_check_names_an_agency_without_an_approver(agency, staff):
    from django.core.checks import run_checks

    from gongkai.agencies.models import Membership, Role

    ids = {w.id for w in run_checks(databases=["default"]) if w.obj == agency.slug}
    assert "gongkai.W002" not in ids  # the test agency has a signer and an administrator
    Membership.objects.filter(agency=agency, role__in=[Role.SIGNER, Role.AGENCY_ADMIN]).delete()
    warnings = [w for w in run_checks(databases=["default"]) if w.obj == agency.slug]
    assert [w.id for w in warnings] == ["gongkai.W002"]
    assert "第三十三条" in warnings[0].msg
    management.call_command("check", databases=["default"])  # a warning, not an error
