"""Browser tests: Playwright for Python driving Debian's chromium against a live server.

Never downloads a browser: the executable is /usr/bin/chromium (override with
GONGKAI_CHROMIUM). Without it the tests are skipped, unless GONGKAI_REQUIRE_BROWSER
is set (CI), in which case they fail. Screenshots go to test-artifacts/screenshots.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made
# by the test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("GONGKAI_REQUIRE_BROWSER"):
            pytest.fail(f"chromium not found at {CHROMIUM} (GONGKAI_REQUIRE_BROWSER is set)")
        pytest.skip(f"chromium not found at {CHROMIUM}; install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page; console errors are collected in ``page.console_errors``."""
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """``screenshot(page, name)`` keeps a full-page PNG as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def login(page, username: str, password: str | None = None) -> None:
    """Log in to the Wagtail admin as a demo user."""
    from gongkai.demo import DEMO_PASSWORD

    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password or DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    # "**/admin/**" would match the login page itself: a refused login must fail here,
    # with what the page said, not later on a page that never appears.
    if "/admin/login/" in page.url:
        said = page.locator(".messages, .error-message, .help-critical, [role=alert]")
        raise AssertionError(f"login of {username} refused: {said.all_inner_texts()}")


# --- accessibility: axe-core from the npm registry (tests/browser/package.json) -----------
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def axe_source():
    """axe-core's source; skipped locally when not installed, a failure in CI."""
    if not AXE_JS.exists():
        message = f"axe-core not found at {AXE_JS}; run `npm ci --prefix tests/browser`"
        if os.environ.get("CI") or os.environ.get("GONGKAI_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source):
    """``axe(page)`` runs axe-core (WCAG 2.1 A/AA rules) on the page and returns the serious
    and critical violations as readable strings. The script is injected through the
    DevTools protocol, so the page's Content-Security-Policy stays as it is."""

    def run(page, impacts=("serious", "critical")) -> list[str]:
        # Wagtail fades its messages in (opacity transition after a delay): checked mid-fade,
        # their colours blend with the page and fail the contrast rule. Wait till they are in.
        page.wait_for_function(
            "() => [...document.querySelectorAll('.messages li')]"
            ".every(li => getComputedStyle(li).opacity === '1')",
            timeout=5_000,
        )
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            AXE_TAGS,
        )
        problems = []
        for v in result["violations"]:
            if v["impact"] not in impacts:
                continue
            targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            problems.append(f"{v['impact']} {v['id']}: {v['help']} [{targets}]")
        return problems

    return run
