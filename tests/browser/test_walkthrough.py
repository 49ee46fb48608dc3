"""#18 as a person meets it, in a real browser: the counter receipt carries the query code, every
dashboard count is the length of the list its link opens (each demo role), the report's lock
date shows and a refused lock says why, and what the console shows a person is Chinese."""

import re

import pytest

from tests.portal.test_chinese_console import ALLOWED, LATIN_WORD

pytestmark = [pytest.mark.browser]

ROLES = (
    "tjj-registrar",
    "tjj-handler",
    "tjj-unithead",
    "tjj-office-head",
    "tjj-reviewer",
    "tjj-secrecy",
    "tjj-signer",
    "tjj-admin",
    "spj-supervisor",
)


@pytest.fixture
def demo(transactional_db):
    from gongkai.demo import load_demo

    return load_demo(verbosity=0)


def staff_page(browser, live_server, username):
    from .conftest import login

    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, username)
    return context, page


def shown_text(page) -> str:
    """What the page shows a person (``innerText``), without commands set as code."""
    return page.evaluate(
        """() => {
            let text = document.body.innerText;
            for (const code of document.querySelectorAll("code")) {
                text = text.replace(code.innerText, " ");
            }
            return text;
        }"""
    )


def latin_words(text: str) -> set[str]:
    """Latin-letter words a person reads in ``text`` (codes and file names aside)."""
    words = set()
    for token in re.split(r"[\s，。；：、（）()《》「」“”\"/|·]+", text):
        if re.search(r"[\d_.@=]", token):
            continue
        words |= {w for w in LATIN_WORD.findall(token) if w.lower() not in ALLOWED}
    return words


def test_walkthrough(browser, live_server, demo):
    """One demo load for the three walks (each browser test's flush and reload costs ~40 s)."""
    dashboard_counts_open_lists_of_that_length_and_pages_read_in_chinese(browser, live_server)
    counter_receipt_carries_the_query_code(browser, live_server)
    lock_date_shows_and_a_refused_lock_says_why(browser, live_server)


def dashboard_counts_open_lists_of_that_length_and_pages_read_in_chinese(browser, live_server):
    seen_lists = 0
    for username in ROLES:
        context, page = staff_page(browser, live_server, username)
        page.goto("/admin/")
        assert not latin_words(shown_text(page)), username
        counts = {
            link.get_attribute("data-list"): (
                int(link.locator("strong").inner_text()),
                link.get_attribute("href"),
            )
            for link in page.locator("a[data-list]").all()
        }
        assert set(counts) == {"tasks", "due_soon", "overdue"}, username
        for name, (count, href) in counts.items():
            page.goto(href)
            rows = page.locator("#worklist tbody tr[class^='risk-']").count()
            assert rows == count, f"{username} {name}: dashboard {count}, list {rows}"
            assert not latin_words(shown_text(page)), (username, href)
            seen_lists += count > 0
        page.goto("/admin/guide/")
        assert "工作指南" in shown_text(page)
        assert not latin_words(shown_text(page)), username
        context.close()
    assert seen_lists >= 3  # the demo gives the roles work to count


def choose(page, name, value):
    """Pick a choice whether the form shows it as radio buttons or a select."""
    if page.locator(f"input[name={name}]").count():
        page.check(f"input[name={name}][value={value}]")
    else:
        page.select_option(f"select[name={name}]", value)


def counter_receipt_carries_the_query_code(browser, live_server):
    import pdfplumber

    context, page = staff_page(browser, live_server, "tjj-registrar")
    page.goto("/admin/applications/register/")
    page.select_option("select[name=agency]", label="满洲里市统计局")
    page.select_option("select[name=channel]", "in_person")
    page.select_option("select[name=applicant_type]", "natural_person")
    page.fill("input[name=applicant_name]", "赵柜台")
    page.select_option("select[name=id_type]", "resident_id")
    page.fill("input[name=id_number]", "11010519491231002X")
    page.fill("input[name=phone]", "13812345678")
    page.fill("input[name=address]", "满洲里市一道街1号")
    page.fill("main [name=info_title]", "2025年统计年鉴")
    page.fill("textarea[name=description]", "请提供电子版")
    choose(page, "provision_form", "paper")
    choose(page, "receipt_method", "pickup")
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    errors = page.locator(".error-message, .errorlist, .help-critical").all_inner_texts()
    assert re.search(r"/admin/applications/\d+/$", page.url), errors
    message = page.locator(".messages").inner_text()
    found = re.search(r"查询码\s*(\w+)", message)
    assert found, page.locator("main").inner_text()[:2000]
    code = found.group(1)
    row = page.locator("#h-letters ~ table tbody tr", has_text="登记回执")
    with page.expect_download() as info:
        row.locator("a", has_text="PDF").click()
    with pdfplumber.open(info.value.path()) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages).replace("\n", "")
    assert f"查询码：{code}" in text and "赵柜台" in text
    context.close()


def lock_date_shows_and_a_refused_lock_says_why(browser, live_server):
    from gongkai.reports.models import AnnualReport

    report = AnnualReport.objects.get(agency__slug="mzl-tjj", year=2020, scope="agency")
    context, page = staff_page(browser, live_server, "tjj-admin")
    page.goto(f"/admin/annual-reports/{report.pk}/")
    field = page.locator("input[name=lock_date]")
    assert field.input_value() == "2021-01-20"  # an ISO value: the date input shows it
    field.fill("2020-12-31")  # inside the report year: refused
    page.locator("button", has_text="设置锁定日期").click()
    page.wait_for_load_state()
    assert "锁定日期须在2020年12月31日之后" in page.locator(".messages").inner_text()
    report.refresh_from_db()
    assert str(report.lock_date) == "2021-01-20"
    context.close()
