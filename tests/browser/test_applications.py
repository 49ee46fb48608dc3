"""依申请公开 end to end in a real browser.

The applicant files on the public form and looks the case up; staff confirm receipt,
ask for a correction and record it, route the case to a unit that claims it, consult a
third party, get an extension approved by the head of the disclosure office (Art. 33), draft a partial-disclosure reply
with the withheld part and its reason, upload the released file; the reviewer approves,
the confidentiality reviewer clears the release (保密审查),
the signer signs off, the registrar delivers; the applicant then downloads the reply
and the released file from the status page.
"""

import pytest

from gongkai.rules.procedure import SECRECY_CHECKLIST

pytestmark = [pytest.mark.browser]

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def tjj(transactional_db):
    from gongkai.agencies import demo as agencies_demo
    from gongkai.demo import DemoContext
    from gongkai.workdays import demo as workdays_demo

    ctx = DemoContext(verbosity=0)
    agencies_demo.load(ctx)
    workdays_demo.load(ctx)
    return ctx


def staff_page(browser, live_server, username):
    from .conftest import login

    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, username)
    return context, page


def act(page, action, fields=None, selects=None, checks=()):
    box = page.locator(f"#action-{action}")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    for name, value in (fields or {}).items():
        box.locator(f"[name='{action}-{name}']").fill(value)
    for name, value in (selects or {}).items():
        target = box.locator(f"[name='{action}-{name}']")
        if isinstance(value, dict):
            target.select_option(**value)
        else:
            target.select_option(value)
    for name in checks:
        box.locator(f"[name='{action}-{name}']").check()
    box.locator("button[name=do]").click()
    page.wait_for_load_state()
    errors = page.locator(".help-critical, .errorlist, .messages .error").all_inner_texts()
    assert not errors, errors


def test_apply_and_staff_take_the_case_to_a_partial_reply(
    browser, live_server, tjj, screenshot, tmp_path, axe
):
    from gongkai.applications.models import Application

    # --- the applicant files online --------------------------------------------------------
    applicant = browser.new_context(locale="zh-CN", base_url=live_server.url)
    page = applicant.new_page()
    page.set_default_timeout(30_000)
    page.goto("/apply/mzl-tjj/")
    problems = [f"form: {p}" for p in axe(page)]
    page.select_option("select[name=applicant_type]", "natural_person")
    page.fill("input[name=applicant_name]", "王小明")
    page.fill("input[name=id_number]", "110105194912310021")  # wrong check digit first
    page.fill("input[name=phone]", "13812345678")
    page.fill("input[name=address]", "满洲里市一道街1号")
    page.fill("[name=info_title]", "2025年城镇居民人均可支配收入调查资料")
    page.fill("[name=description]", "全市汇总数据")
    page.check("input[name=provision_form][value=electronic]")
    page.check("input[name=receipt_method][value=online]")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "身份证号码校验位不正确" in page.locator("main").inner_text()
    assert page.input_value("input[name=applicant_name]") == "王小明"  # nothing typed is lost
    problems += [f"form with errors: {p}" for p in axe(page)]
    page.fill("input[name=id_number]", "11010519491231002X")
    page.set_input_files(
        "input[name=id_proof]", {"name": "id.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    number = page.locator("#tracking-number").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    assert number == "统计局〔2026〕第0001号" and len(code) == 8
    screenshot(page, "acknowledged")
    problems += [f"done: {p}" for p in axe(page)]
    assert Application.objects.count() == 1

    page.goto("/apply/status/")
    page.fill("input[name=tracking_number]", number)
    page.fill("input[name=query_code]", code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "待工作人员确认收到" in page.locator("#stage").inner_text()
    status_url = page.url

    app = Application.objects.get()
    case_url = f"/admin/applications/{app.pk}/"

    # --- registrar: confirm receipt, correction, route ------------------------------------------
    ctx, staff = staff_page(browser, live_server, "tjj-registrar")
    staff.goto("/admin/applications/")
    assert "未开始计时" in staff.locator("#worklist").inner_text()
    staff.click(f"text={number}")
    act(staff, "confirm_receipt", selects={"method": "phone"})
    # The 补正告知书 is previewed as a draft, edited in the page, then issued with the edit.
    box = staff.locator("#action-request_correction")
    box.locator("summary").click()
    box.locator("[name='request_correction-matters']").fill("请说明所需资料的年度和范围")
    box.locator("button[name=preview]").click()
    staff.wait_for_load_state()
    body = staff.locator("[name='request_correction-letter_body']")
    assert "请说明所需资料的年度和范围" in body.input_value()
    body.fill(body.input_value() + "\n联系电话：0470-6222222。")
    staff.locator("#action-request_correction button[name=do]").click()
    staff.wait_for_load_state()
    assert "待补正" in staff.locator("#case-state").inner_text()
    letter = app.letters.get(kind="correction")
    assert letter.is_issued and letter.body.endswith("联系电话：0470-6222222。")
    act(staff, "record_correction", fields={"content": "2025年全市汇总"})
    act(staff, "accept")
    act(staff, "route", selects={"unit": {"label": "国民经济核算科"}})
    assert "已分办" in staff.locator("#case-state").inner_text()
    ctx.close()

    # --- handler of the unit: claim, consult, ask for an extension ---------------------------------
    ctx, staff = staff_page(browser, live_server, "tjj-handler")
    staff.goto(case_url)
    act(staff, "claim")
    act(
        staff,
        "open_consultation",
        fields={"party": "国家统计局满洲里调查队"},
        selects={"party_kind": "agency"},
    )
    assert "征求意见中" in staff.locator("#case-state").inner_text()
    act(staff, "close_consultation", fields={"opinion": "同意公开汇总数据"})
    act(staff, "request_extension", fields={"reason": "需汇总多年度资料", "workdays": "10"})
    ctx.close()

    # --- the head of the disclosure office (政府信息公开工作机构负责人, Art. 33) approves -----------
    ctx, staff = staff_page(browser, live_server, "tjj-office-head")
    staff.goto(case_url)
    act(staff, "approve_extension", selects={"approve": "1"})
    ctx.close()
    app.refresh_from_db()
    assert app.events.filter(kind="extension_approved").exists()

    # --- handler drafts a partial-disclosure reply and uploads the released file --------------------
    ctx, staff = staff_page(browser, live_server, "tjj-handler")
    staff.goto(case_url)
    act(
        staff,
        "draft_reply",
        selects={"outcome": "result.partial"},
        fields={"withheld": "调查户样本名单｜属于个人隐私（第十五条）"},
    )
    released = tmp_path / "2025年城镇居民收入汇总表.pdf"
    released.write_bytes(PDF)
    staff.set_input_files("input[name=file]", str(released))
    staff.locator("form[action$='/release/'] button[type=submit]").click()
    staff.wait_for_load_state()
    assert "2025年城镇居民收入汇总表" in staff.locator("main").inner_text()
    screenshot(staff, "case-drafted")
    ctx.close()

    for username, action, kwargs in (
        ("tjj-reviewer", "review", {"selects": {"approve": "1"}}),
        # 保密审查 of the released file (Art. 17): every item of the checklist confirmed
        (
            "tjj-secrecy",
            "secrecy_review",
            {"selects": {"passed": "1"}, "checks": [key for key, _label in SECRECY_CHECKLIST]},
        ),
        ("tjj-signer", "sign_off", {}),
        ("tjj-registrar", "deliver", {"selects": {"method": "online"}}),
    ):
        ctx, staff = staff_page(browser, live_server, username)
        staff.goto(case_url)
        act(staff, action, **kwargs)
        if username == "tjj-registrar":
            assert "已送达" in staff.locator("#case-state").inner_text()
            assert "期限计算说明" in staff.locator("main").inner_text()
            screenshot(staff, "case-delivered")
        ctx.close()

    # --- the applicant downloads the reply and the released file ------------------------------
    page.goto(status_url)
    main = page.locator("main").inner_text()
    assert (
        "已答复" in main and "答复书" in main and "补正告知书" in main and "延期答复告知书" in main
    )
    assert (
        "国民经济核算科" not in main and "征求意见书" not in main
    )  # internal letters stay internal
    screenshot(page, "status-replied")
    problems += [f"status: {p}" for p in axe(page)]
    with page.expect_download() as info:
        page.locator("a", has_text="下载 PDF").last.click()
    reply_pdf = info.value.path()
    import pdfplumber

    with pdfplumber.open(reply_pdf) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages).replace("\n", "")
    assert "王小明" in text and "调查户样本名单" in text and "第三十七条" in text
    with page.expect_download() as info:
        page.locator("a", has_text="2025年城镇居民收入汇总表").click()
    assert open(info.value.path(), "rb").read() == PDF
    applicant.close()
    assert not problems, problems


def test_form_and_lookup_work_without_javascript_on_a_phone(browser, live_server, tjj):
    """360 px wide, JavaScript off: no horizontal scrolling, the form submits, the lookup works."""
    context = browser.new_context(
        locale="zh-CN",
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": 360, "height": 740},
    )
    page = context.new_page()
    overflow = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    page.goto("/apply/mzl-tjj/")
    assert page.evaluate(overflow) <= 1
    page.select_option("select[name=applicant_type]", "commercial")
    page.fill("input[name=applicant_name]", "满洲里市口岸物流有限公司")
    page.fill("input[name=credit_code]", "91330100799655058B")
    page.fill("input[name=contact_person]", "周经理")
    page.fill("input[name=phone]", "0470-6230000")
    page.fill("input[name=address]", "满洲里市")
    page.fill("input[name=postcode]", "021400")
    page.fill("[name=info_title]", "2025年口岸货运量统计")
    page.fill("[name=doc_number]", "满统字〔2025〕3号")
    page.check("input[name=provision_form][value=paper]")
    page.check("input[name=receipt_method][value=post]")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    number = page.locator("#tracking-number").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    assert page.evaluate(overflow) <= 1
    page.goto("/apply/status/")
    page.fill("input[name=tracking_number]", number)
    page.fill("input[name=query_code]", code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "待工作人员确认收到" in page.locator("#stage").inner_text()
    assert page.evaluate(overflow) <= 1
    context.close()
