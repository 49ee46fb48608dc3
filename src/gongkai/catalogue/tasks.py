"""Background jobs of the catalogue: scheduled publishing, run by ``gongkai worker``."""

try:  # retries with backoff when the ops app provides them
    from gongkai.ops.tasks import task
except ImportError:  # pragma: no cover
    from django_tasks import task


@task()
def publish_scheduled() -> dict:
    """Every minute: publish the revisions whose go-live time passed and unpublish the pages
    whose expiry time passed (``catalogue.services.publish_scheduled``)."""
    from gongkai.catalogue.services import publish_scheduled as run

    return run()
