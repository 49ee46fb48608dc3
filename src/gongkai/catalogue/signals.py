"""Every workflow step and every (un)publication lands in the audit log; the search index
follows publication. Connected in ``CatalogueConfig.ready``."""

from django.db.models.signals import post_save, pre_delete
from wagtail.models import PageLogEntry, TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    page_unpublished,
    task_approved,
    task_cancelled,
    task_rejected,
    task_submitted,
    workflow_approved,
    workflow_cancelled,
    workflow_rejected,
    workflow_submitted,
)

from gongkai.audit.services import audit_record


def _item(obj):
    from gongkai.catalogue.models import DisclosureItemPage

    page = getattr(obj, "specific", obj)
    return page if isinstance(page, DisclosureItemPage) else None


def _record(verb: str, page, user, message: str = "", changes: dict | None = None) -> None:
    audit_record(
        action="workflow",
        verb=verb,
        obj=page,
        actor=user,
        agency_id=getattr(page, "agency_id", None),
        message=message,
        changes=changes or {},
    )


def on_workflow(sender, instance: WorkflowState, user=None, verb: str = "", **kwargs):
    page = _item(instance.content_object)
    if page is not None:
        _record(verb, page, user, changes={"workflow": instance.workflow.name})


def on_task(sender, instance: TaskState, user=None, verb: str = "", **kwargs):
    page = _item(instance.workflow_state.content_object)
    if page is not None:
        _record(
            verb,
            page,
            user,
            message=instance.comment or "",
            changes={"task": instance.task.name, "status": instance.status},
        )


def on_published(sender, instance, revision=None, **kwargs):
    page = _item(instance)
    if page is None:
        return
    from gongkai.catalogue.search import index_page

    page.refresh_from_db()
    if page.publication_date is None:
        from django.utils import timezone

        type(page).objects.filter(pk=page.pk).update(
            publication_date=timezone.localdate(page.first_published_at or timezone.now())
        )
        page.refresh_from_db()
    index_page(page)
    from gongkai.catalogue.services import record_channel

    record_channel(page=page, channel="portal", published_on=page.publication_date)
    _record("catalogue.publish", page, None, changes={"revision": getattr(revision, "pk", None)})


def on_unpublished(sender, instance, **kwargs):
    page = _item(instance)
    if page is None:
        return
    from gongkai.catalogue.search import unindex_page

    unindex_page(page.pk)
    _record("catalogue.unpublish", page, None)


def on_page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if not isinstance(instance, Page):
        return
    page = _item(instance)
    if page is None:
        return
    from gongkai.catalogue.search import unindex_page

    unindex_page(page.pk)


def on_log_entry(sender, instance: PageLogEntry, created=False, **kwargs):
    """Workflow resumption (resubmission after changes were requested) has no signal."""
    if not created or instance.action != "wagtail.workflow.resume":
        return
    page = _item(instance.page)
    if page is not None:
        task = (instance.data or {}).get("workflow", {}).get("task", {})
        _record("workflow.resume", page, instance.user, changes={"task": task.get("title")})


def connect() -> None:
    for signal, verb in [
        (workflow_submitted, "workflow.submit"),
        (workflow_approved, "workflow.approve"),
        (workflow_rejected, "workflow.reject"),
        (workflow_cancelled, "workflow.cancel"),
    ]:
        signal.connect(
            lambda sender, instance, user=None, _verb=verb, **kw: on_workflow(
                sender, instance, user, verb=_verb
            ),
            weak=False,
            dispatch_uid=f"catalogue-{verb}",
        )
    for signal, verb in [
        (task_submitted, "workflow.task.start"),
        (task_approved, "workflow.task.approve"),
        (task_rejected, "workflow.task.reject"),
        (task_cancelled, "workflow.task.cancel"),
    ]:
        signal.connect(
            lambda sender, instance, user=None, _verb=verb, **kw: on_task(
                sender, instance, user, verb=_verb
            ),
            weak=False,
            dispatch_uid=f"catalogue-{verb}",
        )
    page_published.connect(on_published, dispatch_uid="catalogue-published")
    page_unpublished.connect(on_unpublished, dispatch_uid="catalogue-unpublished")
    pre_delete.connect(on_page_deleted, dispatch_uid="catalogue-page-deleted")
    post_save.connect(on_log_entry, sender=PageLogEntry, dispatch_uid="catalogue-log-entry")
