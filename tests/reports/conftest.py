import pytest

SEED = "/work/shared/seed/000_eb4955ec489c8a4e.txt"

#: The seed report's tables (満洲里市统计局 2020), as the contract JSON has them.
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
