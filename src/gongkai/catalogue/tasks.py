"""Background jobs of the catalogue: Wagtail's scheduled publishing, run by ``gongkai worker``."""

from io import StringIO

from django.core.management import call_command

try:  # retries with backoff when the ops app provides them
    from gongkai.ops.tasks import task
except ImportError:  # pragma: no cover
    from django_tasks import task


@task()
def publish_scheduled() -> str:
    """Publish the revisions whose go-live time has passed and unpublish the pages whose
    expiry time has (Wagtail's ``publish_scheduled`` command); every minute. A page still
    goes live only through its passed 保密审查 (``catalogue.review.guard_publish``)."""
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()[-2000:]
