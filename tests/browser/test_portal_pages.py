"""Every public page type in a real browser: renders without console errors, passes axe-core
(WCAG 2.1 A/AA: no serious or critical violation), has no horizontal scroll at 360 px or at
200% zoom (a 640 px wide viewport), works without JavaScript; screenshots are kept.

The URL list is built from the demo data. An entry whose page type (or view) does not exist
yet is skipped with its reason, so the test tightens by itself as the other apps land.
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser]

# (name, how to find its URL); the order is the reader's path through the portal.
TARGETS = [
    "home",
    "agency",
    "guide",
    "policy",
    "statutory",
    "catalogue",
    "item",
    "interpretation",
    "interview",
    "workplan",
    "search",
    "apply",
    "status",
    "reports",
    "report_agency",
    "report",
]
AGENCY = "mzl-tjj"


def _first_live(model_name: str, agency_slug: str | None = AGENCY) -> tuple[str | None, str]:
    from django.apps import apps

    try:
        model = apps.get_model("catalogue", model_name)
    except LookupError:
        return None, f"page type catalogue.{model_name} does not exist yet"
    qs = model.objects.live().public().exact_type(model).order_by("path")
    if agency_slug:
        scoped = [p for p in qs if f"/{agency_slug}/" in (p.url or "")]
        page = scoped[0] if scoped else qs.first()
    else:
        page = qs.first()
    if page is None:
        return None, f"no live {model_name} in the demo data"
    return page.url, ""


def _routed(path: str) -> tuple[str | None, str]:
    from gongkai.portal.navigation import routed

    return (path, "") if routed(path.split("?")[0]) else (None, f"no view for {path} yet")


def target_url(name: str) -> tuple[str | None, str]:
    """(url, "") or (None, why it is skipped)."""
    pages = {
        "home": "CityHomePage",
        "agency": "AgencyHomePage",
        "guide": "GuidePage",
        "policy": "PolicyPage",
        "statutory": "StatutoryContentPage",
        "catalogue": "CataloguePage",
        "item": "DisclosureItemPage",
        "interpretation": "InterpretationPage",
        "interview": "InterviewPage",
        "workplan": "WorkPlanPage",
    }
    if name in pages:
        return _first_live(pages[name])
    if name == "search":
        return _routed("/search/?q=%E7%BB%9F%E8%AE%A1")  # 统计
    if name == "apply":
        return _routed(f"/apply/{AGENCY}/")
    if name == "status":
        return _routed("/apply/status/")
    if name == "reports":
        return _routed("/reports/")
    if name == "report_agency":
        return _routed(f"/reports/{AGENCY}/")
    return None, "found by following a link from the agency's report list"


def overflow(page) -> int:
    """How many CSS pixels the document is wider than the viewport (0: no horizontal scroll)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def check_page(page, axe, url: str, label: str, screenshot, problems: list[str]) -> None:
    page.console_errors.clear()
    page.set_viewport_size({"width": 1280, "height": 900})
    response = page.goto(url)
    if response is None or response.status != 200:
        problems.append(f"{label} {url}: HTTP {response.status if response else '?'}")
        return
    html = page.locator("html")
    if html.get_attribute("lang") != "zh-CN":
        problems.append(f"{label} {url}: <html lang> is {html.get_attribute('lang')!r}")
    if page.locator("h1").count() < 1:
        problems.append(f"{label} {url}: no <h1>")
    if page.locator("a.skip-link[href='#main']").count() != 1 or page.locator("#main").count() != 1:
        problems.append(f"{label} {url}: skip link to #main missing")
    if page.locator("form[role=search] input[name=q]").count() < 1:
        problems.append(f"{label} {url}: no search box")
    for violation in axe(page):
        problems.append(f"{label} {url}: axe {violation}")
    screenshot(page, label)
    for width, why in ((360, "360px"), (640, "200% zoom")):
        page.set_viewport_size({"width": width, "height": 800})
        extra = overflow(page)
        if extra > 1:
            problems.append(f"{label} {url}: {extra}px horizontal scroll at {why}")
        screenshot(page, f"{label}-{width}")
    if page.console_errors:
        problems.append(f"{label} {url}: console errors {page.console_errors}")


@pytest.mark.django_db(transaction=True)
def test_every_portal_page_type(page, axe, screenshot, browser, live_server):
    from gongkai.demo import load_demo

    load_demo(verbosity=0)
    problems: list[str] = []
    skipped: list[str] = []
    checked: list[str] = []
    for name in TARGETS:
        if name == "report":
            url, why = _report_detail_url(page)
        else:
            url, why = target_url(name)
        if url is None:
            skipped.append(f"{name}: {why}")
            continue
        check_page(page, axe, url, name, screenshot, problems)
        checked.append(name)
    # Without JavaScript every page still renders and its navigation works.
    context = browser.new_context(
        locale="zh-CN", base_url=live_server.url, java_script_enabled=False
    )
    nojs = context.new_page()
    for name in checked:
        url = target_url(name)[0] if name != "report" else _report_detail_url(nojs)[0]
        response = nojs.goto(url)
        if response.status != 200 or nojs.locator("main#main").count() != 1:
            problems.append(f"{name} {url}: broken without JavaScript")
    context.close()
    print("checked:", ", ".join(checked))
    print("skipped:", "; ".join(skipped))
    assert {"home", "agency", "catalogue", "item"} <= set(checked), skipped
    assert not problems, "\n".join(problems)


def _report_detail_url(page) -> tuple[str | None, str]:
    url, why = _routed(f"/reports/{AGENCY}/")
    if url is None:
        return None, why
    page.goto(url)
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    pattern = re.compile(rf"^/reports/{AGENCY}/[^/?#]+/$")
    for href in hrefs:
        if pattern.match(href or ""):
            return href, ""
    return None, f"no published report linked from {url}"


@pytest.mark.django_db(transaction=True)
def test_elder_mode_switch_without_and_with_javascript(browser, live_server, page, axe, screenshot):
    from gongkai.demo import load_demo

    load_demo(verbosity=0)
    home, why = target_url("home")
    if home is None:
        pytest.skip(why)
    agency, _why = target_url("agency")

    # Without JavaScript: the switch is a link to /mode/, which sets the cookie and comes back.
    context = browser.new_context(
        locale="zh-CN", base_url=live_server.url, java_script_enabled=False
    )
    nojs = context.new_page()
    nojs.goto(home)
    assert "mode-elder" not in (nojs.locator("html").get_attribute("class") or "")
    nojs.click("a.mode-switch")
    nojs.wait_for_url(f"{live_server.url}{home}")
    assert "mode-elder" in nojs.locator("html").get_attribute("class")
    assert nojs.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "22px"
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    assert cookies.get("gk_mode") == "elder"
    # remembered on the next page (and not served from the standard-mode cache)
    nojs.goto(agency or home)
    assert "mode-elder" in nojs.locator("html").get_attribute("class")
    assert nojs.locator("a.mode-switch").inner_text().strip() == "标准模式"
    screenshot(nojs, "elder-nojs")
    nojs.click("a.mode-switch")
    assert "mode-elder" not in (nojs.locator("html").get_attribute("class") or "")
    context.close()

    # With JavaScript: toggled in place, remembered by cookie, rendered by the server on reload.
    page.goto(home)
    page.click("a.mode-switch")
    assert page.url == f"{live_server.url}{home}"  # no navigation
    assert "mode-elder" in page.locator("html").get_attribute("class")
    header_bg = page.evaluate(
        "() => getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header_bg == "rgb(0, 0, 0)"  # high contrast
    page.reload()
    assert "mode-elder" in page.locator("html").get_attribute("class")
    assert page.locator("a.mode-switch").inner_text().strip() == "标准模式"
    assert axe(page) == []
    for width in (360, 640):
        page.set_viewport_size({"width": width, "height": 800})
        assert overflow(page) <= 1, f"horizontal scroll in 长辈模式 at {width}px"
    screenshot(page, "elder-js")
    page.click("a.mode-switch")
    page.reload()
    assert "mode-elder" not in (page.locator("html").get_attribute("class") or "")
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_print_button_only_with_javascript_and_print_styles(browser, live_server, page):
    from gongkai.demo import load_demo

    load_demo(verbosity=0)
    url, why = target_url("item")
    if url is None:
        pytest.skip(why)
    page.goto(url)
    assert page.locator("[data-print]").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-search").is_visible()
    assert page.locator("main h1").is_visible()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    nojs = context.new_page()
    nojs.goto(url)
    assert not nojs.locator("[data-print]").is_visible()
    context.close()
