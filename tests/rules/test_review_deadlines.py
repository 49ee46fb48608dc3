"""#17.8: the respondent's answer deadlines in 行政复议 / 行政诉讼 (rules.review_deadlines)."""

import datetime

import pytest

from gongkai.rules.calendar_seed import package_calendar
from gongkai.rules.review_deadlines import (
    LITIGATION,
    RECONSIDERATION,
    RECONSIDERATION_SIMPLE,
    answer_due,
    answer_rule,
)

D = datetime.date


@pytest.fixture(scope="module")
def cal():
    return package_calendar()


def test_reconsideration_answer_is_due_in_ten_working_days(cal):
    # 行政复议法 Art. 48 + Art. 88 ¶2 (十日 = working days): copy received Monday 2026-12-28;
    # 12-29, 12-30, 12-31, [1 January off], 1-4 … 1-8, 1-11, 1-12 is the 10th working day.
    assert answer_due(RECONSIDERATION, D(2026, 12, 28), cal) == D(2027, 1, 12)
    # not the calendar-day reading (2027-01-07)
    assert answer_due(RECONSIDERATION, D(2026, 12, 28), cal) != D(2027, 1, 7)
    # across the National Day week: received Wednesday 2026-09-30 -> 10th working day 10-20
    assert answer_due(RECONSIDERATION, D(2026, 9, 30), cal) == D(2026, 10, 20)


def test_simple_procedure_answer_is_due_in_five_working_days(cal):
    # Art. 53 ¶1(四) (政府信息公开案件), Art. 54: 五日, working days by Art. 88 ¶2
    assert answer_due(RECONSIDERATION_SIMPLE, D(2026, 12, 28), cal) == D(2027, 1, 5)
    assert answer_rule(litigation=False, simple_procedure=True) is RECONSIDERATION_SIMPLE


def test_litigation_defence_is_due_in_fifteen_calendar_days(cal):
    # 行政诉讼法 Art. 67: 十五日, calendar days from the day after receipt
    assert answer_due(LITIGATION, D(2026, 12, 28), cal) == D(2027, 1, 12)
    assert answer_due(LITIGATION, D(2026, 6, 1), cal) == D(2026, 6, 16)
    # 民事诉讼法 Art. 85: day 15 on a rest day moves to the first day after it
    assert answer_due(LITIGATION, D(2026, 3, 13), cal) == D(2026, 3, 30)  # Saturday 3-28
    assert answer_due(LITIGATION, D(2026, 9, 16), cal) == D(2026, 10, 8)  # 10-1, National Day
    # simple procedure is a 复议 notion: a lawsuit keeps 15 days
    assert answer_rule(litigation=True, simple_procedure=True) is LITIGATION


def test_rules_cite_their_articles():
    assert "第四十八条" in RECONSIDERATION.article and "第八十八条第二款" in RECONSIDERATION.article
    assert "第五十四条" in RECONSIDERATION_SIMPLE.article
    assert "行政诉讼法》第六十七条" in LITIGATION.article
    assert RECONSIDERATION.text == (
        "收到行政复议申请书副本之日起10个工作日内提交书面答复"
        "（《中华人民共和国行政复议法》第四十八条、第八十八条第二款）"
    )
