"""The annual report formats as data (rules/formats.py)."""

import pytest

from gongkai.rules.formats import FORMATS, format_for_year, format_obj_for_year, get_format
from gongkai.rules.outcomes import COLUMN_LABELS, RESULT_ROWS_2019, RESULT_ROWS_2021


def test_years_map_to_formats():
    assert format_for_year(2019) == "2019"
    assert format_for_year(2020) == "2019"
    assert format_for_year(2021) == "2021"
    assert format_for_year(2030) == "2021"
    assert format_obj_for_year(2020).document == "国办公开办函〔2019〕60号"
    assert format_obj_for_year(2024).document == "国办公开办函〔2021〕30号"
    for code, fmt in FORMATS.items():
        assert fmt.covers(fmt.first_year)
        assert format_for_year(fmt.first_year) == code


def test_unknown_format():
    with pytest.raises(KeyError):
        get_format("2007")


@pytest.mark.parametrize("code", ["2019", "2021"])
def test_sections_and_parts(code):
    fmt = get_format(code)
    assert [s.number for s in fmt.sections] == ["一", "二", "三", "四", "五", "六"]
    assert fmt.section("一").heading == "一、总体情况"
    assert fmt.section("一").parts == (
        "主动公开",
        "依申请公开",
        "政府信息管理",
        "平台建设",
        "监督保障",
    )
    assert fmt.section("二").heading == "二、主动公开政府信息情况"
    assert fmt.section("三").heading == "三、收到和处理政府信息公开申请情况"
    assert fmt.section("四").heading == "四、政府信息公开行政复议、行政诉讼情况"
    assert fmt.section("六").heading == "六、其他需要报告的事项"


def test_section_five_titles():
    assert FORMATS["2019"].section("五").title == "政府信息公开工作存在的主要问题及改进情况"
    assert FORMATS["2021"].section("五").title == "存在的主要问题及改进情况"


def test_headings_in_the_official_or_the_common_wording():
    """#17.11: where the format's wording and common usage differ, either can be printed;
    the format's own is the default."""
    from gongkai.rules.formats import WORDING_COMMON, WORDING_OFFICIAL

    five = FORMATS["2019"].section("五")
    assert five.heading_for() == "五、政府信息公开工作存在的主要问题及改进情况"
    assert five.heading_for(WORDING_OFFICIAL) == five.heading
    assert five.heading_for(WORDING_COMMON) == "五、存在的主要问题及改进情况"
    assert [s.number for s in FORMATS["2019"].wording_choices] == ["五"]
    assert FORMATS["2021"].wording_choices == ()  # the 2021 format's wording is the common one
    two = FORMATS["2019"].section("二")
    assert two.heading_for(WORDING_COMMON) == two.heading  # no common wording: the format's
    with pytest.raises(ValueError):
        five.heading_for("plain")


def test_the_reader_accepts_every_wording_a_section_prints():
    for fmt in FORMATS.values():
        for section in fmt.sections:
            assert section.wordings[0] == section.title
            if section.common:
                assert section.common in section.wordings


def test_wording_printed_from_the_titles_read():
    from gongkai.rules.formats import wording_printed

    assert wording_printed("2019", {"五": "存在的主要问题及改进情况"}) == "common"
    assert wording_printed("2019", {"五": "政府信息公开工作存在的主要问题及改进情况"}) == "official"
    assert wording_printed("2019", {"五": None}) == "official"
    assert wording_printed("2021", {"五": "存在的主要问题及改进情况"}) == "official"


def test_table_two_2019():
    fmt = get_format("2019")
    groups = {g.label: g for g in fmt.proactive}
    assert list(groups) == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
        "第二十条第（九）项",
    ]
    assert groups["第二十条第（一）项"].header == (
        "信息内容",
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
    )
    assert groups["第二十条第（一）项"].rows == ("规章", "规范性文件")
    assert groups["第二十条第（五）项"].rows == ("行政许可", "其他对外管理服务事项")
    assert [c.label for c in groups["第二十条第（六）项"].columns] == [
        "上一年项目数量",
        "本年增/减",
        "处理决定数量",
    ]
    assert groups["第二十条第（六）项"].columns[1].kind == "change"
    assert [c.label for c in groups["第二十条第（八）项"].columns] == [
        "上一年项目数量",
        "本年增/减",
    ]
    assert groups["第二十条第（九）项"].rows == ("政府集中采购",)
    assert groups["第二十条第（九）项"].columns[1].kind == "amount"


def test_table_two_2021():
    fmt = get_format("2021")
    groups = {g.label: g for g in fmt.proactive}
    assert list(groups) == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert groups["第二十条第（一）项"].header == (
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    )
    assert groups["第二十条第（一）项"].rows == ("规章", "行政规范性文件")
    assert groups["第二十条第（五）项"].rows == ("行政许可",)
    assert groups["第二十条第（六）项"].rows == ("行政处罚", "行政强制")
    fee = groups["第二十条第（八）项"].columns[0]
    assert fee.label == "本年收费金额（单位：万元）"
    assert (fee.kind, fee.unit) == ("amount", "万元")


def test_table_three_rows_follow_outcomes():
    f19, f21 = get_format("2019"), get_format("2021")
    assert f19.application_keys == (
        "new",
        "carried_in",
        *RESULT_ROWS_2019,
        "result.total",
        "carried_out",
    )
    assert f21.application_keys == (
        "new",
        "carried_in",
        *RESULT_ROWS_2021,
        "result.total",
        "carried_out",
    )
    assert (
        f19.application_columns
        == COLUMN_LABELS
        == (
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        )
    )
    assert "result.total" not in f21.result_keys and "new" not in f21.result_keys
    assert len(f21.result_keys) == 21 and len(f19.result_keys) == 19


def test_table_three_labels_exact():
    f21 = get_format("2021")
    row = f21.application_row("result.partial")
    assert row.label == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert f21.application_row("result.refuse.3").label == "3.危及“三安全一稳定”"
    assert f21.application_row("result.refuse.3").groups == ("三、本年度办理结果", "（三）不予公开")
    assert f21.application_row("result.other.1").label == (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    )
    assert f21.application_row("new").label == "一、本年新收政府信息公开申请数量"
    assert f21.application_row("carried_out").label == "四、结转下年度继续办理"
    assert f21.application_row("result.total").label == "（七）总计"
    assert get_format("2019").application_row("result.other").label == "（六）其他处理"
    assert f21.application_note.startswith("（本列数据的勾稽关系为")


def test_table_four():
    for fmt in FORMATS.values():
        cols = fmt.review_columns
        assert len(cols) == 15
        assert [g.label for g in fmt.review_groups] == [
            "行政复议",
            "未经复议直接起诉",
            "复议后起诉",
        ]
        assert [g.banner for g in fmt.review_groups] == ["行政复议", "行政诉讼", "行政诉讼"]
        assert cols[:5] == tuple(
            ("行政复议", c) for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
        )
