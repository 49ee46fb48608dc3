"""The respondent's answer deadlines in 行政复议 and 行政诉讼 about disclosure work.

When an applicant challenges a disclosure decision, the agency (被申请人 / 被告) must answer
within a statutory period that runs from the day it **received** the copy of the
application or complaint:

* 行政复议, ordinary procedure: 《中华人民共和国行政复议法》（2023年修订）第四十八条:
  "被申请人应当自收到行政复议申请书副本或者行政复议申请笔录复印件之日起十日内，提出书面
  答复". By 第八十八条第二款 "本法关于行政复议期间有关'三日'、'五日'、'七日'、'十日'的规定
  是指工作日，不含法定休假日": **10 working days**.
* 行政复议, simple procedure (第五十三条第一款第（四）项: 政府信息公开案件 may be heard under
  it): 第五十四条 "被申请人应当自收到…之日起五日内，提出书面答复": **5 working days**
  (第八十八条第二款).
* 行政诉讼: 《中华人民共和国行政诉讼法》第六十七条第一款: "被告应当在收到起诉状副本之日起
  十五日内向人民法院提交作出行政行为的证据和所依据的规范性文件，并提出答辩状":
  **15 calendar days**. Periods follow the 民事诉讼法 (行政诉讼法第一百零一条); 《民事诉讼法》
  （2023年修正）第八十五条: "期间开始的时和日，不计算在期间内。期间届满的最后一日是法定
  休假日的，以法定休假日后的第一日为期间届满的日期": when day 15 is a rest day, the due day
  is the first working day after it.

In all three the day of receipt is not counted (day 1 is the next day). Working days and
rest days come from ``rules.calendar.WorkCalendar`` (the holiday table).

This module imports nothing from Django.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from gongkai.rules.calendar import WorkCalendar

__all__ = [
    "RECONSIDERATION",
    "RECONSIDERATION_SIMPLE",
    "LITIGATION",
    "AnswerRule",
    "answer_rule",
    "answer_due",
]


@dataclass(frozen=True)
class AnswerRule:
    """A period for the respondent's answer: ``days`` working or calendar days after receipt."""

    key: str
    days: int
    workdays: bool
    #: What is answered, as printed: 书面答复 (复议) or 答辩状 (诉讼).
    answer: str
    #: What was received, as printed.
    received: str
    article: str

    @property
    def text(self) -> str:
        unit = "个工作日" if self.workdays else "日"
        return f"收到{self.received}之日起{self.days}{unit}内提交{self.answer}（{self.article}）"


RECONSIDERATION = AnswerRule(
    key="reconsideration",
    days=10,
    workdays=True,
    answer="书面答复",
    received="行政复议申请书副本",
    article="《中华人民共和国行政复议法》第四十八条、第八十八条第二款",
)
RECONSIDERATION_SIMPLE = AnswerRule(
    key="reconsideration_simple",
    days=5,
    workdays=True,
    answer="书面答复",
    received="行政复议申请书副本",
    article="《中华人民共和国行政复议法》第五十四条、第八十八条第二款",
)
LITIGATION = AnswerRule(
    key="litigation",
    days=15,
    workdays=False,
    answer="答辩状",
    received="起诉状副本",
    article="《中华人民共和国行政诉讼法》第六十七条第一款；《中华人民共和国民事诉讼法》第八十五条",
)


def answer_rule(*, litigation: bool, simple_procedure: bool = False) -> AnswerRule:
    """The rule for a 复议 (ordinary or simple procedure) or a lawsuit (either kind)."""
    if litigation:
        return LITIGATION
    return RECONSIDERATION_SIMPLE if simple_procedure else RECONSIDERATION


def answer_due(rule: AnswerRule, received: datetime.date, cal: WorkCalendar) -> datetime.date:
    """The last day to submit the answer, for a copy received on ``received``.

    Working-day rules: the ``days``-th working day after receipt. Calendar-day rules:
    receipt + ``days``, moved to the next working day when that is a rest day
    (民事诉讼法第八十五条).
    """
    if rule.workdays:
        return cal.add_workdays(received, rule.days)
    return cal.next_workday(received + datetime.timedelta(days=rule.days))
