"""Chinese full-text search: recall 1.0 against a substring scan, filters, paging, highlights."""

import datetime

import pytest
from django.db import connection

from gongkai.catalogue import bigrams
from gongkai.catalogue.corpus import Corpus
from gongkai.catalogue.models import SearchEntry
from gongkai.catalogue.search import (
    SearchQuery,
    highlight,
    insert_document,
    search,
    snippet,
    year_range,
)


def test_bigrams():
    assert bigrams.grams("信息公开") == ["信息", "息公", "公开"]
    assert bigrams.grams("国办发〔2017〕47号") == ["国办", "办发", "20", "01", "17", "47", "7号"]
    assert bigrams.grams("Ａ") == ["a"]
    assert bigrams.query_terms("  住房，补贴 住房 ") == ["住房", "补贴"]
    assert (
        bigrams.fts5_match(["信息公开"], ["a1"]) == '{title text}: "信息 息公 公开" AND tags: "a1"'
    )


def test_quotes_in_terms_and_tags_stay_inside_their_fts5_strings():
    assert bigrams.fts5_match([], ['v"x']) == 'tags: "v""x"'


def test_highlight_and_snippet():
    assert (
        highlight("<b>青永区政府</b>", ["区政府"]) == "&lt;b&gt;青永<mark>区政府</mark>&lt;/b&gt;"
    )
    text = "甲" * 200 + "人口普查" + "乙" * 200
    html = snippet(text, ["人口普查"])
    assert "<mark>人口普查</mark>" in html and html.startswith("…") and len(html) < 200


def _all_ids(query: SearchQuery) -> list[int]:
    ids, before = [], None
    while True:
        query.before = before
        result = search(query)
        ids += result.ids
        if not result.has_next:
            return ids
        before = result.next_before


@pytest.mark.django_db
def test_recall_against_substring_scan_on_generated_corpus():
    corpus = Corpus(seed=11, tail_names=400)
    docs = list(corpus.documents(400))
    with connection.cursor() as cursor:
        for doc in docs:
            doc["row_id"] = insert_document(cursor, connection.vendor, doc)
    queries = corpus.queries(60, seed=3)
    # plus the cases jieba gets wrong: a term that crosses a word boundary
    queries += [["区政府"], ["公开信"], [docs[0]["text"][10:12]], [docs[1]["title"][1:4]]]
    checked = 0
    for terms in queries:
        expected = {
            d["row_id"] for d in docs if all(t in d["title"] + "\n" + d["text"] for t in terms)
        }
        got = _all_ids(SearchQuery(q=" ".join(terms), order="newest", per_page=50))
        assert set(got) == expected, terms  # recall 1.0 and precision 1.0
        assert got == sorted(got, reverse=True)  # newest first
        checked += len(expected)
    assert checked > 200


@pytest.mark.django_db
def test_filters_ranking_and_paging():
    corpus = Corpus(seed=5, tail_names=100)
    with connection.cursor() as cursor:
        for n in range(60):
            doc = corpus.document(n)
            doc.update(
                title=("统计公报" if n % 3 == 0 else "工作通知") + str(n),
                text=doc["text"] + "住房补贴发放情况。",
                published_on=datetime.date(2020 + n % 3, 1 + n % 12, 1 + n % 28),
                agency_id=1 + n % 2,
                validity="repealed" if n % 5 == 0 else "valid",
                topic="国民经济管理、国有资产监管\\统计" if n % 4 == 0 else "其他",
            )
            insert_document(cursor, connection.vendor, doc)
    everything = search(SearchQuery(q="住房补贴", per_page=10))
    assert everything.count == 60 and everything.has_next
    # relevance: title hits first
    ranked = search(SearchQuery(q="统计公报 住房", per_page=5))
    titles = SearchEntry.objects.in_bulk(ranked.ids)
    assert all(titles[i].title.startswith("统计公报") for i in ranked.ids)
    # filters
    lo, hi = year_range(2021)
    in_2021 = search(SearchQuery(q="住房补贴", year=2021, per_page=100))
    assert in_2021.count == 20 and all(lo <= i <= hi for i in in_2021.ids)
    assert search(SearchQuery(q="住房补贴", agency_id=1, per_page=100)).count == 30
    assert search(SearchQuery(q="住房补贴", validity="repealed", per_page=100)).count == 12
    assert (
        search(
            SearchQuery(q="住房补贴", topic="国民经济管理、国有资产监管\\统计", per_page=100)
        ).count
        == 15
    )
    # keyset paging visits every match exactly once
    ids = _all_ids(SearchQuery(q="住房补贴", order="newest", per_page=7))
    assert len(ids) == len(set(ids)) == 60
    # absent term, one-character term (substring fallback)
    assert search(SearchQuery(q="桃花源")).count == 0
    assert search(SearchQuery(q="补")).count == 60


@pytest.mark.django_db
def test_search_page(client):
    with connection.cursor() as cursor:
        insert_document(
            cursor,
            connection.vendor,
            {
                "n": 1,
                "title": "关于满洲里市开展第七次全国人口普查的通知",
                "text": "普查标准时点是2020年11月1日零时。",
                "published_on": datetime.date(2020, 3, 20),
            },
        )
    html = client.get("/search/", {"q": "人口普查"}).content.decode()
    assert "<mark>人口普查</mark>" in html and "找到 1 条结果" in html
    assert 'lang="zh-CN"' in html and '<label for="q">' in html
    html = client.get("/search/", {"q": "2020年11月", "order": "newest"}).content.decode()
    assert "<mark>2020年11月</mark>" in html
    assert "找到 0 条结果" in client.get("/search/", {"q": "不存在的词语"}).content.decode()
    assert client.get("/search/").status_code == 200


@pytest.mark.django_db
def test_count_is_capped_and_keyset_paging_goes_past_it(monkeypatch):
    from gongkai.catalogue import search as search_module

    monkeypatch.setattr(search_module, "COUNT_CAP", 25)
    monkeypatch.setattr(search_module, "RANK_CAP", 10)
    with connection.cursor() as cursor:
        for n in range(40):
            insert_document(
                cursor,
                connection.vendor,
                {
                    "n": n,
                    "title": f"政府工作报告{n}",
                    "text": "政府信息公开。",
                    "published_on": datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
                },
            )
    first = search(SearchQuery(q="政府", per_page=10))
    assert first.rank_capped  # relevance over the newest RANK_CAP matches only
    assert first.count == 10 and first.count_capped  # shown as "10 条以上"
    newest = search(SearchQuery(q="政府", order="newest", per_page=10))
    assert newest.count == 25 and newest.count_capped
    assert len(_all_ids(SearchQuery(q="政府", order="newest", per_page=10))) == 40


@pytest.mark.django_db
@pytest.mark.parametrize("budget", [0, 5_000])
def test_rare_pieces_and_the_exact_phrase_fallback_agree(monkeypatch, budget):
    """Terms longer than their indexed piece are confirmed in the text; with no budget for
    that, the exact phrase query answers: both give exactly the substring matches."""
    from gongkai.catalogue import search as search_module

    monkeypatch.setattr(search_module, "VERIFY_BUDGET", budget)
    if budget == 0:  # small reads, so the budget is looked at before the candidates run out
        monkeypatch.setattr(search_module, "MIN_CHUNK", 1)
    paths = {"fallback": 0, "rejected_by_text": 0}
    newest_matches, holds = search_module._newest_matches, search_module._holds

    def spy_newest(*args, **kwargs):
        found = newest_matches(*args, **kwargs)
        paths["fallback"] += found is None
        return found

    def spy_holds(*args):
        held = holds(*args)
        paths["rejected_by_text"] += not held
        return held

    monkeypatch.setattr(search_module, "_newest_matches", spy_newest)
    monkeypatch.setattr(search_module, "_holds", spy_holds)
    corpus = Corpus(seed=23, tail_names=120)
    docs = list(corpus.documents(300))
    # decoys hold every three-character piece of 青永信丰医院 but not the term itself, so
    # whichever piece is looked up, the text check has documents to reject
    for n, doc in enumerate(docs[:100]):
        doc["text"] += "青永信丰医院" if n % 2 else "青永信丰医所，某永信丰医院"
    with connection.cursor() as cursor:
        for doc in docs:
            doc["row_id"] = insert_document(cursor, connection.vendor, doc)
    for terms in (
        ["青永信丰医院"],
        ["青永信丰医院", "政府"],
        ["青永信丰医院", "丰"],
        *corpus.queries(20),
    ):
        expected = {
            d["row_id"] for d in docs if all(t in d["title"] + "\n" + d["text"] for t in terms)
        }
        q = " ".join(terms)
        assert set(_all_ids(SearchQuery(q=q, order="newest", per_page=7))) == expected, terms
        ranked = search(SearchQuery(q=q, per_page=1000))
        assert set(ranked.ids) == expected and ranked.count == len(expected), terms
    if connection.vendor == "sqlite":  # both ways of answering were really taken
        assert paths["rejected_by_text"] > 0
        assert (paths["fallback"] > 0) == (budget == 0)


@pytest.mark.django_db
def test_traditional_and_simplified_find_each_other():
    """#17.10: the index and the query are both folded 繁体 → 简体 (character by character), so
    a query in either script finds a text in either, and highlights stay on the right words."""
    corpus = Corpus(seed=7, tail_names=50)
    with connection.cursor() as cursor:
        simplified = corpus.document(1)
        simplified.update(title="关于政府信息公开工作的通知", text="统计资料发布时间表。")
        traditional = corpus.document(2)
        traditional.update(title="關於政府資訊公開條例的說明", text="統計資料發佈時間表。")
        unrelated = corpus.document(3)
        unrelated.update(title="住房补贴发放情况", text="补贴名单。")
        ids = {
            name: insert_document(cursor, connection.vendor, doc)
            for name, doc in (
                ("simplified", simplified),
                ("traditional", traditional),
                ("unrelated", unrelated),
            )
        }
    both = {ids["simplified"], ids["traditional"]}
    assert set(search(SearchQuery(q="政府信息公開")).ids) == {ids["simplified"]}
    assert set(search(SearchQuery(q="政府")).ids) == both
    assert set(search(SearchQuery(q="公開")).ids) == both  # 繁体 query, both texts
    assert set(search(SearchQuery(q="公开")).ids) == both  # 简体 query, both texts
    assert set(search(SearchQuery(q="統計資料")).ids) == both
    assert set(search(SearchQuery(q="资讯")).ids) == {ids["traditional"]}
    assert set(search(SearchQuery(q="說")).ids) == {ids["traditional"]}  # one character
    assert ids["unrelated"] not in search(SearchQuery(q="统计")).ids
    # the highlight marks the 繁体 words a 简体 query found, in the original text
    assert "<mark>公開</mark>" in str(
        highlight("關於政府資訊公開條例", bigrams.query_terms("公开"))
    )
