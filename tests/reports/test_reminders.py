import datetime

import pytest
from django.core import mail

from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import deadline_for, reminders
from gongkai.reports.tasks import annual_report_reminders, send_reminders

pytestmark = pytest.mark.django_db


def test_deadlines_follow_article_49(demo):
    assert deadline_for(demo.agencies["mzl-tjj"], 2025) == datetime.date(2026, 1, 31)
    assert deadline_for(demo.agencies["mzl"], 2025) == datetime.date(2026, 3, 31)


def test_reminders_list_unfiled_reports(demo):
    found = reminders(list(demo.agencies.values()), datetime.date(2026, 1, 24))
    by_slug = {r.agency.slug: r for r in found}
    assert by_slug["mzl-tjj"].days_left == 7
    assert by_slug["mzl-tjj"].state == "draft"
    assert by_slug["mzl-jyj"].report is None
    AnnualReport.objects.filter(agency__slug="mzl-tjj", year=2025).update(state="filed")
    found = reminders(list(demo.agencies.values()), datetime.date(2026, 2, 3))
    by_slug = {r.agency.slug: r for r in found}
    assert "mzl-tjj" not in by_slug
    assert by_slug["mzl-czj"].overdue and by_slug["mzl-czj"].days_left == -3


def test_reminder_mail_is_sent_once_per_day_of_notice(
    demo, django_capture_on_commit_callbacks, settings
):
    settings.GONGKAI_PUBLIC_URL = "https://gongkai.example.gov.cn"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        keys = send_reminders(datetime.date(2026, 1, 24))
    assert keys and all(k.endswith(".2025.7") for k in keys)
    sent = [m for m in mail.outbox if "年度报告" in m.subject]
    assert any("tjj-admin@example.gov.cn" in m.to for m in sent)
    assert "还有7天" in sent[0].body
    assert "https://gongkai.example.gov.cn/admin/annual-reports/" in sent[0].body
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(datetime.date(2026, 1, 24))
    assert len(mail.outbox) == before  # at most once
    assert send_reminders(datetime.date(2026, 1, 25)) == []  # not a reminder day


def test_reminder_task_runs(demo):
    assert annual_report_reminders.call() >= 0


def test_dashboard_panel_in_the_season(demo, client):
    from freezegun import freeze_time

    client.force_login(demo.users["tjj-admin"])
    with freeze_time("2026-01-20"):
        body = client.get("/admin/").content.decode()
    assert "年度报告报送提醒" in body
    assert "满洲里市统计局" in body
