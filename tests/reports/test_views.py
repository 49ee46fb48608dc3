"""The staff console pages, the public report pages and the supervising office's overview."""

from urllib.parse import quote

import pytest

from gongkai.reports.models import AnnualReport
from gongkai.reports.services import annual_report_build

pytestmark = pytest.mark.django_db


def test_public_page_of_a_published_report(demo, client):
    response = client.get("/reports/mzl-tjj/2020/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "满洲里市统计局2020年政府信息公开工作年度报告" in body
    assert "第二十条第（九）项" in body and "市长信箱" in body
    assert 'scope="col"' in body
    assert client.get("/reports/").status_code == 200
    assert client.get("/reports/mzl-tjj/").status_code == 200
    # drafts are not public
    assert client.get("/reports/mzl-tjj/2025/").status_code == 404
    download = client.get("/reports/mzl-tjj/2020/download.docx")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    name = quote("满洲里市统计局2020年政府信息公开工作年度报告.docx")
    assert f"filename*=utf-8''{name}" in download["Content-Disposition"]
    assert client.get("/reports/mzl-tjj/2020/download.exe").status_code == 404


def test_staff_list_detail_actions_and_exports(demo, client):
    client.force_login(demo.users["tjj-admin"])
    response = client.get("/admin/annual-reports/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "满洲里市统计局2025年" in body
    assert "满洲里市财政局2025年" not in body  # another agency's report
    report = AnnualReport.objects.get(agency__slug="mzl-tjj", year=2025, scope="agency")
    detail = client.get(f"/admin/annual-reports/{report.pk}/")
    assert detail.status_code == 200
    assert "提交审核" in detail.content.decode()
    response = client.post(
        f"/admin/annual-reports/{report.pk}/",
        {"narrative": "1", "title": report.title, "problems": "存在问题：目录更新不及时。"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.problems == "存在问题：目录更新不及时。"
    response = client.post(f"/admin/annual-reports/{report.pk}/action/submit/")
    report.refresh_from_db()
    assert report.state == "submitted"
    for kind in ("html", "docx", "pdf", "xlsx", "txt", "json"):
        assert client.get(f"/admin/annual-reports/{report.pk}/export/{kind}/").status_code == 200
    other = AnnualReport.objects.get(agency__slug="mzl-czj", year=2025)
    assert client.get(f"/admin/annual-reports/{other.pk}/").status_code in (302, 403)  # denied


def test_build_from_the_console(demo, client):
    client.force_login(demo.users["tjj-admin"])
    response = client.post(
        "/admin/annual-reports/build/",
        {"agency": demo.agencies["mzl-tjj"].pk, "year": 2024, "report_format": ""},
    )
    assert response.status_code == 302
    assert AnnualReport.objects.get(agency__slug="mzl-tjj", year=2024).report_format == "2021"


def test_supervision_page_with_accessible_charts(demo, client):
    city = demo.agencies["mzl"]
    annual_report_build(agency=city, year=2025, scope="consolidated")
    client.force_login(demo.users["spj-supervisor"])
    response = client.get("/admin/annual-reports/supervision/?year=2025")
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("满洲里市统计局", "满洲里市财政局", "满洲里市教育局"):
        assert name in body
    import re

    charts = re.findall(r'<figure class="chart chart-bar".*?</figure>', body, re.S)
    assert len(charts) == 4
    for figure in charts:  # labelled image, a data table behind it, nothing fetched
        assert 'role="img"' in figure and "<table>" in figure and "（数据表）" in figure
        assert "http" not in figure.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<pattern" in charts[0]  # two series: told apart by fill patterns, not colour alone
    assert "尚未生成" in body  # 教育局 has no 2025 report
    client.force_login(demo.users["tjj-admin"])
    assert client.get("/admin/annual-reports/supervision/").status_code in (302, 403)


def test_lock_and_rebuild_from_the_console(demo, client):
    from gongkai.registers.models import Art20Count

    report = AnnualReport.objects.get(agency__slug="mzl-tjj", year=2025, scope="agency")
    client.force_login(demo.users["spj-supervisor"])
    response = client.post(f"/admin/annual-reports/{report.pk}/lock/", {"lock_date": "2026-01-15"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert str(report.lock_date) == "2026-01-15"
    row = Art20Count.objects.get(agency=report.agency, year=2025, item="penalty")
    row.decisions = 40
    row.save()
    client.force_login(demo.users["tjj-admin"])
    client.post(f"/admin/annual-reports/{report.pk}/rebuild/")
    report.refresh_from_db()
    assert report.changed_after_lock
    assert report.tables["proactive"]["行政处罚"] == [4]  # the locked figure
    body = client.get(f"/admin/annual-reports/{report.pk}/").content.decode()
    assert "数据已在锁定后变更" in body
    assert "4 → 40" in body
    listing = client.get("/admin/annual-reports/").content.decode()
    assert "数据已在锁定后变更" in listing


def test_lock_date_field_is_sent_in_iso_form(demo, client):
    """#18.12: an <input type="date"> shows only an ISO value; the zh-hans default format
    (2021/01/20) left it empty."""
    import re

    report = AnnualReport.objects.get(agency__slug="mzl-tjj", year=2020, scope="agency")
    assert str(report.lock_date) == "2021-01-20"
    client.force_login(demo.users["tjj-admin"])
    body = client.get(f"/admin/annual-reports/{report.pk}/").content.decode()
    field = re.search(r'<input[^>]*name="lock_date"[^>]*>', body).group(0)
    assert 'type="date"' in field
    assert 'value="2021-01-20"' in field


@pytest.mark.parametrize(
    ("posted", "reason"),
    [
        ({}, "锁定日期：请填写锁定日期"),
        ({"lock_date": ""}, "锁定日期：请填写锁定日期"),
        ({"lock_date": "2026-13-40"}, "锁定日期无效，请按“年-月-日”填写"),
        ({"lock_date": "2025-12-31"}, "锁定日期须在2025年12月31日之后"),
    ],
)
def test_a_refused_lock_says_why_in_chinese(demo, client, posted, reason):
    """#18.12: pressing 设置锁定日期 with a missing, malformed or too early date leaves the date
    unchanged and shows the reason, never a silent redirect."""
    report = AnnualReport.objects.get(agency__slug="mzl-tjj", year=2025, scope="agency")
    client.force_login(demo.users["tjj-admin"])
    response = client.post(f"/admin/annual-reports/{report.pk}/lock/", posted, follow=True)
    body = response.content.decode()
    assert "未设置锁定日期" in body
    assert reason in body
    report.refresh_from_db()
    assert report.lock_date is None
    good = client.post(
        f"/admin/annual-reports/{report.pk}/lock/", {"lock_date": "2026-01-15"}, follow=True
    )
    assert "已设置锁定日期" in good.content.decode()


def test_a_refused_build_says_why(demo, client):
    client.force_login(demo.users["tjj-admin"])
    response = client.post(
        "/admin/annual-reports/build/",
        {"agency": demo.agencies["mzl-tjj"].pk, "year": "二〇二四"},
        follow=True,
    )
    body = response.content.decode()
    assert "未生成报告：年度：" in body


def test_heading_wording_is_chosen_in_the_console(demo, client):
    """#17.11: the agency chooses the wording of the headings that differ; each choice shows
    the heading it prints; a refusal says why."""
    tjj = demo.agencies["mzl-tjj"]
    AnnualReport.objects.filter(agency=tjj, year=2019).delete()
    report = annual_report_build(agency=tjj, year=2019)
    report.heading_wording = "official"
    report.save()
    client.force_login(demo.users["tjj-admin"])
    body = client.get(f"/admin/annual-reports/{report.pk}/").content.decode()
    assert "<h2>五、政府信息公开工作存在的主要问题及改进情况</h2>" in body
    assert "按通行用语（五、存在的主要问题及改进情况）" in body
    assert "按报告格式原文（五、政府信息公开工作存在的主要问题及改进情况）" in body
    url = f"/admin/annual-reports/{report.pk}/wording/"
    response = client.post(url, {"heading_wording": "common"}, follow=True)
    assert "已更改标题用语" in response.content.decode()
    report.refresh_from_db()
    assert report.heading_wording == "common"
    assert "<h2>五、存在的主要问题及改进情况</h2>" in response.content.decode()  # the preview
    refused = client.post(url, {"heading_wording": "plain"}, follow=True).content.decode()
    assert "未更改标题用语：标题用语：" in refused
    # the 2021 format has one wording: no choice offered
    later = AnnualReport.objects.get(agency=tjj, year=2025, scope="agency")
    assert "wording/" not in client.get(f"/admin/annual-reports/{later.pk}/").content.decode()
