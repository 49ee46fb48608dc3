"""信息处理费 under 国办函〔2020〕109号《政府信息公开信息处理费管理办法》.

Plain Python, no Django import. Amounts are whole yuan. Both standards are
超额累进 (progressive over thresholds), and one application uses exactly one of
them (Art. 3). Tiers:

- 按件 (Art. 4), per applicant and 自然月, cumulative: items 1-10 free; 11-30 at
  100元; from 31 on, each further band of 10 items costs 100元 more per item
  (31-40 → 200, 41-50 → 300, ...).
- 按量 (Art. 5), per application in pages: 1-30 free; 31-100 at 10元; 101-200 at
  20元; above 200 at 40元.

Payment is due within 20 working days counted from the day after the applicant
receives the notice (``payment_due``; S3, S4: "在收到收费通知次日起20个工作日内"). The
day of receipt is recorded when known (a signed postal receipt, the applicant's online
confirmation); until then it is taken from the way the notice went out
(``NOTICE_DELIVERY_DAYS``: the same day when handed over, e-mailed or posted online;
three calendar days by post [U], a working assumption of ours, not a rule of 109号).
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

PAYMENT_WORKDAYS = 20

#: How the 收费通知书 reaches the applicant, and the calendar days until it is taken to be
#: received when no receipt date is recorded (see the module docstring).
NOTICE_DELIVERY = {
    "direct": "当面送达",
    "email": "电子邮件",
    "online": "网上送达",
    "post": "邮寄",
}
NOTICE_DELIVERY_DAYS = {"direct": 0, "email": 0, "online": 0, "post": 3}


def notice_received_on(sent_on: datetime.date, delivery: str) -> datetime.date:
    """The day a notice sent on ``sent_on`` is taken to be received, absent a recorded date."""
    return sent_on + datetime.timedelta(days=NOTICE_DELIVERY_DAYS.get(delivery, 0))


class FeeBasis(StrEnum):
    PER_ITEM = "per_item"  # 按件
    PER_PAGE = "per_page"  # 按量


BASIS_LABELS = {FeeBasis.PER_ITEM: "按件计收", FeeBasis.PER_PAGE: "按量计收"}


def item_rate(n: int) -> int:
    """The price of the n-th item (1-based) an applicant asks for in one month."""
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 + 100 * ((n - 31) // 10 + 1)


def page_rate(n: int) -> int:
    """The price of the n-th page (1-based) of one application."""
    if n <= 30:
        return 0
    if n <= 100:
        return 10
    if n <= 200:
        return 20
    return 40


def per_item_fee(items: int, *, already_this_month: int = 0) -> int:
    """Fee for ``items`` items, when the applicant already had ``already_this_month`` this month."""
    if items < 0 or already_this_month < 0:
        raise ValueError("件数不能为负数")
    return sum(item_rate(n) for n in range(already_this_month + 1, already_this_month + items + 1))


def per_page_fee(pages: int) -> int:
    """Fee for an application provided as ``pages`` pages (e.g. 150 pages → 1,700元)."""
    if pages < 0:
        raise ValueError("页数不能为负数")
    # Closed form over the tiers instead of a loop (pages can be large).
    bands = ((30, 0), (100, 10), (200, 20))
    total, lower = 0, 0
    for upper, rate in bands:
        if pages > lower:
            total += (min(pages, upper) - lower) * rate
        lower = upper
    if pages > 200:
        total += (pages - 200) * 40
    return total


@dataclass(frozen=True)
class FeeLine:
    """One band of a computed fee, for the 收费通知书's explanation."""

    first: int
    last: int
    rate: int

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.count * self.rate


@dataclass(frozen=True)
class FeeQuote:
    basis: FeeBasis
    quantity: int
    already_this_month: int
    lines: tuple[FeeLine, ...]

    @property
    def amount(self) -> int:
        return sum(line.amount for line in self.lines)

    def explain(self) -> list[str]:
        unit = "件" if self.basis == FeeBasis.PER_ITEM else "页"
        out = [
            f"第{line.first}—{line.last}{unit}，{line.count}{unit}×{line.rate}元＝{line.amount}元"
            for line in self.lines
        ]
        out.append(f"合计{self.amount}元")
        return out


def quote(basis: FeeBasis | str, quantity: int, *, already_this_month: int = 0) -> FeeQuote:
    """A fee with its bands (only one standard per application, Art. 3)."""
    basis = FeeBasis(basis)
    if quantity < 0 or already_this_month < 0:
        raise ValueError("数量不能为负数")
    rate = item_rate if basis == FeeBasis.PER_ITEM else page_rate
    start = already_this_month + 1 if basis == FeeBasis.PER_ITEM else 1
    if basis == FeeBasis.PER_PAGE:
        already_this_month = 0
    lines: list[FeeLine] = []
    for n in range(start, start + quantity):
        r = rate(n)
        if lines and lines[-1].rate == r:
            lines[-1] = FeeLine(lines[-1].first, n, r)
        else:
            lines.append(FeeLine(n, n, r))
    return FeeQuote(basis, quantity, already_this_month, tuple(lines))


class _Calendar(Protocol):
    def add_workdays(self, start: datetime.date, n: int) -> datetime.date: ...


def payment_due(notice_received_on: datetime.date, calendar: _Calendar) -> datetime.date:
    """The last day to pay: the 20th working day after the day the notice was received."""
    return calendar.add_workdays(notice_received_on, PAYMENT_WORKDAYS)
