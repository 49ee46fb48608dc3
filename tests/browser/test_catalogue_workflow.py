"""The publishing review in a real browser: a unit user drafts an item in the Wagtail admin,
the unit's head (科室负责人) sends it to the disclosure office, every reviewer acts (审核 rejects once, the author resubmits, it restarts at 审核), 保密审查
ticks its checklist, the head signs off; the item is then in the catalogue and in search, and
the audit log shows every step."""

import re

import pytest


def login(page, username: str) -> None:
    from gongkai.demo import DEMO_PASSWORD

    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/**")


pytestmark = [pytest.mark.browser]

TITLE = "关于开展2026年统计数据质量抽查的通知"
WORD = "抽查比例不低于百分之五"
EXPLORER = re.compile(r"/admin/pages/\d+/$")


@pytest.fixture
def tjj_portal(transactional_db):
    from gongkai.agencies import demo as agencies_demo
    from gongkai.catalogue import demo as catalogue_demo
    from gongkai.demo import DemoContext
    from gongkai.workdays import demo as workdays_demo

    ctx = DemoContext(verbosity=0)
    agencies_demo.load(ctx)
    workdays_demo.load(ctx)
    city_home = catalogue_demo._city_home(ctx)
    ctx.home, ctx.catalogue = catalogue_demo._agency_site(
        ctx, city_home, ctx.agencies["mzl-tjj"], catalogue_demo.TJJ_CATEGORIES
    )
    return ctx


def _as(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, username)
    return context, page


def _footer_action(page, selector):
    """Click an action of the editor's footer menu, opening its dropdown when needed."""
    page.wait_for_load_state("networkidle")
    button = page.locator(selector).first
    button.wait_for(state="attached")
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    button.click()


def _item_id():
    from gongkai.catalogue.models import DisclosureItemPage

    return DisclosureItemPage.objects.get(title=TITLE).pk


def _task_state_id():
    from gongkai.catalogue.models import DisclosureItemPage

    state = DisclosureItemPage.objects.get(title=TITLE).current_workflow_task_state
    return state.pk if state else None


def _wait_for_next_task(before):
    import time

    for _ in range(60):
        if _task_state_id() != before:
            return
        time.sleep(0.5)
    raise AssertionError("the workflow did not move on")


def _approve(browser, live_server, username, screenshot, name):
    """Approve from the dashboard's "awaiting your review" panel (one request per click)."""
    before = _task_state_id()
    context, page = _as(browser, live_server, username)
    page.goto("/admin/")
    row = page.locator("tr", has_text=TITLE).first
    row.locator("[data-w-dropdown-target='toggle']").first.click()
    row.locator(
        "button[data-workflow-action-url*='/approve/']:not([data-launch-modal])"
    ).first.click()
    _wait_for_next_task(before)
    page.wait_for_load_state("networkidle")
    screenshot(page, name)
    context.close()


def test_draft_review_reject_resubmit_publish_search_audit(
    tjj_portal, browser, live_server, screenshot
):
    from gongkai.catalogue.models import DisclosureItemPage

    # 1. the unit user (国民经济核算科) drafts the item and submits it for review
    context, page = _as(browser, live_server, "tjj-handler")
    page.goto(f"/admin/pages/add/catalogue/disclosureitempage/{tjj_portal.catalogue.pk}/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_category", label="主动公开文件")
    page.fill("#id_summary", "部署2026年统计数据质量抽查工作，明确抽查范围、比例和时间。")
    # the body: pasted into the rich text editor (as from a Word document)
    page.locator(".public-DraftEditor-content").first.click()
    page.evaluate(
        """(text) => {
            const el = document.querySelector('.public-DraftEditor-content');
            el.focus();
            const data = new DataTransfer();
            data.setData('text/plain', text);
            el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        f"为提高统计数据质量，决定开展抽查，{WORD}。",
    )
    page.wait_for_function(  # Draftail saves its state into the hidden input after a delay
        "(w) => document.querySelector('input[name=body]').value.includes(w)", arg=WORD
    )
    promote_tab = page.locator("a[href='#tab-promote'], [role=tab][aria-controls='tab-promote']")
    if promote_tab.count():
        promote_tab.first.click()
        if not page.input_value("#id_slug"):
            page.fill("#id_slug", "sjzl-cc-2026")
        page.locator(
            "a[href='#tab-content'], [role=tab][aria-controls='tab-content']"
        ).first.click()
    _footer_action(page, "button[name='action-submit']")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    screenshot(page, "submitted")
    context.close()
    item = DisclosureItemPage.objects.get(title=TITLE)
    assert WORD in item.get_latest_revision().content["body"]
    assert item.current_workflow_task.name.endswith("科室负责人报送")
    assert item.index_number.startswith("11152100011625123K/")

    # 2. the unit's head sends it to the disclosure office, which receives and proofreads it
    _approve(browser, live_server, "tjj-unithead", screenshot, "sent-by-unit-head")
    assert DisclosureItemPage.objects.get(title=TITLE).current_workflow_task.name.endswith(
        "综合法规科签收"
    )
    _approve(browser, live_server, "tjj-office", screenshot, "received")
    _approve(browser, live_server, "tjj-office", screenshot, "proofread")

    # 3. the second reviewer requests changes, with a comment
    context, page = _as(browser, live_server, "tjj-reviewer")
    page.goto(f"/admin/pages/{_item_id()}/edit/")
    _footer_action(page, "button[data-workflow-action-name='reject']")
    page.locator(".modal textarea[name='comment']").fill("请补充抽查时间安排。")
    page.locator(".modal button[type='submit']").click()
    page.wait_for_url(EXPLORER)
    screenshot(page, "rejected")
    context.close()
    item = DisclosureItemPage.objects.get(title=TITLE)
    assert item.current_workflow_state.status == "needs_changes"

    # 4. the author edits and resubmits: the review restarts at 审核
    context, page = _as(browser, live_server, "tjj-handler")
    page.goto(f"/admin/pages/{_item_id()}/edit/")
    page.fill("#id_summary", "部署2026年统计数据质量抽查工作，明确抽查范围、比例和时间安排。")
    _footer_action(page, "button[name='action-submit']")
    page.wait_for_load_state("networkidle")
    context.close()
    item = DisclosureItemPage.objects.get(title=TITLE)
    assert item.current_workflow_task.name.endswith("审核")
    _approve(browser, live_server, "tjj-reviewer", screenshot, "reviewed")

    # 5. 保密审查: the checklist, then the conclusion is recorded
    context, page = _as(browser, live_server, "tjj-secrecy")
    page.goto(f"/admin/pages/{_item_id()}/edit/")
    _footer_action(page, "button[data-workflow-action-name='approve']")
    modal = page.locator(".modal")
    modal.locator("input[name='no_state_secret']").wait_for()
    from gongkai.catalogue.models import CHECKLIST

    for key, _label in CHECKLIST:
        modal.locator(f"input[name='{key}']").check()
    modal.locator("textarea[name='comment']").fill("不涉密，同意公开。")
    screenshot(page, "checklist")
    modal.locator("button[type='submit']").click()
    page.wait_for_url(EXPLORER)
    context.close()
    item = DisclosureItemPage.objects.get(title=TITLE)
    assert item.confidentiality_reviews.get().conclusion == "pass"
    assert item.current_workflow_task.name.endswith("局长签发")

    # 6. the head signs off: published
    _approve(browser, live_server, "tjj-signer", screenshot, "signed")
    item = DisclosureItemPage.objects.get(title=TITLE)
    assert item.live
    from gongkai.catalogue.models import SearchEntry

    assert WORD in SearchEntry.objects.get(page_id=item.pk).text

    # 7. the public sees it in the catalogue and finds it by a phrase from its body
    public = browser.new_context(locale="zh-CN", base_url=live_server.url).new_page()
    public.goto(tjj_portal.catalogue.url)
    assert public.get_by_role("link", name=TITLE).is_visible()
    public.fill("#site-search-q", "百分之五")
    public.locator("form.site-search button[type='submit']").click()
    public.wait_for_url(re.compile(r"/search/\?"))
    screenshot(public, "search")
    assert public.locator("ol.search-results mark").first.inner_text() == "百分之五"
    assert public.get_by_role("link", name=TITLE).is_visible()
    screenshot(public, "search")

    # 8. the audit log shows every step
    context, page = _as(browser, live_server, "tjj-admin")
    page.goto(f"/admin/audit/?q={TITLE}")
    text = page.locator("main, #main, body").first.inner_text()
    for verb in (
        "workflow.submit",
        "workflow.task.approve",
        "workflow.task.reject",
        "workflow.resume",
        "catalogue.confidentiality_review",
        "workflow.approve",
        "catalogue.publish",
    ):
        assert verb in text, verb
    screenshot(page, "audit")
    from gongkai.audit.models import AuditEntry

    approvals = [
        (entry.changes["task"].split("·")[1], entry.actor.username)
        for entry in AuditEntry.objects.filter(
            object_id=str(item.pk), verb="workflow.task.approve"
        ).order_by("timestamp", "pk")
    ]
    assert approvals == [
        ("科室负责人报送", "tjj-unithead"),
        ("综合法规科签收", "tjj-office"),
        ("校对", "tjj-office"),
        ("审核", "tjj-reviewer"),
        ("保密审查", "tjj-secrecy"),
        ("局长签发", "tjj-signer"),
    ]
    context.close()
