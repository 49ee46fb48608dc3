"""Charts: geometry, readable without colour, a data table for screen readers."""

import re

import pytest
from django.template import Context, Template

from gongkai.portal import charts


def render(spec, **kw):
    return Template("{% load portal_tags %}{% chart spec show_table=show %}").render(
        Context({"spec": spec, "show": kw.get("show", False)})
    )


def test_bar_chart_spec_has_one_bar_per_value_and_proportional_widths():
    spec = charts.bar_chart(
        "办理结果", ["予以公开", "部分公开", "不予公开"], [("件数", [10, 5, 0])]
    )
    widths = [row["bars"][0]["w"] for row in spec["rows"]]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert widths[2] == 0
    assert [row["bars"][0]["label"] for row in spec["rows"]] == ["10", "5", "0"]
    assert spec["table"]["rows"][0] == {"category": "予以公开", "cells": ["10"]}


def test_series_must_match_categories():
    with pytest.raises(ValueError):
        charts.bar_chart("x", ["a", "b"], [("s", [1])])


def test_rendered_bar_chart_is_a_labelled_figure_with_values_and_a_table():
    spec = charts.bar_chart(
        "2025年申请", ["1月", "2月"], [("网上", [3, 4]), ("信函", [1, 2.5])], unit="件"
    )
    html = render(spec)
    assert html.count("<figure") == 1 and "<figcaption" in html
    caption_id = re.search(r'<figcaption id="([^"]+)"', html).group(1)
    assert f'role="img" aria-labelledby="{caption_id}"' in html
    # direct value labels (not colour) carry the figures
    for text in ("3件", "4件", "1件", "2.5件"):
        assert f">{text}</text>" in html
    # the second series is told apart by a pattern, and the legend shows it
    assert "<pattern" in html and f"url(#{spec['id']}-p1)" in html
    assert 'class="chart-legend"' in html
    # the data table behind the chart
    assert "<table>" in html and '<th scope="col">网上</th>' in html
    assert "<td>2.5件</td>" in html
    assert "visually-hidden" in html
    assert "visually-hidden" not in render(spec, show=True)
    # no external resources, no inline styles (CSP: style-src 'self')
    assert "http" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "style=" not in html


def test_stacked_chart_totals_and_inner_labels():
    spec = charts.stacked_chart(
        "发布渠道", ["2024", "2025"], [("网站", [100, 120]), ("微信", [40, 0])], unit="条"
    )
    assert [row["total"] for row in spec["rows"]] == ["140条", "120条"]
    assert spec["rows"][0]["bars"][0]["inner_label"] == "100条"
    assert spec["rows"][1]["bars"][1]["w"] == 0
    assert spec["table"]["header"] == ["网站", "微信", "合计"]
    html = render(spec)
    assert ">140条</text>" in html and "<td>140条</td>" in html


def test_line_chart_points_ticks_and_missing_values():
    spec = charts.line_chart(
        "按时答复率",
        ["1月", "2月", "3月"],
        [("按时率", [100, None, 87.5])],
        unit="%",
        max_value=100,
    )
    points = spec["lines"][0]["points"]
    assert [p["label"] for p in points] == ["100%", "87.5%"]
    assert points[0]["y"] == spec["plot"]["top"]  # 100% at the top of the plot
    assert [t["label"] for t in spec["ticks"]] == ["0%", "20%", "40%", "60%", "80%", "100%"]
    assert spec["table"]["rows"][1]["cells"] == ["—"]
    html = render(spec)
    assert "<polyline" in html and ">87.5%</text>" in html


def test_chart_ids_are_stable_and_distinct():
    a = charts.bar_chart("a", ["x"], [("s", [1])])
    b = charts.bar_chart("b", ["x"], [("s", [1])])
    assert a["id"] == charts.bar_chart("a", ["x"], [("s", [1])])["id"]
    assert a["id"] != b["id"]
    assert charts.bar_chart("a", ["x"], [("s", [1])], chart_id="mine")["id"] == "mine"


def test_empty_chart_renders():
    html = render(charts.bar_chart("空", [], []))
    assert "暂无数据" in html
