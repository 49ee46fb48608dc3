"""The staff console dashboards in a real browser: panels per role, in 简体中文, axe-clean."""

import pytest

pytestmark = [pytest.mark.browser]


def login(page, username: str) -> None:
    from gongkai.demo import DEMO_PASSWORD

    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/**")


@pytest.mark.django_db(transaction=True)
def test_staff_dashboards(browser, live_server, axe, screenshot):
    from gongkai.agencies.models import Agency
    from gongkai.demo import load_demo

    load_demo(verbosity=0)

    def open_home(username):
        context = browser.new_context(locale="zh-CN", base_url=live_server.url)
        page = context.new_page()
        page.console_errors = []
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        login(page, username)
        page.goto("/admin/")
        return context, page

    # the supervising office: one row per agency it oversees
    context, page = open_home("spj-supervisor")
    table = page.locator("#gongkai-supervision-section table")
    assert table.is_visible()
    assert table.locator("tbody tr.gk-agency-row").count() == Agency.objects.count()
    assert "各机关办理情况" in page.locator("#gongkai-supervision-section").inner_text()
    screenshot(page, "supervisor")
    context.close()

    # a handler: my tasks, due soon, overdue
    context, page = open_home("tjj-handler")
    panel = page.locator("#gongkai-worklist-section")
    text = panel.inner_text()
    for heading in ("我的待办", "即将到期", "已超期"):
        assert heading in text
    assert page.locator("#gongkai-supervision-section").count() == 0
    violations = [v for v in axe(page) if "gongkai" in v or "gk-" in v]
    assert violations == []
    screenshot(page, "handler")
    context.close()

    # the agency administrator: charts with their data tables
    context, page = open_home("tjj-admin")
    charts = page.locator("#gongkai-charts-section figure.chart")
    assert charts.count() >= 2
    first = charts.first
    assert first.locator("svg[role=img]").get_attribute("aria-labelledby")
    assert first.locator("table").count() == 1
    screenshot(page, "agency-admin")
    assert page.console_errors == []
    context.close()
