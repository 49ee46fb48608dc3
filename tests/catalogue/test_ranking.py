"""Relevance ranking of search candidates (``gongkai.catalogue.ranking``): plain Python."""

import math

from gongkai.catalogue.ranking import Candidate, density, idf, rank


def test_title_hits_outrank_body_hits_and_ties_go_to_the_newest():
    candidates = [
        Candidate(1, "工作通知", "关于人口普查的安排。"),
        Candidate(2, "人口普查公报", "第七次全国人口普查主要数据。"),
        Candidate(3, "工作通知", "关于人口普查的安排。"),  # same as 1, newer
    ]
    assert rank(candidates, ["人口普查"]) == [2, 3, 1]


def test_more_occurrences_rank_higher():
    short = "住房补贴。" * 3
    candidates = [
        Candidate(1, "通知", "住房补贴" + "其他内容" * 20),
        Candidate(2, "通知", short + "其他内容" * 17),
    ]
    assert rank(candidates, ["住房补贴"]) == [2, 1]


def test_a_rare_term_weighs_more_than_a_common_one():
    # 1 holds the rare name many times, 2 (newer) the common word: unweighted they tie and the
    # newer comes first; weighted by idf the rare term decides
    candidates = [
        Candidate(1, "通知", "政府" + "信丰医院" * 8 + "。" * 40),
        Candidate(2, "通知", "政府" * 8 + "信丰医院" + "。" * 40),
    ]
    assert rank(candidates, ["政府", "信丰医院"]) == [2, 1]
    weights = [idf(density(1000, 1000)), idf(density(3, 100_000))]
    assert weights[1] > weights[0] > 0
    assert rank(candidates, ["政府", "信丰医院"], weights) == [1, 2]


def test_letters_and_digits_match_in_any_width_and_case():
    candidates = [Candidate(1, "通知", "无关内容"), Candidate(2, "ＧＤＰ核算", "数据")]
    assert rank(candidates, ["gdp"])[0] == 2


def test_idf_and_density_bounds():
    assert idf(1.0) < idf(0.5) < idf(0.01) < idf(0.0)
    assert math.isfinite(idf(0.0))
    assert density(5, 0) == 1.0 and density(50, 10) == 1.0 and density(1, 4) == 0.25
    assert rank([], ["任何"]) == []
