"""#17.9: table 二 counted from Art. 20 register records; hand entry only as a marked override."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gongkai.agencies.permissions import can, visible
from gongkai.registers.models import Art20Count, Art20Item, Art20Record
from gongkai.registers.selectors import art20_counts, entered_agencies

pytestmark = pytest.mark.django_db

D = datetime.date


def _rec(agency, kind, **kw):
    kw.setdefault("title", f"{kind}-{kw.get('number', '')}")
    record = Art20Record(agency=agency, kind=kind, **kw)
    record.full_clean()
    record.save()
    return record


@pytest.fixture
def jyj(demo):
    """教育局: no register rows for 2027 in the demo."""
    return demo.agencies["mzl-jyj"]


def test_counts_come_from_the_records(jyj):
    N = Art20Item.NORMATIVE_DOCUMENT
    _rec(jyj, N, number="1", issued_on=D(2025, 3, 1))  # in force
    _rec(jyj, N, number="2", issued_on=D(2026, 5, 1), repealed_on=D(2027, 6, 30))  # repealed
    _rec(jyj, N, number="3", issued_on=D(2027, 2, 1))  # issued
    _rec(jyj, N, number="4", issued_on=D(2027, 4, 1), repealed_on=D(2028, 1, 1))  # issued
    _rec(jyj, N, number="5", issued_on=D(2020, 1, 1), repealed_on=D(2026, 1, 1))  # gone
    _rec(jyj, Art20Item.REGULATION, number="r", issued_on=D(2028, 1, 2))  # next year
    for day in (D(2027, 1, 4), D(2027, 12, 31), D(2028, 1, 1), D(2026, 12, 31)):
        _rec(jyj, Art20Item.LICENSING, decided_on=day)
    _rec(jyj, Art20Item.PENALTY, decided_on=D(2027, 7, 7))
    _rec(jyj, Art20Item.ENFORCEMENT, decided_on=D(2027, 7, 8))
    _rec(jyj, Art20Item.OTHER_SERVICE, decided_on=D(2027, 7, 9))
    # 事项 (matters): two listed before 2027, one of them abolished in 2027, one new
    _rec(jyj, Art20Item.LICENSING, number="m1", issued_on=D(2020, 1, 1))
    _rec(jyj, Art20Item.LICENSING, number="m2", issued_on=D(2021, 1, 1), repealed_on=D(2027, 3, 1))
    _rec(jyj, Art20Item.LICENSING, number="m3", issued_on=D(2027, 3, 1))
    _rec(jyj, Art20Item.LICENSING, number="m4", issued_on=D(2027, 5, 1))
    _rec(jyj, Art20Item.FEE, decided_on=D(2027, 3, 1), amount=Decimal("1.2500"))
    _rec(jyj, Art20Item.FEE, decided_on=D(2027, 9, 1), amount=Decimal("0.7500"))
    _rec(jyj, Art20Item.FEE, decided_on=D(2028, 1, 3), amount=Decimal("9"))
    _rec(jyj, Art20Item.FEE, number="f", issued_on=D(2019, 1, 1))  # a fee item
    _rec(jyj, Art20Item.PROCUREMENT, decided_on=D(2027, 4, 1), amount=Decimal("100"))
    _rec(jyj, Art20Item.PROCUREMENT, decided_on=D(2027, 8, 1), amount=Decimal("20.5"))

    counts = art20_counts([jyj.id], 2027)
    norm = counts[N]
    assert (norm["issued"], norm["repealed"], norm["in_force"]) == (2, 1, 3)
    assert (norm["published"], norm["published_total"]) == (2, 3)  # the 2019 columns
    assert counts[Art20Item.REGULATION]["issued"] == 0
    assert counts[Art20Item.REGULATION]["in_force"] == 0
    lic = counts[Art20Item.LICENSING]
    assert lic["decisions"] == 2
    assert (lic["items_last_year"], lic["items_change"]) == (2, 1)  # +2 new, -1 abolished
    assert counts[Art20Item.PENALTY]["decisions"] == 1
    assert counts[Art20Item.ENFORCEMENT]["decisions"] == 1
    assert counts[Art20Item.OTHER_SERVICE]["decisions"] == 1
    assert counts[Art20Item.FEE]["amount"] == Decimal("2.0000")
    assert counts[Art20Item.FEE]["items_last_year"] == 1
    proc = counts[Art20Item.PROCUREMENT]
    assert (proc["projects"], proc["amount"]) == (2, Decimal("120.5000"))
    assert all(counts[i]["overrides"] == [] for i in Art20Item.values)
    assert counts[N]["entered"] and counts[Art20Item.REGULATION]["entered"]  # keeps the register
    # the year before: only what existed then
    before = art20_counts([jyj.id], 2026)[N]
    assert (before["issued"], before["repealed"], before["in_force"]) == (1, 1, 2)


def test_override_replaces_the_records_of_its_agency_and_says_why(demo, jyj):
    czj = demo.agencies["mzl-czj"]
    for n in range(3):
        _rec(jyj, Art20Item.PENALTY, decided_on=D(2027, 5, 1 + n))
    _rec(czj, Art20Item.PENALTY, decided_on=D(2027, 5, 1))
    assert art20_counts([jyj.id, czj.id], 2027)[Art20Item.PENALTY]["decisions"] == 4
    Art20Count.objects.create(
        agency=jyj, year=2027, item=Art20Item.PENALTY, decisions=10, reason="系统故障，部分未登记"
    )
    counts = art20_counts([jyj.id, czj.id], 2027)
    # jyj's three records give way to its override (10); czj's record still counts
    assert counts[Art20Item.PENALTY]["decisions"] == 11
    assert counts[Art20Item.PENALTY]["overrides"] == [("满洲里市教育局", "系统故障，部分未登记")]
    assert counts[Art20Item.LICENSING]["overrides"] == []
    # another year: no override
    assert art20_counts([jyj.id], 2028)[Art20Item.PENALTY]["overrides"] == []


def test_override_needs_a_reason(jyj):
    row = Art20Count(agency=jyj, year=2027, item=Art20Item.PENALTY, decisions=1)
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "reason" in error.value.message_dict


@pytest.mark.parametrize(
    "kind, fields, field",
    [
        (Art20Item.NORMATIVE_DOCUMENT, {}, "issued_on"),
        (
            Art20Item.REGULATION,
            {"issued_on": D(2027, 1, 1), "decided_on": D(2027, 1, 1)},
            "decided_on",
        ),
        (Art20Item.PROCUREMENT, {"amount": Decimal("1")}, "decided_on"),
        (Art20Item.PENALTY, {}, "decided_on"),
        (
            Art20Item.PENALTY,
            {"issued_on": D(2027, 1, 1), "decided_on": D(2027, 1, 1)},
            "decided_on",
        ),
        (Art20Item.PENALTY, {"decided_on": D(2027, 1, 1), "amount": Decimal("1")}, "amount"),
        (
            Art20Item.REGULATION,
            {"issued_on": D(2027, 2, 1), "repealed_on": D(2027, 1, 1)},
            "repealed_on",
        ),
    ],
)
def test_record_needs_the_dates_of_its_kind(jyj, kind, fields, field):
    record = Art20Record(agency=jyj, kind=kind, title="x", **fields)
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert field in error.value.message_dict


def test_agencies_with_records_do_not_fall_back_to_the_catalogue(jyj):
    assert entered_agencies([jyj.id], 2027, ["regulation"]) == {"regulation": set()}
    _rec(jyj, Art20Item.REGULATION, issued_on=D(2020, 1, 1))
    assert entered_agencies([jyj.id], 2027, ["regulation"]) == {"regulation": {jyj.id}}


def test_records_are_audited_and_scoped(demo, client):
    from gongkai.audit.models import AuditEntry

    tjj_record = Art20Record.objects.filter(agency=demo.agencies["mzl-tjj"]).first()
    czj_record = Art20Record.objects.filter(agency=demo.agencies["mzl-czj"]).first()
    tjj_record.title = "改名"
    tjj_record.save()
    entry = AuditEntry.objects.filter(verb="registers.art20record.update").first()
    assert entry is not None and entry.changes["title"][1] == "改名"

    admin, registrar = demo.users["tjj-admin"], demo.users["czj-registrar"]
    assert can(admin, "change", tjj_record) and not can(admin, "view", czj_record)
    assert can(registrar, "change", czj_record) and not can(registrar, "delete", czj_record)
    assert set(visible(registrar, Art20Record).values_list("agency__slug", flat=True)) == {
        "mzl-czj"
    }
    client.force_login(admin)
    body = client.get("/admin/snippets/registers/art20record/").content.decode()
    assert tjj_record.number in body and czj_record.number not in body
    assert client.get("/admin/snippets/registers/art20record/add/").status_code == 200
    body = client.get("/admin/snippets/registers/art20count/").content.decode()
    assert "手工覆盖" in body
