"""信息处理费 tiers of 国办函〔2020〕109号 (no database)."""

import datetime

import pytest

from gongkai.rules.fees import (
    FeeBasis,
    item_rate,
    page_rate,
    payment_due,
    per_item_fee,
    per_page_fee,
    quote,
)


def test_page_tiers_and_worked_example():
    assert per_page_fee(0) == 0
    assert per_page_fee(30) == 0
    assert per_page_fee(31) == 10
    assert per_page_fee(100) == 700
    assert per_page_fee(101) == 720
    assert per_page_fee(150) == 1700  # 70×10 + 50×20, domain-rules §1.5
    assert per_page_fee(200) == 2700
    assert per_page_fee(201) == 2740
    assert sum(page_rate(n) for n in range(1, 251)) == per_page_fee(250)


def test_item_tiers_are_progressive_per_month():
    assert [item_rate(n) for n in (1, 10, 11, 30, 31, 40, 41, 50, 51)] == [
        0,
        0,
        100,
        100,
        200,
        200,
        300,
        300,
        400,
    ]
    assert per_item_fee(10) == 0
    assert per_item_fee(30) == 2000
    assert per_item_fee(45) == 2000 + 2000 + 1500
    # Cumulative within the month: the 11th item costs 100 even if filed alone.
    assert per_item_fee(1, already_this_month=10) == 100
    assert per_item_fee(5, already_this_month=8) == 300


def test_quote_explains_bands():
    q = quote(FeeBasis.PER_PAGE, 150)
    assert q.amount == 1700
    assert q.explain()[-1] == "合计1700元"
    assert "第31—100页" in q.explain()[1]
    q = quote("per_item", 3, already_this_month=29)
    assert q.amount == 100 + 200 + 200


def test_negative_rejected():
    with pytest.raises(ValueError):
        per_page_fee(-1)
    with pytest.raises(ValueError):
        quote("per_item", -2)


class _WeekdayCalendar:
    def add_workdays(self, start, n):
        d = start
        while n:
            d += datetime.timedelta(days=1)
            if d.weekday() < 5:
                n -= 1
        return d


def test_payment_due_is_20_workdays_after_receipt():
    assert payment_due(datetime.date(2026, 3, 2), _WeekdayCalendar()) == datetime.date(2026, 3, 30)
