"""What invalidates the page cache and re-renders statically published pages.

Any publication, unpublication, move or deletion of a page, and any change to a record the
portal shows (agencies, catalogue, reports, registers, Wagtail sites, documents, redirects)
bumps the cache generation: at once and again after the transaction commits (so a request
that rendered the old data during the transaction cannot keep it). With
``GONGKAI_STATIC_PUBLISH_DIR`` set, the affected pages are re-rendered by a task enqueued
after commit (one task per transaction).
"""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from gongkai.portal import cache, publish

# Records the portal shows. Logs, workflow states, revisions (drafts), search index rows and
# everything about applications do not change a public page.
WATCHED_APPS = {
    "agencies",
    "catalogue",
    "reports",
    "registers",
    "wagtailcore",
    "wagtaildocs",
    "wagtailimages",
    "wagtailredirects",
    "portal",
}
IGNORED_MODELS = {
    "agencies.membership",
    "catalogue.searchentry",
    "catalogue.indexnumbercounter",
    "catalogue.indexnumberallocation",
    "catalogue.confidentialityreview",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.pagesubscription",
    "wagtailcore.uploadedfile",
    "wagtailcore.referenceindex",
    "wagtailcore.groupapprovaltask",
}
# Changes that re-render the whole static site (they show on every page of an agency).
SITE_WIDE = {
    "agencies.agency",
    "agencies.unit",
    "agencies.leadershipgroupmember",
    "wagtailcore.site",
}

_pending = threading.local()


def watched(model) -> bool:
    label = model._meta.label_lower
    return model._meta.app_label in WATCHED_APPS and label not in IGNORED_MODELS


def invalidate() -> None:
    cache.bump()
    transaction.on_commit(cache.bump)


def schedule_republish(page_ids=(), removed=(), whole_site: bool = False) -> None:
    """Queue a static re-render after commit (merged per transaction)."""
    if not publish.static_dir():
        return
    state = getattr(_pending, "state", None)
    if state is None:
        state = _pending.state = {"ids": set(), "removed": set(), "all": False}
    # Every call registers a flush; the first to run after commit takes everything pending
    # (after a rollback the leftovers ride along with the next commit: one extra render).
    transaction.on_commit(_flush)
    state["ids"].update(page_ids)
    state["removed"].update(removed)
    state["all"] = state["all"] or whole_site


def _flush() -> None:
    state = getattr(_pending, "state", None)
    _pending.state = None
    if not state:
        return
    from gongkai.portal.tasks import republish

    republish.enqueue(
        page_ids=None if state["all"] else sorted(state["ids"]),
        removed=sorted(state["removed"]),
    )


def on_page_published(sender, instance, **kwargs):
    invalidate()
    schedule_republish(page_ids=[instance.pk])


def on_page_unpublished(sender, instance, **kwargs):
    invalidate()
    url = instance.get_url()
    schedule_republish(page_ids=[instance.pk], removed=[url] if url and url.startswith("/") else [])


def on_page_moved(sender, instance, **kwargs):
    invalidate()
    schedule_republish(whole_site=True)


def on_saved(sender, instance, **kwargs):
    if not watched(sender):
        return
    invalidate()
    label = sender._meta.label_lower
    if label in SITE_WIDE or sender._meta.app_label == "reports":
        schedule_republish(whole_site=True)


def on_deleted(sender, instance, **kwargs):
    if not watched(sender):
        return
    invalidate()
    from wagtail.models import Page

    if isinstance(instance, Page) or sender._meta.label_lower in SITE_WIDE:
        schedule_republish(whole_site=True)


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="portal-page-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="portal-page-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="portal-page-moved")
    post_save.connect(on_saved, dispatch_uid="portal-saved")
    post_delete.connect(on_deleted, dispatch_uid="portal-deleted")
