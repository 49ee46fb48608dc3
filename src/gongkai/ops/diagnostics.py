"""End-to-end checks of the background machinery: worker, retries, at-most-once mail.

``probe`` is an ordinary task an operator can enqueue (``gongkai shell``) to see
a worker pick work up and mail leave; the fault tests use its knobs to fail on
early attempts or to linger after sending so a worker can be killed mid-task.
"""

import time

from django.utils.translation import gettext as _

from gongkai.ops.outbound import send_mail_once
from gongkai.ops.tasks import task


@task(takes_context=True, max_attempts=5, backoff=0.5, factor=1)
def probe(
    context,
    key: str,
    to: list[str] | None = None,
    fail_until_attempt: int = 0,
    sleep_after: float = 0.0,
) -> dict:
    """Send one test e-mail (at most once for ``key``), then optionally linger or fail.

    ``sleep_after`` seconds of lingering happen on the first attempt only (time to kill
    the worker mid-task); attempts up to ``fail_until_attempt`` raise.
    """
    attempt = context.attempt
    sent = None
    if to:
        sent = send_mail_once(
            f"probe:{key}",
            subject=_("系统测试邮件 %(key)s") % {"key": key},
            body=_("这是一封由后台任务发出的测试邮件。"),
            to=to,
        )
    if sleep_after and attempt == 1:
        time.sleep(sleep_after)
    if attempt <= fail_until_attempt:
        raise RuntimeError(f"probe {key}: planned failure on attempt {attempt}")
    return {"key": key, "attempt": attempt, "mail": str(sent) if sent else None}
