"""The public pages of an agency's 专栏 render from the agency data, without JavaScript."""

import datetime

import pytest

from gongkai.catalogue.models import InterpretationPage, InterviewPage


@pytest.mark.django_db
def test_agency_pages(portal, make_item, publish, client):
    home = client.get(portal.home.url).content.decode()
    assert "机构设置" in home and "综合法规科" in home and "卓建明" in home
    assert "0470-6222586" in home
    guide = client.get(portal.home.url + "guide/").content.decode()
    assert "更新日期" in guide and "0470-6222586" in guide and "综合法规科" in guide
    statutory = client.get(portal.home.url + "statutory/").content.decode()
    assert "（四）国民经济和社会发展统计信息" in statutory
    assert "第二十一条" in statutory

    items = []
    for n in range(23):
        page = make_item(f"统计信息第{n + 1}号", category="数据发布" if n % 2 else "部门信息")
        items.append(
            publish(page, published_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
        )
    catalogue = client.get(portal.catalogue.url).content.decode()
    assert "索引号" in catalogue and "发布日期" in catalogue
    assert "2020-01-23" in catalogue and "共 23 条" in catalogue
    assert 'rel="next"' in catalogue
    page2 = client.get(portal.catalogue.url + "?page=2").content.decode()
    assert "统计信息第1号" in page2
    category = portal.categories["数据发布"].pk
    filtered = client.get(f"{portal.catalogue.url}?category={category}&year=2020").content.decode()
    assert "共 11 条" in filtered
    item = client.get(items[0].url).content.decode()
    for label in (
        "索引号",
        "发布机构",
        "成文日期",
        "发布日期",
        "文号",
        "主题分类",
        "体裁分类",
        "有效性",
        "内容概述",
    ):
        assert label in item
    assert "不予公开" not in item and "涉密状态" not in item  # internal fields stay internal


@pytest.mark.django_db
def test_interpretation_and_interview_link_both_ways(portal, make_item, publish, client):
    policy = publish(make_item("关于满洲里市开展第七次全国人口普查的通知"))
    interpretation = publish(
        make_item(
            "人口普查通知政策解读",
            model=InterpretationPage,
            category="政策解读",
            explained_item=policy,
        )
    )
    interview = publish(
        make_item(
            "话说第七次人口普查",
            model=InterviewPage,
            category="政策解读",
            held_on=datetime.date(2020, 4, 7),
            topic_text="话说第七次人口普查",
            guests="卓建明，局长\n高玉臣，副局长",
            transcript="<p>主持人：欢迎。</p>",
            explained_item=policy,
        )
    )
    policy_html = client.get(policy.url).content.decode()
    assert interpretation.title in policy_html and interview.title in policy_html
    assert policy.title in client.get(interpretation.url).content.decode()
    interview_html = client.get(interview.url).content.decode()
    assert "2020-04-07" in interview_html and "高玉臣，副局长" in interview_html
    assert policy.title in interview_html and "主持人：欢迎。" in interview_html
