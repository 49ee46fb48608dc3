"""publication_counts on the demo data: the seed's 2020 figures."""

import pytest


@pytest.mark.django_db
def test_demo_counts_match_the_seed(catalogue_demo, client):
    from gongkai.catalogue.models import DisclosureItemPage
    from gongkai.catalogue.selectors import publication_counts, reassessment_due

    tjj = catalogue_demo.agencies["mzl-tjj"]
    counts = publication_counts([tjj.pk], 2020)
    assert sum(counts["by_category"].values()) == 23
    assert counts["by_channel"]["portal"] == 23
    assert counts["by_channel"]["wechat"] == 100
    assert counts["normative"] == {"规章": (0, 0, 0), "规范性文件": (0, 0, 0)}
    assert set(counts["by_category"]) <= {
        "机关简介",
        "主动公开文件",
        "政策解读",
        "数据发布",
        "财政信息",
        "政府信息公开年度报告",
        "部门信息",
        "统计奖励",
        "统计处罚",
        "其他",
    }
    later = publication_counts([tjj.pk], 2025)
    assert later["normative"]["规范性文件"] == (1, 0, 1)
    assert publication_counts([tjj.pk], 2026)["normative"]["规范性文件"] == (0, 0, 1)

    # the seed's interpretation and interview, the guide and the 2020 work plan
    assert DisclosureItemPage.objects.filter(
        title__contains="第七次全国人口普查的通知》政策解读"
    ).exists()
    interview = DisclosureItemPage.objects.get(title="话说第七次人口普查").specific
    assert interview.held_on.isoformat() == "2020-04-07"
    assert interview.explained_item.title == "关于满洲里市开展第七次全国人口普查的通知"
    assert DisclosureItemPage.objects.filter(title__contains="2020年政务公开工作要点").exists()
    assert DisclosureItemPage.objects.filter(attachments__isnull=False).exists()
    assert reassessment_due([tjj.pk]).count() == 2

    # and the search finds the census notice, its interpretation and attachment text
    response = client.get("/search/", {"q": "人口普查"})
    html = response.content.decode()
    assert "<mark>人口普查</mark>" in html
    response = client.get("/search/", {"q": "口岸进出口货运量"})  # in a DOCX attachment too
    assert "2024年满洲里市国民经济和社会发展统计公报" in response.content.decode()
