"""Background re-rendering of statically published pages (when GONGKAI_STATIC_PUBLISH_DIR is set)."""

try:  # retries with backoff when the ops app provides them
    from gongkai.ops.tasks import task
except ImportError:  # pragma: no cover
    from django_tasks import task

from gongkai.portal import publish


@task()
def republish(page_ids: list[int] | None = None, removed: list[str] | None = None) -> dict:
    """Re-render the pages a change affects (``page_ids``; None: the whole site) and delete the
    files of pages that are no longer public (``removed``: their URL paths)."""
    out = publish.static_dir()
    if not out:
        return {"skipped": "GONGKAI_STATIC_PUBLISH_DIR is not set"}
    result: dict = {}
    if removed:
        result["removed"] = publish.remove_paths(out, removed)
    if page_ids is None:
        result.update(publish.publish_site(out, static=False))
    else:
        result.update(publish.publish_paths(out, publish.affected_paths(page_ids)))
    return {k: v for k, v in result.items() if k != "unchanged"}
