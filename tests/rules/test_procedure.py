"""rules.procedure: whether a step may happen now (Arts. 30, 33, 35; 109号), one answer for all."""

import datetime

import pytest

from gongkai.rules import procedure as p
from gongkai.rules.calendar_seed import package_calendar
from gongkai.rules.clock import compute, from_json

D = datetime.date


@pytest.fixture(scope="module")
def cal():
    return package_calendar()


def clock(cal, events=(), as_of="2026-03-10"):
    return compute(
        from_json(
            {
                "channel": "in_person",
                "submitted_on": "2026-03-02",
                "events": list(events),
                "as_of": as_of,
            }
        ),
        cal,
    )


def test_correction_once_and_within_seven_workdays(cal):
    fresh = clock(cal)
    assert fresh.correction_notice_due == D(2026, 3, 11)
    assert p.correction_request_refusal(fresh, D(2026, 3, 11)) is None
    assert "7个工作日内" in p.correction_request_refusal(fresh, D(2026, 3, 12))
    asked = clock(
        cal, [{"type": "correction_requested", "on": "2026-03-04", "deadline": "2026-03-18"}]
    )
    assert "一次性告知" in p.correction_request_refusal(asked, D(2026, 3, 5))
    assert "尚未届满" in p.correction_lapse_refusal(asked, D(2026, 3, 18))
    assert p.correction_lapse_refusal(asked, D(2026, 3, 19)) is None


def test_extensions_total_at_most_20_before_the_due_date(cal):
    fresh = clock(cal)
    assert p.extension_refusal(fresh, 20, D(2026, 3, 10)) is None
    assert "1至20个工作日" in p.extension_refusal(fresh, 21, D(2026, 3, 10))
    assert "已过" in p.extension_refusal(fresh, 5, D(2026, 3, 31))  # due 3-30
    part = clock(cal, [{"type": "extension_approved", "on": "2026-03-05", "workdays": 15}])
    assert p.extension_refusal(part, 5, D(2026, 3, 10)) is None  # 15 + 5 = 20: lawful
    assert "1至5个工作日" in p.extension_refusal(part, 6, D(2026, 3, 10))
    full = clock(cal, [{"type": "extension_approved", "on": "2026-03-05"}])
    assert "最长不得超过20个工作日" in p.extension_refusal(full, 1, D(2026, 3, 10))


def test_fee_notice_within_the_period_and_lapse_after_the_window(cal):
    fresh = clock(cal)
    assert p.fee_notice_refusal(fresh, D(2026, 3, 30)) is None
    assert "109号" in p.fee_notice_refusal(fresh, D(2026, 3, 31))
    noticed = clock(
        cal, [{"type": "fee_notice_sent", "on": "2026-03-04", "received_on": "2026-03-09"}]
    )
    assert "尚未届满" in p.fee_lapse_refusal(noticed, D(2026, 4, 7))
    assert p.fee_lapse_refusal(noticed, D(2026, 4, 8)) is None
    assert p.fee_lapse_refusal(fresh, D(2026, 4, 8)) == "本案没有收费通知"


def test_art_35_reasons_delay_and_outcome(cal):
    fresh = clock(cal)
    assert p.reasons_request_refusal(fresh, D(2026, 3, 20), D(2026, 3, 10)) is None
    assert "晚于告知日期" in p.reasons_request_refusal(fresh, D(2026, 3, 10), D(2026, 3, 10))
    asked = clock(
        cal, [{"type": "reasons_requested", "on": "2026-03-04", "deadline": "2026-03-13"}]
    )
    assert "尚未收到" in p.reasons_request_refusal(asked, D(2026, 3, 20), D(2026, 3, 10))
    assert p.delay_refusal(fresh, D(2026, 4, 30), D(2026, 3, 10)) is None
    assert "应晚于" in p.delay_refusal(fresh, D(2026, 3, 30), D(2026, 3, 10))
    assert "已过" in p.delay_refusal(fresh, D(2026, 4, 30), D(2026, 3, 31))
    assert "应先要求申请人说明理由" in p.outcome_refusal("result.no_process.4", reasons_asked=False)
    assert p.outcome_refusal("result.no_process.4", reasons_asked=True) is None
    assert p.outcome_refusal("result.open", reasons_asked=False) is None
