"""``gongkai clock FILE|-`` on the holiday table: stdin, files, the JSON contract and exit codes."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gongkai.workdays import services
from gongkai.workdays.schedule import parse_yaml

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]
GONGKAI = REPO / ".venv" / "bin" / "gongkai"

SPRING_FESTIVAL = {
    "channel": "online",
    "submitted_on": "2026-02-12",
    "received_on": "2026-02-13",
    "events": [
        {"type": "correction_requested", "on": "2026-02-24", "deadline": "2026-03-06"},
        {"type": "correction_received", "on": "2026-02-26"},
        {"type": "consultation_sent", "on": "2026-03-02"},
        {"type": "consultation_sent", "on": "2026-03-04"},
        {"type": "consultation_closed", "on": "2026-03-06"},
        {"type": "consultation_closed", "on": "2026-03-10"},
        {"type": "extension_approved", "on": "2026-03-25", "workdays": 10},
    ],
    "as_of": "2026-03-26",
}


def clock(*args, stdin: str | None = None) -> dict:
    out = io.StringIO()
    kwargs = {"stdout": out}
    if stdin is not None:
        kwargs["stdin"] = io.StringIO(stdin)
    call_command("clock", *args, **kwargs)
    return json.loads(out.getvalue())


def test_stdin_across_spring_festival_correction_consultations_extension():
    out = clock("-", stdin=json.dumps(SPRING_FESTIVAL))
    assert set(out) == {
        "received_on",
        "correction_notice_due",
        "reply_due",
        "paused_workdays",
        "state",
        "provisional",
        "explain",
        "pause_until",
        "delayed",
        "windows",
    }
    assert out["pause_until"] is None and out["delayed"] is False
    assert out["windows"] == []  # as of 3-26 nothing the parties owe is open
    assert out["received_on"] == "2026-02-13"
    assert out["correction_notice_due"] == "2026-03-02"
    # restart 2-26: 2-27, 2-28 (调休 Saturday), 3-2; (3-2, 3-10] paused (union of both: 6 workdays)
    assert out["paused_workdays"] == 6
    assert out["state"] == "running"
    assert out["provisional"] is False
    # 3-11 is day 4 ... 4-2 day 20 (the original due date), 清明节 4-4..4-6 skipped, 4-17 day 30
    assert out["reply_due"] == "2026-04-17"
    deadlines = {e["reason"]: e["date"] for e in out["explain"] if e["kind"] == "deadline"}
    assert deadlines["原答复期限"] == "2026-04-02" and deadlines["答复期限"] == "2026-04-17"
    texts = [e["text"] for e in out["explain"]]
    assert any("2026-02-14（星期六）" in t and "补正告知前" not in t for t in texts)
    assert any("2026-02-28（星期六） 调休上班（春节），计入，第2个工作日" in t for t in texts)
    assert any("清明节，不计入" in t for t in texts)
    assert any("征求意见期间" in t for t in texts)


def test_file_input_and_text_output(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(
        json.dumps({"channel": "in_person", "submitted_on": "2026-09-28", "as_of": "2026-10-09"}),
        "utf-8",
    )
    out = clock(str(path))
    assert out["reply_due"] == "2026-10-30" and out["correction_notice_due"] == "2026-10-13"
    text = io.StringIO()
    call_command("clock", str(path), "--text", stdout=text)
    assert "2026-10-10（星期六） 调休上班（国庆节），计入，第5个工作日" in text.getvalue()


def test_uses_the_database_calendar(write):
    """An imported year takes effect in the clock (the command counts on the table, not the package)."""
    case = json.dumps({"channel": "in_person", "submitted_on": "2026-12-10", "as_of": "2026-12-11"})
    before = clock("-", stdin=case)
    # no 2027 schedule: the statutory 元旦 (Friday 1 January) is skipped, flagged provisional
    assert before["provisional"] is True and before["reply_due"] == "2027-01-08"
    services.import_year(
        schedule=parse_yaml(
            "year: 2027\nnotice: 测试〔2026〕1号\nholidays:\n  - name: 元旦\n    rest: 2027-01-01..2027-01-04\n"
        )
    )
    after = clock("-", stdin=case)
    assert after["provisional"] is False and after["reply_due"] == "2027-01-11"


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("{oops", "JSON"),
        ('{"channel": "pigeon", "submitted_on": "2026-03-02"}', "channel"),
        ('{"channel": "in_person", "submitted_on": "2026-02-30"}', "不存在的日期"),
        (
            json.dumps(
                {
                    "channel": "in_person",
                    "submitted_on": "2026-03-02",
                    "events": [
                        {"type": "replied", "on": "2026-03-10"},
                        {"type": "consultation_sent", "on": "2026-03-05"},
                    ],
                    "as_of": "2026-04-01",
                }
            ),
            "先后",
        ),
        (
            json.dumps(
                {
                    "channel": "in_person",
                    "submitted_on": "2026-03-02",
                    "events": [{"type": "extension_approved", "on": "2026-03-10", "workdays": 30}],
                    "as_of": "2026-04-01",
                }
            ),
            "第三十三条",
        ),
    ],
)
def test_bad_input_exits_2(stdin, message):
    with pytest.raises(CommandError, match=message) as error:
        clock("-", stdin=stdin)
    assert error.value.returncode == 2


def test_missing_file_exits_2():
    with pytest.raises(CommandError, match="无法读取") as error:
        clock("/nonexistent/case.json")
    assert error.value.returncode == 2


def test_fee_window_setting_is_the_default(settings):
    case = {
        "channel": "in_person",
        "submitted_on": "2026-03-02",
        "events": [
            {"type": "fee_notice_sent", "on": "2026-03-04"},
            {"type": "fee_paid", "on": "2026-03-10"},
        ],
        "as_of": "2026-03-11",
    }
    settings.GONGKAI = {**settings.GONGKAI, "FEE_WINDOW_PAUSES_CLOCK": False}
    assert clock("-", stdin=json.dumps(case))["paused_workdays"] == 0
    settings.GONGKAI = {**settings.GONGKAI, "FEE_WINDOW_PAUSES_CLOCK": True}
    assert clock("-", stdin=json.dumps(case))["paused_workdays"] == 4
    assert (
        clock("-", stdin=json.dumps({**case, "fee_window_pauses": False}))["paused_workdays"] == 0
    )


def _subprocess(args, stdin, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "GONGKAI_VAR_DIR": str(tmp_path),
    }
    command = [str(GONGKAI)] if GONGKAI.exists() else [sys.executable, "-m", "gongkai"]
    return subprocess.run(
        [*command, *args], input=stdin, capture_output=True, text=True, env=env, timeout=300
    )


@pytest.mark.django_db(transaction=False)
def test_subprocess_stdin_and_exit_codes(tmp_path):
    """The real command line: ``gongkai clock -`` (a fresh, unmigrated database: the package's calendar)."""
    case = {
        "channel": "mail",
        "submitted_on": "2026-09-25",
        "received_on": "2026-09-28",
        "as_of": "2026-11-02",
    }
    done = _subprocess(["clock", "-"], json.dumps(case), tmp_path)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["reply_due"] == "2026-10-30" and out["state"] == "overdue"
    bad = _subprocess(
        ["clock", "-"], '{"channel": "in_person", "submitted_on": "2026-13-01"}', tmp_path
    )
    assert bad.returncode == 2
    assert "不存在的日期" in bad.stderr and bad.stdout == ""
