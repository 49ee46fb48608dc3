"""Demo register records: 满洲里市统计局's 2020 figures from the seed report, 2025 figures
(both entered by hand, as overrides), 2026 register records, and 复议/诉讼 cases."""

import datetime
from decimal import Decimal

from gongkai.registers.models import Art20Count, Art20Item, Art20Record, ReviewCase

#: Why the demo's yearly figures are entered by hand (the report shows it).
REASONS = {
    2020: "登记簿启用前的年度，按已发布年度报告填报",
    2025: "登记簿启用前的年度，按年度汇总填报",
}

# Register records (2026): one entry each, counted into the 2026 report.
RECORDS = [
    {
        "agency": "mzl-tjj",
        "kind": Art20Item.NORMATIVE_DOCUMENT,
        "title": "满洲里市统计局统计执法检查办法",
        "number": "满统发〔2026〕3号",
        "issued_on": datetime.date(2026, 3, 10),
    },
    {
        "agency": "mzl-tjj",
        "kind": Art20Item.PENALTY,
        "title": "某商贸公司统计违法案",
        "number": "满统罚〔2026〕1号",
        "decided_on": datetime.date(2026, 5, 18),
    },
    {
        "agency": "mzl-czj",
        "kind": Art20Item.NORMATIVE_DOCUMENT,
        "title": "满洲里市市级财政专项资金管理办法",
        "number": "满财发〔2026〕5号",
        "issued_on": datetime.date(2026, 2, 20),
    },
    {
        "agency": "mzl-czj",
        "kind": Art20Item.PROCUREMENT,
        "title": "市级机关办公设备集中采购",
        "number": "MZLCG-2026-011",
        "decided_on": datetime.date(2026, 4, 8),
        "amount": Decimal("128.5000"),
    },
]

# (agency slug, year, item) -> field values; items not listed are entered as zeros for the
# agencies/years listed in ENTERED so that the report shows them as entered, not missing.
COUNTS: dict[tuple[str, int, str], dict] = {
    # The seed report (满洲里市统计局 2020): 行政处罚 18 and 行政强制 1 items last year.
    ("mzl-tjj", 2020, Art20Item.PENALTY): {"items_last_year": 18},
    ("mzl-tjj", 2020, Art20Item.ENFORCEMENT): {"items_last_year": 1},
    # 2025 (2021 format): decisions and amounts.
    ("mzl-tjj", 2025, Art20Item.NORMATIVE_DOCUMENT): {
        "issued": 2,
        "repealed": 1,
        "in_force": 6,
        "published": 2,
        "published_total": 6,
    },
    ("mzl-tjj", 2025, Art20Item.PENALTY): {
        "items_last_year": 18,
        "items_change": 1,
        "decisions": 4,
    },
    ("mzl-tjj", 2025, Art20Item.ENFORCEMENT): {"items_last_year": 1, "decisions": 1},
    ("mzl-czj", 2025, Art20Item.NORMATIVE_DOCUMENT): {"issued": 5, "repealed": 2, "in_force": 31},
    ("mzl-czj", 2025, Art20Item.FEE): {"items_last_year": 3, "amount": Decimal("12.6500")},
    ("mzl-czj", 2025, Art20Item.PROCUREMENT): {"projects": 46, "amount": Decimal("3820.5000")},
    ("mzl-spj", 2025, Art20Item.LICENSING): {
        "items_last_year": 214,
        "items_change": -6,
        "decisions": 5873,
    },
    ("mzl-spj", 2025, Art20Item.OTHER_SERVICE): {"items_last_year": 57, "decisions": 1240},
    ("mzl-sthjj", 2025, Art20Item.LICENSING): {"items_last_year": 9, "decisions": 87},
    ("mzl-sthjj", 2025, Art20Item.PENALTY): {"items_last_year": 46, "decisions": 23},
    ("mzl-sthjj", 2025, Art20Item.ENFORCEMENT): {"items_last_year": 8, "decisions": 3},
    ("mzl-jyj", 2025, Art20Item.NORMATIVE_DOCUMENT): {"issued": 3, "in_force": 17},
    ("mzl-jyj", 2025, Art20Item.FEE): {"items_last_year": 2, "amount": Decimal("86.2000")},
}

ENTERED = [("mzl-tjj", 2020), ("mzl-tjj", 2025)]

# 行政复议 / 行政诉讼 about disclosure work (2025).
CASES = [
    {
        "agency": "mzl-czj",
        "kind": ReviewCase.Kind.RECONSIDERATION,
        "case_number": "满政复〔2025〕7号",
        "body": "满洲里市人民政府",
        "applicant_name": "申请人甲",
        "filed_date": datetime.date(2025, 3, 12),
        "copy_received_on": datetime.date(2025, 3, 14),
        "answered_on": datetime.date(2025, 3, 24),
        "decided_date": datetime.date(2025, 5, 20),
        "result": ReviewCase.Result.UPHELD,
    },
    {
        "agency": "mzl-czj",
        "kind": ReviewCase.Kind.LITIGATION_AFTER,
        "case_number": "（2025）内0781行初15号",
        "body": "满洲里市人民法院",
        "applicant_name": "申请人甲",
        "filed_date": datetime.date(2025, 6, 9),
        "copy_received_on": datetime.date(2025, 6, 12),
        "answered_on": datetime.date(2025, 6, 25),
        "decided_date": None,
        "result": ReviewCase.Result.PENDING,
    },
    {
        "agency": "mzl-sthjj",
        "kind": ReviewCase.Kind.RECONSIDERATION,
        "case_number": "满政复〔2025〕19号",
        "body": "满洲里市人民政府",
        "applicant_name": "某环保公益组织",
        "filed_date": datetime.date(2025, 8, 4),
        "simple_procedure": True,
        "copy_received_on": datetime.date(2025, 8, 6),
        "answered_on": datetime.date(2025, 8, 12),
        "decided_date": datetime.date(2025, 10, 10),
        "result": ReviewCase.Result.CORRECTED,
    },
]


def load(ctx) -> None:
    from gongkai.agencies.models import Agency

    def agency(slug):
        if slug not in ctx.agencies:
            ctx.agencies[slug] = Agency.objects.get(slug=slug)
        return ctx.agencies[slug]

    for slug, year in ENTERED:
        for item in Art20Item:
            values = {**COUNTS.get((slug, year, item.value), {}), "reason": REASONS[year]}
            Art20Count.objects.get_or_create(
                agency=agency(slug), year=year, item=item.value, defaults=values
            )
    for (slug, year, item), values in COUNTS.items():
        Art20Count.objects.get_or_create(
            agency=agency(slug),
            year=year,
            item=item,
            defaults={**values, "reason": REASONS[year]},
        )
    for record in RECORDS:
        data = dict(record)
        slug = data.pop("agency")
        Art20Record.objects.get_or_create(
            agency=agency(slug), kind=data.pop("kind"), number=data.pop("number"), defaults=data
        )
    for case in CASES:
        data = dict(case)
        slug = data.pop("agency")
        ReviewCase.objects.get_or_create(
            agency=agency(slug), case_number=data.pop("case_number"), defaults=data
        )
