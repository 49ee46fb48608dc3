"""rules.clock: received date (Art. 31), 补正 (Art. 30), consultations and extension (Arts. 32-34)."""

import datetime
import json

import pytest

from gongkai.rules.calendar import CalendarEntry, WorkCalendar
from gongkai.rules.calendar_seed import package_calendar
from gongkai.rules.clock import (
    CHANNELS,
    ClockError,
    ClockEvent,
    ClockInput,
    compute,
    compute_json,
    from_json,
    to_json,
)

D = datetime.date
CONTRACT_KEYS = {
    "received_on",
    "correction_notice_due",
    "reply_due",
    "paused_workdays",
    "state",
    "provisional",
    "pause_until",
    "delayed",
    "windows",
    "explain",
}


@pytest.fixture(scope="module")
def cal():
    return package_calendar()


def run(cal, **data):
    data.setdefault("channel", "in_person")
    data.setdefault("events", [])
    return compute(from_json(data), cal)


def days(result):
    return [e for e in result.explain if e.kind == "day"]


# --- Art. 31: the received date per channel ---------------------------------------------
@pytest.mark.parametrize("channel", ["in_person", "oral"])
def test_received_on_is_ignored_for_in_person_and_oral(cal, channel):
    r = run(
        cal,
        channel=channel,
        submitted_on="2026-09-28",
        received_on="2026-10-09",
        as_of="2026-09-28",
    )
    assert r.received_on == D(2026, 9, 28)
    assert r.state == "running"
    assert r.reply_due == D(2026, 10, 30)


@pytest.mark.parametrize("channel", ["mail", "post_plain", "online", "fax"])
def test_received_on_counts_for_confirmed_channels(cal, channel):
    r = run(
        cal,
        channel=channel,
        submitted_on="2026-09-25",
        received_on="2026-09-28",
        as_of="2026-10-09",
    )
    assert r.received_on == D(2026, 9, 28)
    assert r.reply_due == D(2026, 10, 30)
    assert r.explain[0].kind == "received"
    assert "第三十一条" in r.explain[0].text


@pytest.mark.parametrize("channel", ["mail", "post_plain", "online", "fax"])
def test_not_started_until_confirmed(cal, channel):
    r = run(cal, channel=channel, submitted_on="2026-09-25", as_of="2026-10-20")
    assert r.received_on is None
    assert r.state == "not_started"
    assert r.reply_due is None and r.correction_notice_due is None
    assert "尚未确认收到申请" in r.explain[0].text


def test_received_before_submitted_is_rejected(cal):
    with pytest.raises(ClockError, match="早于 submitted_on"):
        run(
            cal,
            channel="mail",
            submitted_on="2026-09-25",
            received_on="2026-09-20",
            as_of="2026-10-01",
        )


def test_every_channel_is_known():
    assert set(CHANNELS) == {"in_person", "oral", "mail", "post_plain", "online", "fax"}


# --- National Day and Spring Festival 2026 ----------------------------------------------
def test_across_national_day_2026(cal):
    r = run(cal, submitted_on="2026-09-28", as_of="2026-10-09")
    assert r.correction_notice_due == D(
        2026, 10, 13
    )  # 9-29, 9-30, 10-8, 10-9, 10-10 (Sat), 10-12, 10-13
    assert r.reply_due == D(2026, 10, 30)
    assert r.state == "running" and not r.provisional and r.paused_workdays == 0
    assert r.remaining_workdays == 16
    by_date = {e.date: e for e in days(r)}
    for d in range(1, 8):
        assert by_date[D(2026, 10, d)].counted is False
        assert by_date[D(2026, 10, d)].reason == "国庆节"
    saturday = by_date[D(2026, 10, 10)]
    assert saturday.counted and saturday.n == 5 and saturday.reason == "调休上班（国庆节）"
    assert "调休上班（国庆节），计入，第5个工作日" in saturday.text
    assert by_date[D(2026, 10, 30)].n == 20
    # every day from the day after receipt to the due date, once
    assert [e.date for e in days(r)] == [
        D(2026, 9, 29) + datetime.timedelta(days=i)
        for i in range((D(2026, 10, 30) - D(2026, 9, 29)).days + 1)
    ]
    assert sum(1 for e in days(r) if e.counted) == 20
    deadlines = {e.reason: e.date for e in r.explain if e.kind == "deadline"}
    assert deadlines == {"补正告知期限": D(2026, 10, 13), "答复期限": D(2026, 10, 30)}


def test_across_spring_festival_with_adjusted_saturday(cal):
    r = run(
        cal,
        channel="online",
        submitted_on="2026-02-12",
        received_on="2026-02-13",
        as_of="2026-02-24",
    )
    assert r.reply_due == D(2026, 3, 19)
    assert r.correction_notice_due == D(2026, 3, 2)  # 2-14, 2-24..2-28, 3-2
    by_date = {e.date: e for e in days(r)}
    assert by_date[D(2026, 2, 14)].counted and by_date[D(2026, 2, 14)].n == 1
    assert by_date[D(2026, 2, 14)].reason == "调休上班（春节）"
    assert by_date[D(2026, 2, 28)].reason == "调休上班（春节）" and by_date[D(2026, 2, 28)].n == 6
    skipped = [e for e in days(r) if not e.counted and e.reason == "春节"]
    assert [e.date for e in skipped] == [D(2026, 2, d) for d in range(15, 24)]
    assert by_date[D(2026, 3, 1)].reason == "周末"


# --- Art. 30: correction --------------------------------------------------------------------
def test_correction_restarts_the_clock(cal):
    events = [
        {"type": "correction_requested", "on": "2026-03-05", "deadline": "2026-03-20"},
        {"type": "correction_received", "on": "2026-03-10"},
    ]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-12")
    assert r.correction_notice_due == D(2026, 3, 11)
    # 20 working days after 3-10, 清明节 4-4..4-6 skipped
    assert r.reply_due == D(2026, 4, 8)
    assert r.clock_start == D(2026, 3, 10)
    assert r.state == "running"
    by_date = {e.date: e for e in days(r)}
    assert by_date[D(2026, 3, 3)].counted is False and by_date[D(2026, 3, 3)].reason == "补正告知前"
    assert by_date[D(2026, 3, 9)].reason == "等待补正"
    assert by_date[D(2026, 3, 10)].counted is False
    assert by_date[D(2026, 3, 11)].n == 1
    assert by_date[D(2026, 4, 6)].reason == "清明节"
    assert by_date[D(2026, 4, 8)].n == 20


def test_awaiting_correction_has_no_reply_due(cal):
    events = [{"type": "correction_requested", "on": "2026-03-05", "deadline": "2026-03-20"}]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-20")
    assert r.state == "awaiting_correction"
    assert r.reply_due is None
    assert r.correction_notice_due == D(2026, 3, 11)
    assert "等待补正" in r.explain[-1].text


def test_correction_not_received_in_time_is_abandoned(cal):
    events = [{"type": "correction_requested", "on": "2026-03-05", "deadline": "2026-03-20"}]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-21")
    assert r.state == "abandoned"
    assert r.reply_due is None
    assert "视为放弃申请" in r.explain[-1].text


def test_late_correction_notice_and_late_correction_are_flagged(cal):
    events = [
        {"type": "correction_requested", "on": "2026-03-13", "deadline": "2026-03-20"},
        {"type": "correction_received", "on": "2026-03-23"},
    ]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-23")
    assert r.state == "running"
    assert r.reply_due == cal.add_workdays(D(2026, 3, 23), 20)
    assert any("晚于收到申请之日起7个工作日" in w for w in r.warnings)
    assert any("逾期补正" in w for w in r.warnings)
    assert any(e.kind == "warning" for e in r.explain)


# --- Arts. 32-34: consultations -------------------------------------------------------------
def test_two_overlapping_consultations(cal):
    events = [
        {"type": "consultation_sent", "on": "2026-03-04"},
        {"type": "consultation_sent", "on": "2026-03-09"},
        {"type": "consultation_closed", "on": "2026-03-10"},
        {"type": "consultation_closed", "on": "2026-03-13"},
    ]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-16")
    # paused: 3-5, 3-6, 3-9 .. 3-13 (S < d <= E over the union (3-4, 3-13])
    assert r.paused_workdays == 7
    assert r.reply_due == D(2026, 4, 9)
    assert r.state == "running"
    by_date = {e.date: e for e in days(r)}
    assert by_date[D(2026, 3, 4)].counted and by_date[D(2026, 3, 4)].n == 2  # the day sent counts
    assert by_date[D(2026, 3, 13)].counted is False and by_date[D(2026, 3, 13)].reason == "征求意见"
    assert by_date[D(2026, 3, 16)].n == 3


def test_two_separate_consultations(cal):
    events = [
        {"type": "consultation_sent", "on": "2026-03-03"},
        {"type": "consultation_closed", "on": "2026-03-05"},
        {"type": "consultation_sent", "on": "2026-03-10"},
        {"type": "consultation_closed", "on": "2026-03-11"},
    ]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-12")
    assert r.paused_workdays == 3  # 3-4, 3-5, 3-11
    assert r.reply_due == cal.add_workdays(D(2026, 3, 2), 23)


def test_open_consultation_pauses(cal):
    events = [{"type": "consultation_sent", "on": "2026-03-04"}]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-10")
    assert r.state == "paused"
    # Arts. 32, 34: the party answers within 15 working days of receiving the letter (here the
    # day it was sent): 3-5 ... 3-25 is the longest pause. 2 days counted before it (3-3, 3-4),
    # 18 after: 3-26 ... 4-21 (清明节 4-6 skipped). The latest due date is known at once.
    assert r.pause_until == D(2026, 3, 25)
    assert r.reply_due == D(2026, 4, 21)
    assert r.paused_workdays == 4  # 3-5, 3-6, 3-9, 3-10 so far
    [window] = r.windows
    assert (window.kind, window.closes, window.status, window.article) == (
        "consultation",
        D(2026, 3, 25),
        "open",
        "第三十二条",
    )
    assert to_json(r)["reply_due"] == "2026-04-21" and to_json(r)["pause_until"] == "2026-03-25"


def test_an_unanswered_consultation_ends_by_itself(cal):
    """No answer within 15 working days: the clock runs again the next day (Art. 32)."""
    events = [{"type": "consultation_sent", "on": "2026-03-04"}]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-26")
    assert r.state == "running" and r.pause_until is None
    assert r.reply_due == D(2026, 4, 21)
    assert r.paused_workdays == 15
    [window] = r.windows
    assert window.status == "expired" and window.closes == D(2026, 3, 25)
    [deadline] = [e for e in r.explain if e.reason == "征求意见期限"]
    assert deadline.date == D(2026, 3, 25)
    assert "由行政机关依照本条例的规定决定是否公开（第三十二条）" in deadline.text
    counted = [e for e in r.explain if e.kind == "day" and e.date == D(2026, 3, 26)]
    assert counted[0].counted and counted[0].n == 3


def test_consultation_of_another_agency_counts_from_its_receipt(cal):
    """Art. 34: counted from the day the other agency received the letter; silence = consent."""
    events = [
        {
            "type": "consultation_sent",
            "on": "2026-03-04",
            "received_on": "2026-03-06",
            "party_kind": "agency",
        }
    ]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-30")
    [window] = r.windows
    assert window.closes == D(2026, 3, 27) and window.article == "第三十四条"
    assert window.status == "expired"
    [deadline] = [e for e in r.explain if e.reason == "征求意见期限"]
    assert "视为同意公开（第三十四条）" in deadline.text
    with pytest.raises(ClockError, match="party_kind"):
        from_json(
            {
                "channel": "in_person",
                "submitted_on": "2026-03-02",
                "events": [{"type": "consultation_sent", "on": "2026-03-04", "party_kind": "x"}],
            }
        )


def test_an_opinion_recorded_after_the_period_pauses_no_longer_than_it(cal):
    events = [
        {"type": "consultation_sent", "on": "2026-03-04"},
        {"type": "consultation_closed", "on": "2026-04-01"},
    ]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-04-02")
    assert r.reply_due == D(2026, 4, 21)  # as if it had ended on 3-25
    assert any("晚于对方提出意见的期限" in w for w in r.warnings)


def test_consultation_closed_the_day_it_was_sent_pauses_nothing(cal):
    events = [
        {"type": "consultation_sent", "on": "2026-03-04"},
        {"type": "consultation_closed", "on": "2026-03-04"},
    ]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-10")
    assert r.paused_workdays == 0 and r.reply_due == cal.add_workdays(D(2026, 3, 2), 20)


def test_consultation_opened_after_expiry_does_not_revive_the_deadline(cal):
    events = [{"type": "consultation_sent", "on": "2026-04-10"}]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-04-14")
    assert r.reply_due == cal.add_workdays(D(2026, 3, 2), 20)
    assert r.state == "overdue"


# --- Art. 33: extension ----------------------------------------------------------------------
def test_extension_adds_workdays(cal):
    events = [{"type": "extension_approved", "on": "2026-10-20"}]  # workdays default 20
    r = run(cal, submitted_on="2026-09-28", events=events, as_of="2026-10-21")
    assert r.original_reply_due == D(2026, 10, 30)
    assert r.reply_due == D(2026, 11, 27)
    assert r.extension_workdays == 20
    deadlines = {e.reason: e.date for e in r.explain if e.kind == "deadline"}
    assert deadlines["原答复期限"] == D(2026, 10, 30) and deadlines["答复期限"] == D(2026, 11, 27)


def test_extension_with_consultation_and_correction(cal):
    events = [
        {"type": "correction_requested", "on": "2026-02-05", "deadline": "2026-02-27"},
        {"type": "correction_received", "on": "2026-02-13"},
        {"type": "consultation_sent", "on": "2026-03-02"},
        {"type": "consultation_sent", "on": "2026-03-04"},
        {"type": "consultation_closed", "on": "2026-03-06"},
        {"type": "consultation_closed", "on": "2026-03-10"},
        {"type": "extension_approved", "on": "2026-03-20", "workdays": 10},
    ]
    r = run(
        cal,
        channel="online",
        submitted_on="2026-02-01",
        received_on="2026-02-02",
        events=events,
        as_of="2026-03-25",
    )
    assert r.paused_workdays == 6
    assert r.original_reply_due == D(2026, 3, 27)
    assert r.reply_due == D(2026, 4, 13)
    assert r.state == "running"


def test_extension_over_20_workdays_is_refused(cal):
    events = [
        {"type": "extension_approved", "on": "2026-10-12", "workdays": 15},
        {"type": "extension_approved", "on": "2026-10-13", "workdays": 6},
    ]
    with pytest.raises(ClockError, match="第三十三条"):
        run(cal, submitted_on="2026-09-28", events=events, as_of="2026-10-21")
    with pytest.raises(ClockError, match="最长不得超过20个工作日"):
        run(
            cal,
            submitted_on="2026-09-28",
            events=[{"type": "extension_approved", "on": "2026-10-12", "workdays": 21}],
            as_of="2026-10-21",
        )


# --- states -------------------------------------------------------------------------------------
def test_overdue(cal):
    r = run(cal, submitted_on="2026-09-28", as_of="2026-11-03")
    assert r.state == "overdue"
    assert r.reply_due == D(2026, 10, 30)
    assert r.remaining_workdays == -2
    assert "已超过答复期限" in r.explain[-1].text


def test_due_day_itself_is_not_overdue(cal):
    assert run(cal, submitted_on="2026-09-28", as_of="2026-10-30").state == "running"


def test_replied(cal):
    events = [{"type": "replied", "on": "2026-10-20"}]
    r = run(cal, submitted_on="2026-09-28", events=events, as_of="2026-12-01")
    assert r.state == "replied"
    assert r.reply_due == D(2026, 10, 30)
    assert r.counted_workdays == 12  # 9-29, 9-30, 10-8..10-10, 10-12..10-16, 10-19, 10-20
    assert not r.warnings
    assert days(r)[-1].date == D(2026, 10, 20) and days(r)[-1].n == 12  # explained up to the reply
    assert "在答复期限（2026-10-30）内，提前8个工作日" in r.explain[-1].text


def test_late_reply_is_flagged(cal):
    events = [{"type": "replied", "on": "2026-11-03"}]
    r = run(cal, submitted_on="2026-09-28", events=events, as_of="2026-11-03")
    assert r.state == "replied"
    assert any("逾期答复" in w and "2个工作日" in w for w in r.warnings)
    late = [e for e in days(r) if e.date == D(2026, 11, 3)][0]
    assert late.n == 22 and "已超过答复期限" in late.text


def test_reply_closes_an_open_consultation(cal):
    events = [
        {"type": "consultation_sent", "on": "2026-03-04"},
        {"type": "replied", "on": "2026-03-10"},
    ]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-20")
    assert r.state == "replied"
    assert r.paused_workdays == 4
    assert r.reply_due == cal.add_workdays(D(2026, 3, 2), 24)


# --- provisional years ---------------------------------------------------------------------------
def test_due_in_a_year_without_schedule_is_provisional(cal):
    r = run(cal, submitted_on="2026-12-10", as_of="2026-12-11")
    # 2027 without a State Council schedule: 2027-01-01 (元旦, a Friday) is a statutory holiday
    assert r.reply_due == D(2027, 1, 8)
    assert r.provisional is True
    provisional_days = [e for e in days(r) if e.date.year == 2027]
    assert provisional_days and all(e.provisional for e in provisional_days)
    assert "按《全国年节及纪念日放假办法》推算" in provisional_days[0].text
    assert run(cal, submitted_on="2026-09-28", as_of="2026-10-01").provisional is False


def test_official_2027_clears_provisional():
    cal = WorkCalendar([CalendarEntry(D(2027, 1, 1), False, "元旦")], official_years=[2026, 2027])
    r = run(cal, submitted_on="2026-12-10", as_of="2026-12-11")
    assert r.provisional is False
    assert r.reply_due == D(2027, 1, 8)  # 2027-01-01 is now a holiday


# --- fee window (国办函〔2020〕109号), policy flag -------------------------------------------------
def test_fee_window_does_not_pause_by_default(cal):
    events = [
        {"type": "fee_notice_sent", "on": "2026-03-04"},
        {"type": "fee_paid", "on": "2026-03-10"},
    ]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-11")
    assert r.paused_workdays == 0
    assert r.reply_due == cal.add_workdays(D(2026, 3, 2), 20)


def test_fee_window_pauses_when_the_policy_is_on(cal):
    events = [
        {"type": "fee_notice_sent", "on": "2026-03-04"},
        {"type": "fee_paid", "on": "2026-03-10"},
    ]
    r = run(
        cal, submitted_on="2026-03-02", events=events, as_of="2026-03-11", fee_window_pauses=True
    )
    assert r.paused_workdays == 4
    assert r.reply_due == cal.add_workdays(D(2026, 3, 2), 24)
    open_fee = run(
        cal,
        submitted_on="2026-03-02",
        events=events[:1],
        as_of="2026-03-11",
        fee_window_pauses=True,
    )
    # the payment window (20 working days after the notice was received, 3-5 ... 4-1) bounds
    # the pause: the latest due date is known, and reached if the applicant pays on 4-1
    assert open_fee.state == "paused" and open_fee.pause_until == D(2026, 4, 1)
    assert open_fee.reply_due == D(2026, 4, 28)
    assert [w.kind for w in open_fee.windows] == ["fee"]


def test_fee_lapsed_is_abandoned(cal):
    events = [
        {"type": "fee_notice_sent", "on": "2026-03-04"},
        {"type": "fee_lapsed", "on": "2026-04-02"},
    ]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-04-03")
    assert r.state == "abandoned"


# --- bad input ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"channel": "email", "submitted_on": "2026-03-02"}, "channel"),
        ({"channel": "in_person", "submitted_on": "2026-02-30"}, "不存在的日期"),
        ({"channel": "in_person", "submitted_on": "2026/03/02"}, "YYYY-MM-DD"),
        ({"channel": "in_person"}, "submitted_on"),
        ({"channel": "in_person", "submitted_on": "2026-03-02", "colour": 1}, "未知字段"),
        (
            {
                "channel": "in_person",
                "submitted_on": "2026-03-02",
                "events": [{"type": "appeal", "on": "2026-03-03"}],
            },
            "未知事件类型",
        ),
        (
            {
                "channel": "in_person",
                "submitted_on": "2026-03-02",
                "events": [{"type": "extension_approved", "on": "2026-03-03", "workdays": "ten"}],
            },
            "整数",
        ),
    ],
)
def test_from_json_rejects(data, message):
    with pytest.raises(ClockError, match=message):
        from_json(data, today=D(2026, 4, 1))


@pytest.mark.parametrize(
    ("events", "message"),
    [
        (
            [
                {"type": "replied", "on": "2026-03-10"},
                {"type": "consultation_sent", "on": "2026-03-05"},
            ],
            "先后",
        ),
        ([{"type": "correction_received", "on": "2026-03-05"}], "此前没有补正告知"),
        (
            [
                {"type": "correction_requested", "on": "2026-03-03", "deadline": "2026-03-10"},
                {"type": "correction_received", "on": "2026-03-05"},
                {"type": "correction_requested", "on": "2026-03-06", "deadline": "2026-03-10"},
            ],
            "一次性告知",
        ),
        ([{"type": "correction_requested", "on": "2026-03-03"}], "deadline"),
        (
            [{"type": "correction_requested", "on": "2026-03-05", "deadline": "2026-03-04"}],
            "早于告知日期",
        ),
        ([{"type": "consultation_closed", "on": "2026-03-05"}], "没有尚未结束的征求意见"),
        (
            [{"type": "replied", "on": "2026-03-05"}, {"type": "replied", "on": "2026-03-06"}],
            "之后不能再有事件",
        ),
        ([{"type": "replied", "on": "2026-03-01"}], "早于收到申请之日"),
        ([{"type": "fee_paid", "on": "2026-03-05"}], "收费通知"),
    ],
)
def test_inconsistent_events_are_rejected(cal, events, message):
    with pytest.raises(ClockError, match=message):
        run(cal, submitted_on="2026-03-02", events=events, as_of="2026-04-01")


def test_events_after_as_of_are_left_out(cal):
    """Reading the clock on a past day (e.g. year end): later events are not known yet."""
    events = [
        {"type": "consultation_sent", "on": "2026-12-21"},
        {"type": "consultation_closed", "on": "2027-01-05"},
        {"type": "replied", "on": "2027-01-20"},
    ]
    at_year_end = run(cal, submitted_on="2026-12-01", events=events, as_of="2026-12-31")
    # paused at year end; the latest due date assumes the consultation runs its 15 working days
    assert at_year_end.state == "paused" and at_year_end.reply_due == D(2027, 1, 20)
    assert any("之后的2个事件未计入" in w for w in at_year_end.warnings)
    later = run(cal, submitted_on="2026-12-01", events=events, as_of="2027-02-01")
    assert later.state == "replied" and later.reply_due is not None
    with pytest.raises(ClockError, match="此前没有补正告知"):  # later events are still checked
        run(
            cal,
            submitted_on="2026-12-01",
            events=[{"type": "correction_received", "on": "2027-01-05"}],
            as_of="2026-12-31",
        )


def test_events_without_receipt_are_rejected(cal):
    with pytest.raises(ClockError, match="尚未确认收到申请"):
        run(
            cal,
            channel="online",
            submitted_on="2026-03-02",
            events=[{"type": "replied", "on": "2026-03-05"}],
            as_of="2026-04-01",
        )


def test_invalid_json_text():
    with pytest.raises(ClockError, match="JSON"):
        from_json("{not json")


# --- the JSON contract ------------------------------------------------------------------------------
def test_json_contract(cal):
    data = {
        "channel": "mail",
        "submitted_on": "2026-09-25",
        "received_on": "2026-09-28",
        "events": [
            {"type": "consultation_sent", "on": "2026-10-12"},
            {"type": "consultation_closed", "on": "2026-10-14"},
        ],
        "as_of": "2026-10-15",
    }
    out = compute_json(json.dumps(data), cal)
    assert set(out) == CONTRACT_KEYS
    assert out["received_on"] == "2026-09-28"
    assert out["correction_notice_due"] == "2026-10-13"
    assert out["reply_due"] == "2026-11-03"
    assert out["paused_workdays"] == 2
    assert out["state"] == "running"
    assert out["provisional"] is False
    assert json.loads(json.dumps(out, ensure_ascii=False)) == out
    for entry in out["explain"]:
        assert set(entry) == {"date", "kind", "counted", "n", "reason", "text"}
        assert entry["text"]


def test_as_of_defaults_to_today(cal):
    case = from_json({"channel": "in_person", "submitted_on": "2026-09-28"}, today=D(2026, 10, 9))
    assert case.as_of == D(2026, 10, 9)
    assert compute(case, cal).state == "running"


def test_dataclass_input_and_no_explain(cal):
    case = ClockInput(
        channel="in_person",
        submitted_on=D(2026, 9, 28),
        events=(ClockEvent("extension_approved", D(2026, 10, 12), workdays=5),),
        as_of=D(2026, 10, 12),
    )
    r = compute(case, cal, explain=False)
    assert r.explain == () and r.reply_due == D(2026, 11, 6)
    assert to_json(r)["explain"] == []


@pytest.mark.parametrize(
    "data",
    [
        {"channel": ["online"], "submitted_on": "2026-03-02"},
        {"channel": {"x": 1}, "submitted_on": "2026-03-02"},
        {"channel": "online", "submitted_on": "2026-03-02", "events": [{"type": ["replied"]}]},
        {"channel": "online", "submitted_on": "2026-03-02", "events": [{"type": {"a": 1}}]},
    ],
)
def test_unhashable_values_are_bad_input_not_a_crash(data):
    with pytest.raises(ClockError):
        from_json(data)


# --- 国办函〔2020〕109号: the payment window counts from the notice's receipt ----------------------
def test_payment_window_counts_from_the_day_the_notice_was_received(cal):
    events = [{"type": "fee_notice_sent", "on": "2026-03-04", "received_on": "2026-03-09"}]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-10")
    # 20 working days after 3-9: 3-10 ... 4-7 (清明节 4-4 to 4-6 skipped)
    assert r.fee_payment_due == D(2026, 4, 7)
    [window] = r.windows
    assert (window.kind, window.closes, window.article) == (
        "fee",
        D(2026, 4, 7),
        "国办函〔2020〕109号",
    )
    sent_same_day = run(
        cal,
        submitted_on="2026-03-02",
        events=[dict(events[0], received_on="2026-03-04")],
        as_of="2026-03-10",
    )
    assert sent_same_day.fee_payment_due == D(2026, 4, 1)
    with pytest.raises(ClockError, match="早于发出日期"):
        run(
            cal,
            submitted_on="2026-03-02",
            events=[dict(events[0], received_on="2026-03-03")],
            as_of="2026-03-10",
        )


# --- Art. 35: reasons asked of the applicant, and a reasonable later reply date ---------------
def test_reasons_window_does_not_pause(cal):
    events = [{"type": "reasons_requested", "on": "2026-03-04", "deadline": "2026-03-13"}]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-10")
    assert r.state == "running" and r.reply_due == cal.add_workdays(D(2026, 3, 2), 20)
    [window] = r.windows
    assert (window.kind, window.closes, window.status, window.article) == (
        "reasons",
        D(2026, 3, 13),
        "open",
        "第三十五条",
    )
    expired = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-03-16")
    assert expired.windows[0].status == "expired"
    answered = run(
        cal,
        submitted_on="2026-03-02",
        events=[*events, {"type": "reasons_received", "on": "2026-03-09"}],
        as_of="2026-03-16",
    )
    assert answered.windows == ()


def test_a_delay_replaces_the_art_33_due_date(cal):
    events = [{"type": "delay_set", "on": "2026-03-20", "due": "2026-05-29"}]
    r = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-04-20")
    assert r.statutory_reply_due == cal.add_workdays(D(2026, 3, 2), 20) == D(2026, 3, 30)
    assert r.reply_due == D(2026, 5, 29) and r.delayed and r.state == "running"
    assert to_json(r)["delayed"] is True and to_json(r)["reply_due"] == "2026-05-29"
    deadlines = {e.reason: e for e in r.explain if e.kind == "deadline"}
    assert "已确定延迟答复（第三十五条）" in deadlines["第三十三条答复期限"].text
    assert "延迟答复的期限届满（第三十五条）" in deadlines["答复期限"].text
    late = run(cal, submitted_on="2026-03-02", events=events, as_of="2026-06-01")
    assert late.state == "overdue"
    with pytest.raises(ClockError, match="due"):
        run(
            cal,
            submitted_on="2026-03-02",
            events=[{"type": "delay_set", "on": "2026-03-20", "due": "2026-03-20"}],
        )
