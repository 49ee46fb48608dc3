"""The publishing review: the seed's chain, rejection and resubmission, 保密审查, the guard."""

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import TaskState, WorkflowState

from gongkai.audit.models import AuditEntry
from gongkai.catalogue.models import (
    CHECKLIST,
    ConfidentialityReview,
    ConfidentialityReviewTask,
    DisclosureItemPage,
    SearchEntry,
    UnitHeadTask,
)
from gongkai.catalogue.review import PublicationBlocked

CHAIN = ["科室负责人报送", "综合法规科签收", "校对", "审核", "保密审查", "局长签发"]
REVIEWER_OF = {
    "科室负责人报送": "tjj-unithead",
    "综合法规科签收": "tjj-office",
    "校对": "tjj-office",
    "审核": "tjj-reviewer",
    "保密审查": "tjj-secrecy",
    "局长签发": "tjj-signer",
}
CHECKS = {key: True for key, _label in CHECKLIST}


def current(page) -> TaskState:
    state = WorkflowState.objects.active().for_instance(page).get()
    return state.current_task_state.specific


def act(page, user, action, **data):
    task_state = current(page)
    task = task_state.task.specific
    assert action in [a[0] for a in task.get_actions(page, user)], (task.name, user)
    task.on_action(task_state, user, action, **data)


@pytest.mark.django_db
def test_chain_rejection_resubmission_and_audit(portal, make_item):
    users = portal.users
    page = make_item("关于开展统计数据质量检查的通知")
    workflow = page.get_workflow()
    assert [t.name.split("·")[1] for t in workflow.tasks] == CHAIN
    assert isinstance(workflow.tasks[0].specific, UnitHeadTask)
    assert isinstance(workflow.tasks[4].specific, ConfidentialityReviewTask)

    workflow.start(page, users["tjj-handler"])
    for step in CHAIN[:4]:
        assert current(page).task.name.endswith(step)
        # someone outside the step's group cannot act
        assert current(page).task.specific.get_actions(page, users["tjj-handler"]) == []
        act(page, users[REVIEWER_OF[step]], "approve", comment="同意")

    # 保密审查 rejects: back to the author with comments
    assert current(page).task.name.endswith("保密审查")
    act(
        page,
        users["tjj-secrecy"],
        "reject",
        conclusion="fail",
        comment="第二段含未公开数据，请删除",
    )
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    review = ConfidentialityReview.objects.get(page=page)
    assert review.conclusion == "fail" and review.comment.startswith("第二段")

    # the author edits and resubmits: the workflow restarts at the step that rejected it
    page = DisclosureItemPage.objects.get(pk=page.pk)
    page.body = "<p>修改后的正文。</p>"
    page.save_revision(user=users["tjj-handler"])
    state.resume(user=users["tjj-handler"])
    assert current(page).task.name.endswith("保密审查")

    # the checklist must be complete
    with pytest.raises(PermissionDenied):
        act(page, users["tjj-secrecy"], "approve", **{**CHECKS, "no_state_secret": False})
    act(page, users["tjj-secrecy"], "approve", **CHECKS, comment="审查通过")
    assert current(page).task.name.endswith("局长签发")
    act(page, users["tjj-signer"], "approve", comment="同意发布")

    page = DisclosureItemPage.objects.get(pk=page.pk)
    assert page.live
    assert page.publication_date is not None
    assert SearchEntry.objects.get(page_id=page.pk).title == page.title

    verbs = list(
        AuditEntry.objects.filter(object_id=str(page.pk), action="workflow")
        .order_by("timestamp", "id")
        .values_list("verb", flat=True)
    )
    assert set(verbs[:2]) == {"workflow.submit", "workflow.task.start"}
    assert verbs.count("workflow.task.approve") == 6  # 报送, 签收, 校对, 审核, 保密审查, 签发
    assert verbs.count("workflow.task.start") == 7  # six steps + the restart at 保密审查
    assert "workflow.task.reject" in verbs and "workflow.reject" in verbs
    assert "workflow.resume" in verbs
    assert verbs.count("catalogue.confidentiality_review") == 2
    assert "workflow.approve" in verbs and "catalogue.publish" in verbs
    messages = AuditEntry.objects.filter(verb="workflow.task.reject").values_list(
        "message", flat=True
    )
    assert "第二段含未公开数据，请删除" in list(messages)


@pytest.mark.django_db
def test_nothing_published_without_passed_confidentiality_review(portal, make_item):
    users = portal.users
    page = make_item("未经保密审查的信息")
    revision = page.save_revision(user=users["tjj-handler"])
    # the publish button / revision.publish() / scheduled publishing all end here
    with pytest.raises(PublicationBlocked):
        revision.publish(user=users["tjj-admin"], skip_permission_checks=True)
    assert not DisclosureItemPage.objects.get(pk=page.pk).live

    # a passed review of *this content* allows it; an edit afterwards needs a new review
    from gongkai.catalogue.review import record_review_without_workflow

    record_review_without_workflow(page=page, user=users["tjj-secrecy"])
    page.body = "<p>审查后又改动的正文。</p>"
    revision = page.save_revision(user=users["tjj-handler"])
    with pytest.raises(PublicationBlocked):
        revision.publish(user=users["tjj-admin"], skip_permission_checks=True)
    record_review_without_workflow(page=page, user=users["tjj-secrecy"])
    revision.publish(user=users["tjj-admin"], skip_permission_checks=True)
    assert DisclosureItemPage.objects.get(pk=page.pk).live


@pytest.mark.django_db
def test_scheduled_publishing_is_guarded(portal, make_item):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    users = portal.users
    page = make_item("定时发布的信息")
    page.go_live_at = timezone.now() + datetime.timedelta(minutes=1)
    revision = page.save_revision(user=users["tjj-handler"])
    revision.publish(user=users["tjj-admin"], skip_permission_checks=True)  # only schedules
    page.refresh_from_db()
    assert not page.live
    from wagtail.models import Revision

    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = Revision.objects.get(pk=revision.pk)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    with pytest.raises(PublicationBlocked):
        call_command("publish_scheduled")
    assert not DisclosureItemPage.objects.get(pk=page.pk).live


@pytest.mark.django_db
def test_withheld_or_secret_items_cannot_be_published(portal, make_item):
    from gongkai.catalogue.review import record_review_without_workflow

    users = portal.users
    page = make_item(
        "不予公开的信息", disclosure_attribute="withheld", attribute_reason="内部事务信息"
    )
    revision = page.save_revision(user=users["tjj-handler"])
    record_review_without_workflow(page=page, user=users["tjj-secrecy"])
    with pytest.raises(PublicationBlocked):
        revision.publish(user=users["tjj-admin"], skip_permission_checks=True)


@pytest.mark.django_db
def test_admin_publish_button_is_refused(portal, make_item, client):
    users = portal.users
    page = make_item("试图绕过流程直接发布")
    client.force_login(users["tjj-admin"])
    url = f"/admin/pages/{page.pk}/edit/"
    response = client.get(url)
    assert response.status_code == 200
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "body": rich_text(page.body),
            "topic": page.topic,
            "genre": page.genre,
            "document_type": page.document_type,
            "validity": page.validity,
            "disclosure_attribute": page.disclosure_attribute,
            "secrecy_status": page.secrecy_status,
            "attachments": inline_formset([]),
            "channels": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert not DisclosureItemPage.objects.get(pk=page.pk).live
    assert "未通过保密审查" in response.content.decode()


@pytest.mark.django_db
def test_each_agency_can_configure_its_own_chain(portal):
    from gongkai.catalogue.services import setup_workflow

    other = portal.agencies["mzl-czj"]
    from gongkai.catalogue.demo import _agency_site

    home, _catalogue = _agency_site(portal, portal.city_home, other, ["财政信息"])
    workflow = setup_workflow(
        agency=other,
        home_page=home,
        chain=[("office", "review", "办公室审核"), ("secrecy", "secrecy", "保密审查")],
    )
    assert [t.name for t in workflow.tasks][-1].endswith("保密审查")
    assert home.get_workflow() == workflow
    with pytest.raises(ValueError):
        setup_workflow(agency=other, home_page=home, chain=[("office", "review", "只审不保密")])
    with pytest.raises(ValueError, match="unknown review step"):
        setup_workflow(
            agency=other,
            home_page=home,
            chain=[("office", "countersign", "会签"), ("secrecy", "secrecy", "保密审查")],
        )
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name="统计局·保密审查员").exists()
    assert portal.users["tjj-secrecy"].groups.filter(name="统计局·保密审查员").exists()
    assert portal.users["tjj-office"].groups.filter(name="统计局·公开办").exists()
    assert not portal.users["tjj-handler"].groups.filter(name="统计局·公开办").exists()


# --- 科室负责人报送: only the head of the submitter's own unit sends an item on -----------------


def _reviewable(user) -> set[int]:
    return set(TaskState.objects.reviewable_by(user).values_list("pk", flat=True))


@pytest.mark.django_db
def test_only_the_head_of_the_submitters_unit_sends_the_item_on(portal, make_item):
    users = portal.users
    page = make_item("国民经济核算科拟公开的信息")
    page.get_workflow().start(page, users["tjj-handler"])  # 国民经济核算科
    state = current(page)
    assert isinstance(state.task.specific, UnitHeadTask)
    task = state.task.specific

    # the head of another unit, of another agency, the office staff and the author cannot act
    for outsider in ("tjj-office-head", "czj-unithead", "tjj-office", "tjj-handler", "tjj-signer"):
        user = users[outsider]
        assert task.get_actions(page, user) == [], outsider
        assert task.locked_for_user(page, user), outsider
        assert not task.user_can_access_editor(page, user), outsider
        assert state.pk not in _reviewable(user), outsider
    # the unit's head sees it in the "awaiting your review" list, may edit it and send it on
    head = users["tjj-unithead"]
    assert state.pk in _reviewable(head)
    assert task.user_can_access_editor(page, head) and not task.locked_for_user(page, head)
    assert {name for name, _label, _form in task.get_actions(page, head)} == {"approve", "reject"}

    # returned to the author; the resubmission restarts at the unit head
    act(page, head, "reject", comment="请核对数据口径")
    workflow_state = WorkflowState.objects.for_instance(page).get()
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    workflow_state.resume(user=users["tjj-handler"])
    assert isinstance(current(page).task.specific, UnitHeadTask)
    act(page, head, "approve", comment="同意报送")
    assert current(page).task.name.endswith("综合法规科签收")
    entry = AuditEntry.objects.filter(object_id=str(page.pk), verb="workflow.task.approve").get()
    assert entry.actor_id == head.pk and entry.message == "同意报送"


@pytest.mark.django_db
def test_a_submitter_without_a_unit_is_answered_for_by_the_office_head(portal, make_item):
    users = portal.users
    page = make_item("管理员起草的信息")
    page.get_workflow().start(page, users["tjj-admin"])  # holds no unit in the agency
    task = current(page).task.specific
    assert task.get_actions(page, users["tjj-unithead"]) == []
    office_head = users["tjj-office-head"]  # head of 综合法规科, the disclosure office
    act(page, office_head, "approve")
    assert current(page).task.name.endswith("综合法规科签收")


@pytest.mark.django_db
def test_a_refused_scheduled_revision_does_not_hold_up_the_others(portal, make_item):
    """One revision due without its 保密审查: its schedule is cancelled and its author told;
    the one that passed goes live (catalogue.services.publish_scheduled, the worker's job)."""
    import datetime

    from django.utils import timezone
    from freezegun import freeze_time
    from wagtail.models import Revision

    from gongkai.catalogue.models import DisclosureItemPage
    from gongkai.catalogue.review import record_review_without_workflow
    from gongkai.catalogue.services import publish_scheduled
    from gongkai.notifications.models import Notification

    users = portal.users
    soon = timezone.now() + datetime.timedelta(minutes=1)
    revisions = {}
    for title, reviewed in (("已审查的定时信息", True), ("未审查的定时信息", False)):
        page = make_item(title)
        page.go_live_at = soon
        revision = page.save_revision(user=users["tjj-handler"])
        if reviewed:
            record_review_without_workflow(page=page, user=users["tjj-secrecy"])
        revision.approved_go_live_at = soon
        revision.save()
        revisions[title] = (page, revision)
    with freeze_time(soon + datetime.timedelta(minutes=1), tick=True):
        done = publish_scheduled()
    assert done["published"] == 1 and done["refused"] == 1
    good, bad = revisions["已审查的定时信息"][0], revisions["未审查的定时信息"]
    assert DisclosureItemPage.objects.get(pk=good.pk).live
    assert not DisclosureItemPage.objects.get(pk=bad[0].pk).live
    assert Revision.objects.get(pk=bad[1].pk).approved_go_live_at is None
    notice = Notification.objects.get(kind="schedule_refused", recipient=users["tjj-handler"])
    assert "保密审查" in notice.body
    assert publish_scheduled()["refused"] == 0  # not retried every minute
