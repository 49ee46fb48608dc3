"""Table 三 from applications, with cases crossing the year end."""

import datetime

import pytest

from gongkai.reports.models import AnnualReport
from gongkai.reports.services import annual_report_build

pytestmark = pytest.mark.django_db


def application(
    agency, n, received, replied=None, outcome="", applicant_type="natural_person", due=None
):
    from gongkai.applications.models import Application

    return Application.objects.create(
        agency=agency,
        tracking_number=f"T-{n}",
        tracking_year=received.year,
        applicant_type=applicant_type,
        applicant_name="测试申请人",
        info_title="某文件",
        provision_form="electronic",
        receipt_method="email",
        channel="online",
        submitted_on=received,
        received_on=received,
        received_year=received.year,
        reply_due=due or received + datetime.timedelta(days=28),
        replied_on=replied,
        replied_year=replied.year if replied else None,
        outcome=outcome,
        state="closed" if replied else "in_progress",
    )


def test_cases_crossing_the_year_end(demo):
    tjj = demo.agencies["mzl-tjj"]
    AnnualReport.objects.filter(agency=tjj, year__in=[2024, 2025]).delete()
    d = datetime.date
    application(
        tjj, 1, d(2024, 12, 30), d(2025, 1, 6), "result.open"
    )  # 一 and 四 in 2024; 二 and 三 in 2025
    application(tjj, 2, d(2025, 12, 29))  # open on 31 December: 四 of 2025
    application(tjj, 3, d(2025, 3, 1), d(2025, 3, 20), "result.refuse.4", "commercial")
    application(tjj, 4, d(2025, 5, 6), d(2025, 7, 1), "result.other.2", due=d(2025, 6, 3))  # late
    r2024 = annual_report_build(agency=tjj, year=2024)
    apps = r2024.tables["applications"]
    assert apps["new"] == [1, 0, 0, 0, 0, 0, 1]
    assert apps["carried_out"] == [1, 0, 0, 0, 0, 0, 1]
    assert apps["result.total"] == [0] * 7
    r2025 = annual_report_build(agency=tjj, year=2025)
    apps = r2025.tables["applications"]
    assert apps["carried_in"] == [1, 0, 0, 0, 0, 0, 1]
    assert apps["new"] == [2, 1, 0, 0, 0, 0, 3]
    assert apps["result.open"] == [1, 0, 0, 0, 0, 0, 1]
    assert apps["result.refuse.4"] == [0, 1, 0, 0, 0, 0, 1]
    assert apps["result.other.2"] == [1, 0, 0, 0, 0, 0, 1]
    assert apps["result.total"] == [2, 1, 0, 0, 0, 0, 3]
    assert apps["carried_out"] == [1, 0, 0, 0, 0, 0, 1]
    assert r2025.check_problems == []  # including the carry-over against 2024
    # the same year in the 2019 format folds 其他处理 into one row
    r2019f = annual_report_build(agency=tjj, year=2025, report_format="2019")
    assert r2019f.tables["applications"]["result.other"] == [1, 0, 0, 0, 0, 0, 1]
    # the narrative draft knows the figures (2 of 3 answered on time)
    AnnualReport.objects.filter(agency=tjj, year=2025).delete()
    draft = annual_report_build(agency=tjj, year=2025)
    assert "收到政府信息公开申请3件" in draft.overview_application
    assert "按期答复率为66.7%" in draft.overview_application
    # the city sums its agencies
    city = annual_report_build(agency=demo.agencies["mzl"], year=2025, scope="consolidated")
    assert city.tables["applications"]["new"][6] == 3


def test_an_application_changed_after_the_lock_flags_the_report(
    demo, django_capture_on_commit_callbacks
):
    tjj = demo.agencies["mzl-tjj"]
    report = annual_report_build(agency=tjj, year=2025)
    report.lock_date = datetime.date(2026, 1, 10)
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        application(tjj, 9, datetime.date(2025, 11, 11))
    report.refresh_from_db()
    assert report.changed_after_lock
    assert report.tables["applications"]["new"] == [0] * 7
    cells = report.changes_after_lock["cells"]
    assert {"table": "applications", "row": "new", "column": 6, "old": 0, "new": 1} in cells
