"""#17.8: a 行政复议 / 行政诉讼 case has a clock: copy received, answer due, answer submitted,
decision with its result; open deadlines are listed and reminded of; table 四 counts the
recorded results."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gongkai.registers.models import ReviewCase
from gongkai.registers.selectors import open_deadlines, review_counts

pytestmark = pytest.mark.django_db

D = datetime.date
K = ReviewCase.Kind


def _case(agency, kind, number, **kw):
    case = ReviewCase(agency=agency, kind=kind, case_number=number, **kw)
    case.full_clean()
    case.save()
    return case


@pytest.fixture
def tjj(demo):
    return demo.agencies["mzl-tjj"]


def test_open_deadlines_list_unanswered_cases_with_their_statutory_day(tjj):
    review = _case(
        tjj, K.RECONSIDERATION, "复-1", filed_date=D(2026, 12, 24), copy_received_on=D(2026, 12, 28)
    )
    simple = _case(
        tjj,
        K.RECONSIDERATION,
        "复-简",
        filed_date=D(2026, 12, 24),
        simple_procedure=True,
        copy_received_on=D(2026, 12, 28),
    )
    suit = _case(
        tjj,
        K.LITIGATION_DIRECT,
        "诉-1",
        filed_date=D(2026, 12, 20),
        copy_received_on=D(2026, 12, 28),
    )
    _case(  # answered: closed
        tjj,
        K.LITIGATION_AFTER,
        "诉-2",
        filed_date=D(2026, 12, 1),
        copy_received_on=D(2026, 12, 2),
        answered_on=D(2026, 12, 10),
    )
    _case(tjj, K.RECONSIDERATION, "复-2", filed_date=D(2026, 12, 1))  # no copy yet: no clock

    found = {d.case.case_number: d for d in open_deadlines(D(2027, 1, 6))}
    assert set(found) == {"复-1", "复-简", "诉-1"}
    assert (found["复-1"].kind, found["复-1"].due, found["复-1"].overdue) == (
        "reconsideration",
        D(2027, 1, 12),
        False,
    )
    assert (found["复-简"].due, found["复-简"].overdue) == (D(2027, 1, 5), True)
    assert (found["诉-1"].kind, found["诉-1"].due) == ("litigation", D(2027, 1, 12))
    assert "行政诉讼法》第六十七条" in found["诉-1"].article
    assert review.answer_due() == D(2027, 1, 12) and simple.answer_due() == D(2027, 1, 5)
    # recording the answer closes the deadline
    suit.answered_on = D(2027, 1, 8)
    suit.full_clean()
    suit.save()
    assert {d.case.case_number for d in open_deadlines(D(2027, 1, 6))} == {"复-1", "复-简"}
    # the day before the copy arrived nothing is open
    assert open_deadlines(D(2026, 12, 27)) == []


def test_answer_dates_are_checked():
    case = ReviewCase(kind=K.RECONSIDERATION, filed_date=D(2026, 3, 1), answered_on=D(2026, 3, 5))
    with pytest.raises(ValidationError) as error:
        case.clean()
    assert "copy_received_on" in error.value.message_dict
    case.copy_received_on = D(2026, 3, 6)
    with pytest.raises(ValidationError) as error:
        case.clean()
    assert "answered_on" in error.value.message_dict
    suit = ReviewCase(kind=K.LITIGATION_DIRECT, filed_date=D(2026, 3, 1), simple_procedure=True)
    with pytest.raises(ValidationError) as error:
        suit.clean()
    assert "simple_procedure" in error.value.message_dict


def test_daily_job_reminds_admins_and_registrars_three_days_before_and_when_overdue(demo, tjj):
    from gongkai.applications.reminders import deadline_reminders
    from gongkai.audit.models import AuditEntry
    from gongkai.notifications.models import Notification

    case = _case(
        tjj,
        K.RECONSIDERATION,
        "复-提醒",
        filed_date=D(2026, 12, 24),
        copy_received_on=D(2026, 12, 28),
    )  # due 2027-01-12
    assert AuditEntry.objects.filter(verb="registers.reviewcase.create").exists()

    def notices():
        return Notification.objects.filter(kind="review_deadline")

    deadline_reminders(D(2027, 1, 8))  # 4 days before: nothing yet
    assert notices().count() == 0
    ran = deadline_reminders(D(2027, 1, 9))  # 3 days before
    assert ran["review_answer_notices"] == 2
    assert {n.recipient.username for n in notices()} == {"tjj-admin", "tjj-registrar"}
    notice = notices().first()
    assert notice.title == "【即将到期】行政复议书面答复 复-提醒"
    assert "期限 2027-01-12，还有3日" in notice.body and "第四十八条" in notice.body
    assert notice.url == f"/admin/snippets/registers/reviewcase/edit/{case.pk}/"
    deadline_reminders(D(2027, 1, 9))  # the same day again: nobody twice
    assert notices().count() == 2
    deadline_reminders(D(2027, 1, 13))
    overdue = notices().filter(key__endswith="2027-01-13")
    assert overdue.count() == 2
    assert overdue.first().title.startswith("【已逾期】") and "已逾期1日" in overdue.first().body
    # answered: no more reminders
    case.answered_on = D(2027, 1, 13)
    case.save()
    deadline_reminders(D(2027, 1, 14))
    assert not notices().filter(key__endswith="2027-01-14").exists()


def test_table_four_counts_the_recorded_results(tjj):
    _case(
        tjj,
        K.RECONSIDERATION,
        "复-维持",
        filed_date=D(2027, 2, 1),
        copy_received_on=D(2027, 2, 3),
        answered_on=D(2027, 2, 10),
        decided_date=D(2027, 4, 1),
        result=ReviewCase.Result.UPHELD,
    )
    _case(
        tjj,
        K.RECONSIDERATION,
        "复-纠正",
        filed_date=D(2027, 3, 1),
        decided_date=D(2027, 5, 1),
        result=ReviewCase.Result.CORRECTED,
    )
    _case(
        tjj,
        K.LITIGATION_DIRECT,
        "诉-其他",
        filed_date=D(2027, 6, 1),
        decided_date=D(2027, 9, 1),
        result=ReviewCase.Result.OTHER,
    )
    _case(tjj, K.LITIGATION_AFTER, "诉-未结", filed_date=D(2027, 7, 1))
    # decided in 2028: 尚未审结 in the 2027 report
    _case(
        tjj,
        K.LITIGATION_AFTER,
        "诉-次年",
        filed_date=D(2027, 11, 1),
        decided_date=D(2028, 2, 1),
        result=ReviewCase.Result.UPHELD,
    )
    assert review_counts([tjj.id], 2027) == [1, 1, 0, 0, 2, 0, 0, 1, 0, 1, 0, 0, 0, 2, 2]


def test_case_list_shows_the_answer_deadline(demo, tjj, client):
    _case(
        tjj,
        K.LITIGATION_DIRECT,
        "诉-列表",
        filed_date=D(2026, 3, 1),
        copy_received_on=D(2026, 3, 13),
        answered_on=D(2026, 3, 27),
    )
    client.force_login(demo.users["tjj-admin"])
    body = client.get("/admin/snippets/registers/reviewcase/").content.decode()
    assert "答复（答辩）期限" in body
    assert "2026-03-30（已答复）" in body  # day 15 is Saturday 3-28: Monday 3-30
    form = client.get("/admin/snippets/registers/reviewcase/add/").content.decode()
    assert "收到申请书副本（起诉状副本）日期" in form and "适用简易程序" in form
