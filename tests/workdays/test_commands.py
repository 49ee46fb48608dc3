"""``gongkai workdays add`` and ``gongkai workdays between``."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def test_add_across_national_day():
    text = run("add", "2026-09-28", "20")
    lines = text.splitlines()
    assert lines[0] == "2026-09-28 之后第20个工作日：2026-10-30"
    for day in range(1, 8):
        assert f"2026-10-0{day}" in text
    assert "2026-10-01（星期四）国庆节，不计入" in text
    assert "2026-10-11（星期日）周末，不计入" in text
    assert "跳过的休息日（12天）" in text
    assert "计入的调休上班日（1天）" in text
    assert "2026-10-10（星期六）调休上班（国庆节），计入" in text
    assert "暂定" not in text


def test_add_json_and_provisional():
    data = json.loads(run("add", "2026-12-20", "20", "--json"))
    assert data["end"] == "2027-01-18"  # 2027-01-01 is 元旦 by the 放假办法
    assert data["provisional"] is True
    assert data["workdays"] == 20
    assert {"date": "2027-01-02", "reason": "周末"} in data["skipped"]
    assert {"date": "2027-01-01", "reason": "元旦"} in data["skipped"]
    text = run("add", "2026-12-20", "20")
    assert "2027年尚无国务院节假日安排" in text and "暂定" in text
    assert "按《全国年节及纪念日放假办法》推算" in text


def test_between_spring_festival():
    text = run("between", "2026-02-13", "2026-03-02")
    assert text.splitlines()[0] == "2026-02-13（不含）至 2026-03-02（含）：7个工作日"
    assert "2026-02-16（星期一）春节，不计入" in text
    assert "2026-02-14（星期六）调休上班（春节），计入" in text
    assert "2026-02-28（星期六）调休上班（春节），计入" in text
    data = json.loads(run("between", "2026-02-13", "2026-03-02", "--json"))
    assert data["workdays"] == 7 and len(data["adjusted_workdays"]) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2026-13-01", "2"), "不存在"),
        (("add", "28/09/2026", "2"), "YYYY-MM-DD"),
        (("add", "2026-09-28", "twenty"), "整数"),
        (("add", "2026-09-28", "-3"), "之间"),
        (("between", "2026-03-02", "2026-02-13"), "早于"),
        (("between", "2026-02-13", "tomorrow"), "YYYY-MM-DD"),
    ],
)
def test_bad_input_exits_2(args, message):
    with pytest.raises(CommandError, match=message) as error:
        run(*args)
    assert error.value.returncode == 2
