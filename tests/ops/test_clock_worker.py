"""The statutory clock runs by itself (#16): one tick of the real ``gongkai worker`` process,
with the clock frozen on a working morning, sends exactly one reminder per due-soon case to
each person who works it (over real SMTP), none twice when a second worker runs the same day,
and publishes a page whose go-live time has passed."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from freezegun import freeze_time

from .conftest import Database

pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.date
RUNNER = Path(__file__).with_name("frozen_worker.py")
PERSON = {
    "applicant_type": "natural_person",
    "applicant_name": "王小明",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "info_title": "2025年统计公报",
    "description": "请提供全文",
    "provision_form": "electronic",
    "receipt_method": "email",
}


def _tick(db: Database, smtp, tmp_path, moment: str, worker_id: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "GONGKAI_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "gongkai.settings",
            "DATABASE_URL": db.url,
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            "GONGKAI_VAR_DIR": str(tmp_path / "var"),
        }
    )
    done = subprocess.run(
        [
            sys.executable,
            str(RUNNER),
            moment,
            "--batch",
            "--worker-id",
            worker_id,
            "--interval",
            "0.1",
            "--no-startup-delay",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


@pytest.fixture
def world():
    """The statistics bureau with its staff, two open cases and a scheduled catalogue item."""
    from gongkai.agencies import demo as agencies_demo
    from gongkai.applications import services as sv
    from gongkai.catalogue import demo as catalogue_demo
    from gongkai.catalogue.models import DisclosureItemPage
    from gongkai.catalogue.review import record_review_without_workflow
    from gongkai.demo import DemoContext
    from gongkai.workdays import demo as workdays_demo

    ctx = DemoContext(verbosity=0)
    agencies_demo.load(ctx)
    workdays_demo.load(ctx)
    for user in ctx.users.values():
        user.email = f"{user.username}@example.gov.cn"
        user.save(update_fields=["email"])
    tjj = ctx.agencies["mzl-tjj"]
    unit = ctx.units[("mzl-tjj", "国民经济核算科")]
    cases = {}
    for name, received in (("soon", D(2026, 1, 30)), ("calm", D(2026, 2, 27))):
        with freeze_time(f"{received.isoformat()} 02:00:00"):
            app = sv.application_register(
                agency=tjj,
                data=dict(PERSON),
                actor=ctx.users["tjj-registrar"],
                channel="in_person",
                submitted_on=received,
            ).application
            app = sv.application_route(application=app, actor=ctx.users["tjj-registrar"], unit=unit)
            cases[name] = sv.application_claim(application=app, actor=ctx.users["tjj-handler"])
    assert cases["soon"].reply_due == D(2026, 3, 5)  # 3 working days after Monday 2026-03-02

    city_home = catalogue_demo._city_home(ctx)
    _home, catalogue = catalogue_demo._agency_site(
        ctx, city_home, tjj, catalogue_demo.TJJ_CATEGORIES
    )
    page = DisclosureItemPage(
        title="定时发布的统计信息",
        slug="scheduled-item",
        summary="定时发布。",
        body="<p>正文。</p>",
        written_date=D(2026, 2, 27),
        live=False,
        category=catalogue.categories.first(),
    )
    catalogue.add_child(instance=page)
    with freeze_time("2026-03-01 02:00:00"):  # scheduled the day before, to go live at 08:00
        page.go_live_at = datetime.datetime(2026, 3, 2, 0, 0, tzinfo=datetime.UTC)
        revision = page.save_revision(user=ctx.users["tjj-handler"])
        record_review_without_workflow(page=page, user=ctx.users["tjj-secrecy"])
        revision.publish(user=ctx.users["tjj-signer"], skip_permission_checks=True)
    page.refresh_from_db()
    assert not page.live
    return ctx, cases, page


def test_one_tick_reminds_once_and_publishes_what_is_due(world, smtp, tmp_path):
    ctx, cases, page = world
    db = Database(tmp_path)
    count = "SELECT COUNT(*) FROM notifications_notification WHERE kind = ? AND url = ?"
    soon_url = f"/admin/applications/{cases['soon'].pk}/"
    calm_url = f"/admin/applications/{cases['calm'].pk}/"

    _tick(db, smtp, tmp_path, "2026-03-02T01:00:00", "worker-a")  # 09:00 Beijing
    # the handler who claimed it and the head of its unit; nobody for the calm case
    assert db.one(count, ("deadline", soon_url)) == (2,)
    assert db.one(count, ("deadline", calm_url)) == (0,)
    reminded = sorted(rcpt for m in _about(smtp, soon_url) for rcpt in m.rcpt_tos)
    assert reminded == ["tjj-handler@example.gov.cn", "tjj-unithead@example.gov.cn"]
    assert _about(smtp, calm_url) == []
    assert db.one("SELECT live FROM wagtailcore_page WHERE id = ?", (page.pk,)) in ((1,), (True,))

    # A second worker that did not see the first's run (its schedule rows gone) runs the
    # same day's jobs again: nobody is told twice.
    db.run("DELETE FROM ops_scheduledjob")
    _tick(db, smtp, tmp_path, "2026-03-02T02:00:00", "worker-b")
    assert db.one(count, ("deadline", soon_url)) == (2,)
    assert len(_about(smtp, soon_url)) == len(reminded)


def _about(smtp, url: str) -> list:
    """The messages whose text links to ``url`` (a case page)."""
    import email
    from email import policy

    found = []
    for envelope in smtp.messages:
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        if url in message.get_body(("plain",)).get_content():
            found.append(envelope)
    return found
