"""Demo annual reports: 满洲里市统计局's 2020 report (the seed, narrative and tables) and 2025 drafts.

The 2020 tables are built from the demo records (registers: 行政处罚 18 and 行政强制 1
items last year; no applications, no cases), so they equal the seed's tables.
"""

import datetime

from gongkai.reports.models import AnnualReport
from gongkai.rules.formats import WORDING_COMMON

SEED_2020 = {
    "overview_intro": (
        "2020年，满洲里市统计局政务公开工作按照市委、市政府工作要求，大力推进决策、执行管理服务、"
        "主动公开、政策解读、回应观测力度等方面工作。认真实施《中华人民共和国政府信息公开条例》，"
        "提高行政效能，推进政务服务体系，力求做到政府信息公开的经常化、制度化，发挥市委市政府参谋助手作用，"
        "为人民群众提供优质便捷高效的服务。"
    ),
    "overview_publication": (
        "根据市政府对政府信息网上公开的要求，结合我市统计工作实际，不断拓展统计信息公开覆盖面，"
        "主动公开统计信息内容包括：机关简介、主动公开文件、政策解读、数据发布、财政信息、"
        "政府信息公开工作年度报告、部门信息、统计奖励、统计处罚及其它活动类等相关信息。"
        "2020年已在政府门户网站主动公开信息23条、“统计微讯”形式主动公开信息100条左右。"
        "市统计局通过“政府网站”、“满洲里统计微讯”新媒体撰写发布信息，有效的将各类统计新政策、"
        "满洲里市经济新动向及时通过新媒体传达。\n"
        "市统计局每年都会在政府网站“在线访谈”栏目开展热点话题，2020年“在线访谈”安排在4月7日，"
        "内容为《话说第七次人口普查》，为市民讲解关于人口普查的目的、必要性和各种操作流程，"
        "倡导广大市民积极配合参与人口普查。对《关于满洲里市开展第七次全国人口普查的通知》进行政策解读。"
    ),
    "overview_application": (
        "2020年统计局未收到依申请公开事件。如公民、法人和其他组织需要获取除主动公开以外的政府信息，"
        "可以按照依申请公开流程向统计局申请获取。统计局将根据掌握该信息的实际情况依法提供，"
        "不对信息进行加工、统计、研究、分析或者其他处理。"
    ),
    "overview_management": (
        "市统计局领导班子对政务公开工作予以高度重视，先后多次召开了有关政务公开工作会议，"
        "研究制订政务公开工作计划，由于领导班子及环节干部工作变动，及时变更了领导小组，"
        "成立由局长卓建明为组长，副局长高玉臣为副组长，各科、队、中心负责人为成员的领导小组，"
        "健全协调机制，明确责任分工，全面加强对政务公开工作的指导。领导小组办公室设在综合法规科，"
        "安排专人负责组织市统计局政务公开具体工作，并要求各专业积极配合，形成了主要领导挂帅抓，"
        "分管领导牵头抓，各科、队、中心共同参与的工作格局。在经费紧张的情况下能保障政府信息公开工作顺利开展。\n"
        "市统计局上报政府网站信息均由各科室负责人报送至综合法规科，由专人负责对文稿撰写的内容进行校对，"
        "再由另一名同志审核，报局长签批后方可在政府网站发布，严格执行了保密审查制度。"
    ),
    "overview_platform": (
        "2020年度，统计局制定了《2020年政务公开工作要点》，使我局信息公开工作规范化、制度化程度得到进一步提升，"
        "为政府信息公开工作的落实指明了目标。及时更新完善了《政府信息公开指南》和《统计局机构设置》等网站内容，"
        "做到实时更新和完善工作中出现的新变化。\n"
        "满洲里市统计微讯公众号平台运营情况良好，累计关注人数300余人，对统计局一年来发生的重大事件进行及时推送，"
        "第一时间转发国家、自治区、呼伦贝尔市统计系统相关政策文件通知,做到周周有更新。"
        "2020年市统计局收到市长信箱的一条市民询问，我局在收到后，根据其咨询的内容由相关专业人员逐一回复，"
        "并予以认真解答。"
    ),
    "overview_supervision": (
        "统计局政务信息公开工作在市行政审批局的指导、监督、考核下，充分发挥政府信息对人民群众生产、"
        "生活和经济社会活动的服务作用，社会评议良好，没有责任追究情况发生。"
    ),
    "problems": (
        "市统计局政务公开工作虽然取得了一定的成绩，但离上级要求、群众期盼相比，还存在一些差距和不足。"
        "下一步我们将创新举措，全面提升政务公开工作水平。进一步学习，对照条例查缺补漏，"
        "编制更科学更规范的公开目录。促使我局政务公开工作朝着规范化，制度化方向发展。"
    ),
    "other_matters": "无。",
}


def load(ctx) -> None:
    from django.utils import timezone

    from gongkai.agencies.models import Agency
    from gongkai.reports.services import annual_report_build

    tjj = ctx.agencies.get("mzl-tjj") or Agency.objects.get(slug="mzl-tjj")
    report = AnnualReport.objects.filter(agency=tjj, year=2020, scope="agency").first()
    if report is None:
        report = annual_report_build(agency=tjj, year=2020)
        for field, text in SEED_2020.items():
            setattr(report, field, text)
        report.heading_wording = WORDING_COMMON  # the seed prints 五、存在的主要问题及改进情况
        report.state = AnnualReport.State.PUBLISHED
        report.lock_date = datetime.date(2021, 1, 20)
        report.published_at = timezone.make_aware(datetime.datetime(2021, 1, 29, 9, 0))
        report.save()
        from gongkai.reports.exports.html import render_fragment

        report.published_html = render_fragment(report)
        report.save(update_fields=["published_html"])
    for slug in ("mzl-tjj", "mzl-czj", "mzl-sthjj"):
        agency = ctx.agencies.get(slug) or Agency.objects.get(slug=slug)
        if not AnnualReport.objects.filter(agency=agency, year=2025, scope="agency").exists():
            annual_report_build(agency=agency, year=2025)
    city = ctx.agencies.get("mzl") or Agency.objects.get(slug="mzl")
    if not AnnualReport.objects.filter(agency=city, year=2025, scope="consolidated").exists():
        annual_report_build(agency=city, year=2025, scope="consolidated")
