"""A task for the worker fault test: sends one e-mail at most once, and lingers on its first
attempt (before or after the send) so that the test can SIGKILL the worker there."""

import time
from pathlib import Path

from gongkai.ops.outbound import send_mail_once
from gongkai.ops.tasks import task


@task(max_attempts=3, backoff=0.0)
def mail_then_linger(key: str, marker_dir: str, when: str) -> str:
    marker = Path(marker_dir)
    attempt = len(list(marker.glob("attempt-*"))) + 1
    (marker / f"attempt-{attempt}").touch()
    if attempt == 1 and when == "before":
        (marker / "lingering").touch()
        time.sleep(600)
    result = send_mail_once(
        key,
        subject="答复期限提醒",
        body="您有一件申请将于3个工作日内到期。",
        to=["staff@example.com"],
    )
    if attempt == 1 and when == "after":
        (marker / "lingering").touch()
        time.sleep(600)
    return str(result)
