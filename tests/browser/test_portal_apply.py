"""The application form end to end on a phone-sized screen, then the status lookup, both
without JavaScript and axe-clean (the form is the applications app's; this checks it as a
reader meets it in the portal)."""

import pytest

pytestmark = [pytest.mark.browser]

PDF = b"%PDF-1.4\n%test\n"


@pytest.mark.django_db(transaction=True)
def test_apply_then_look_up_status_at_360px_without_javascript(
    browser, live_server, axe, screenshot
):
    from gongkai.demo import load_demo
    from gongkai.portal.navigation import routed

    if not routed("/apply/mzl-tjj/") or not routed("/apply/status/"):
        pytest.skip("the application form or the status lookup does not exist yet")
    load_demo(verbosity=0)
    context = browser.new_context(
        locale="zh-CN",
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": 360, "height": 740},
    )
    page = context.new_page()
    page.goto("/apply/mzl-tjj/")
    assert (
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        <= 1
    )
    screenshot(page, "form-360")
    # Issue 18.8: the required marks the form announces ("带 * 的为必填项") are visible.
    marks = page.locator("form.stacked .required-mark")
    assert marks.count() >= 7  # type, name, phone, address, title, form, method
    assert all(marks.nth(i).is_visible() for i in range(marks.count()))
    assert marks.first.bounding_box()["width"] > 3
    assert "*" in page.locator("label[for=id_applicant_name]").inner_text()
    assert "10MB" in page.locator("#id_id_proof_helptext").inner_text()
    page.select_option("select[name=applicant_type]", "natural_person")
    page.fill("input[name=applicant_name]", "王小明")
    page.select_option("select[name=id_type]", "resident_id")
    page.fill("input[name=id_number]", "11010519491231002X")
    page.fill("input[name=phone]", "13812345678")
    page.fill("input[name=email]", "wang@example.com")
    page.fill("input[name=address]", "满洲里市一道街1号")
    page.fill("[name=info_title]", "2025年满洲里市国民经济和社会发展统计公报")
    page.fill("[name=description]", "请提供全文")
    choose(page, "provision_form", "electronic")
    choose(page, "receipt_method", "email")
    page.set_input_files(
        "input[name=id_proof]", {"name": "id.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    number = page.locator("#tracking-number").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    assert number and code
    problems = [f"done page: {v}" for v in axe_nojs(browser, live_server, axe, page.url, context)]
    screenshot(page, "done-360")

    page.goto("/apply/status/")
    page.fill("input[name=tracking_number]", number)
    page.fill("input[name=query_code]", code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert number in page.locator("main").inner_text()
    screenshot(page, "status-360")
    assert (
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        <= 1
    )
    context.close()
    assert not problems, problems


def axe_nojs(browser, live_server, axe, url, nojs_context):
    """axe needs JavaScript: check the same page in a context that has it (same cookies)."""
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    context.add_cookies(nojs_context.cookies())
    page = context.new_page()
    page.goto(url)
    found = axe(page)
    context.close()
    return found


def choose(page, name, value):
    """Pick a choice whether the form shows it as radio buttons or a select."""
    if page.locator(f"input[name={name}]").count():
        page.check(f"input[name={name}][value={value}]")
    else:
        page.select_option(f"select[name={name}]", value)
