import pytest

SEED = "/work/shared/seed/000_eb4955ec489c8a4e.txt"

#: The seed report's tables (满洲里市统计局 2020), as the contract JSON has them.
SEED_PROACTIVE = {
    "规章": [0, 0, 0],
    "规范性文件": [0, 0, 0],
    "行政许可": [0, 0, 0],
    "其他对外管理服务事项": [0, 0, 0],
    "行政处罚": [18, 0, 0],
    "行政强制": [1, 0, 0],
    "行政事业性收费": [0, 0],
    "政府集中采购": [0, 0],
}


@pytest.fixture
def tjj(demo):
    return demo.agencies["mzl-tjj"]


def comparable(data: dict) -> dict:
    """The parts of a contract JSON object that a round trip must keep."""
    return {
        "agency": data.get("agency"),
        "year": data.get("year"),
        "format": str(data.get("format")),
        "applications": data.get("applications"),
        "review_litigation": data.get("review_litigation"),
        "proactive": data.get("proactive"),
    }


#: Demo modules these tests need. The catalogue (Wagtail pages) and applications (cases built
#: through the services) are slow to load; the builder reads them through selectors and the
#: tests that need cases create them.
LITE_MODULES = (
    "gongkai.agencies.demo",
    "gongkai.workdays.demo",
    "gongkai.registers.demo",
    "gongkai.reports.demo",
)


@pytest.fixture
def demo(db):
    """The demo data set without the catalogue's pages (agencies, users, registers, reports)."""
    import importlib

    from django.db import transaction

    from gongkai.demo import DemoContext

    ctx = DemoContext(verbosity=0)
    for name in LITE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name is not None and name.startswith(error.name):
                continue
            raise
        with transaction.atomic():
            module.load(ctx)
    return ctx
