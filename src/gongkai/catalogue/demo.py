"""Demo portal: the city front page at "/", a 政府信息公开专栏 per demo agency, and for
满洲里市统计局 (mzl-tjj) the seed report's catalogue: its categories, the 23 items of 2020 on
the portal (about 100 WeChat posts), the 第七次人口普查 interpretation and the 2020-04-07
在线访谈, the 2020 工作要点, and items of 2025-2026. Idempotent: pages are found by slug.

None of the 2020 items is a 规章 or 规范性文件, so the 2020 report shows 0 and 0 (as the seed).
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Page, Site

from gongkai.audit.context import acting_as
from gongkai.catalogue import models as m
from gongkai.catalogue.review import record_review_without_workflow
from gongkai.catalogue.services import record_channel, setup_workflow

TJJ_CATEGORIES = [
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
]
DEFAULT_CATEGORIES = [
    "机关简介",
    "主动公开文件",
    "政策解读",
    "财政信息",
    "政府信息公开年度报告",
    "其他",
]

CENSUS_TITLE = "关于满洲里市开展第七次全国人口普查的通知"

# (slug, title, category, published, written, doc number, genre, topic, statutory item,
#  summary, body, on WeChat, attachment)
D = datetime.date
STAT = "国民经济管理、国有资产监管\\统计"
GOV = "综合政务\\政务公开"
FIN = "财政、金融、审计\\财政"
ITEMS_2020 = [
    (
        "jgjj",
        "满洲里市统计局机关简介及主要职能",
        "机关简介",
        D(2020, 1, 10),
        D(2020, 1, 8),
        "",
        "other",
        GOV,
        "20.2",
        "介绍满洲里市统计局的机构性质、主要职能、内设机构和联系方式。",
        "满洲里市统计局是市人民政府主管全市统计工作的工作部门。主要职责是：贯彻执行国家统计法律法规，组织实施全市统计调查，管理和公布全市性基本统计资料，对全市国民经济和社会发展情况进行统计分析、统计预测和统计监督。局内设综合法规科、国民经济核算科、工业交通能源科、贸易外经科、人口和社会科技科、统计执法监督队、城市社会经济调查队和普查中心。",
        False,
        None,
    ),
    (
        "nb2019",
        "满洲里市统计局2019年政府信息公开工作年度报告",
        "政府信息公开年度报告",
        D(2020, 1, 20),
        D(2020, 1, 17),
        "",
        "report",
        GOV,
        "20.15",
        "报告2019年本局主动公开、依申请公开、政府信息管理、平台建设和监督保障等情况。",
        "2019年，满洲里市统计局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息21条，未收到政府信息公开申请，未发生因政府信息公开引起的行政复议和行政诉讼。",
        False,
        "docx",
    ),
    (
        "rkpc-tz",
        CENSUS_TITLE,
        "主动公开文件",
        D(2020, 3, 20),
        D(2020, 3, 18),
        "满统发〔2020〕5号",
        "notice",
        STAT,
        "20.4",
        "部署全市第七次全国人口普查工作，明确普查对象、内容、时间安排和组织实施要求。",
        "根据《全国人口普查条例》和《国务院关于开展第七次全国人口普查的通知》要求，我市将于2020年开展第七次全国人口普查。普查标准时点是2020年11月1日零时。普查对象是普查标准时点在我市境内的自然人以及在境外但未定居的中国公民。各街道办事处、各有关部门要按照“全市统筹、分级负责、部门协作、共同参与”的原则，认真做好普查区划分、绘图、普查指导员和普查员选调培训、户口整顿等各项准备工作。",
        True,
        None,
    ),
    (
        "tjgb2019",
        "2019年满洲里市国民经济和社会发展统计公报",
        "数据发布",
        D(2020, 4, 28),
        D(2020, 4, 27),
        "",
        "bulletin",
        STAT,
        "20.4",
        "发布2019年全市地区生产总值、产业结构、口岸贸易、固定资产投资和居民收入等主要统计数据。",
        "2019年，全市地区生产总值按可比价格计算比上年增长。第一产业、第二产业、第三产业增加值均有增长，口岸进出口货运量保持稳定，城乡常住居民人均可支配收入稳步提高。",
        True,
        "docx",
    ),
    (
        "zfys2020",
        "满洲里市统计局2020年部门预算公开",
        "财政信息",
        D(2020, 2, 21),
        D(2020, 2, 20),
        "",
        "report",
        FIN,
        "20.7",
        "公开本局2020年部门收支预算、财政拨款预算和“三公”经费预算情况及说明。",
        "满洲里市统计局2020年收入预算全部为一般公共预算财政拨款，支出预算包括基本支出和项目支出，项目支出主要用于第七次全国人口普查和常规统计调查。",
        False,
        None,
    ),
    (
        "jjzb202003",
        "2020年1-3月满洲里市主要经济指标",
        "数据发布",
        D(2020, 4, 24),
        D(2020, 4, 22),
        "",
        "data",
        STAT,
        "20.4",
        "发布2020年一季度全市规模以上工业、固定资产投资、社会消费品零售总额等主要经济指标。",
        "受新冠肺炎疫情影响，一季度全市规模以上工业增加值、社会消费品零售总额同比下降，口岸货运量逐步恢复。",
        True,
        None,
    ),
    (
        "pcbs",
        "市统计局召开第七次全国人口普查工作部署会议",
        "部门信息",
        D(2020, 4, 3),
        D(2020, 4, 2),
        "",
        "other",
        STAT,
        "",
        "市统计局召开会议，部署第七次全国人口普查前期准备工作。",
        "4月2日，市统计局召开第七次全国人口普查工作部署会议，传达自治区、呼伦贝尔市人口普查工作会议精神，安排普查区划分及绘图、“两员”选调等准备工作。",
        True,
        None,
    ),
    (
        "zfjs2019",
        "满洲里市统计局2019年部门决算公开",
        "财政信息",
        D(2020, 9, 4),
        D(2020, 9, 1),
        "",
        "report",
        FIN,
        "20.7",
        "公开本局2019年度部门收入支出决算、财政拨款支出决算和“三公”经费支出决算情况。",
        "2019年度收入、支出决算总计与上年相比有所增加，主要原因是第四次全国经济普查经费增加。",
        False,
        None,
    ),
    (
        "sgjf2020",
        "满洲里市统计局2020年“三公”经费预算说明",
        "财政信息",
        D(2020, 2, 21),
        D(2020, 2, 20),
        "",
        "report",
        FIN,
        "20.7",
        "说明2020年因公出国（境）费、公务接待费、公务用车购置及运行费预算情况。",
        "2020年“三公”经费预算与上年持平，本局无因公出国（境）费预算。",
        False,
        None,
    ),
    (
        "jjzb202006",
        "2020年上半年满洲里市经济运行情况",
        "数据发布",
        D(2020, 7, 24),
        D(2020, 7, 22),
        "",
        "data",
        STAT,
        "20.4",
        "分析2020年上半年全市经济运行情况，主要指标降幅收窄，经济稳步恢复。",
        "上半年，全市统筹推进疫情防控和经济社会发展，主要经济指标降幅逐月收窄，口岸贸易逐步恢复。",
        True,
        None,
    ),
    (
        "jjzb202009",
        "2020年1-9月满洲里市主要经济指标",
        "数据发布",
        D(2020, 10, 23),
        D(2020, 10, 21),
        "",
        "data",
        STAT,
        "20.4",
        "发布2020年前三季度全市主要经济指标。",
        "前三季度，全市规模以上工业增加值增速由负转正，固定资产投资降幅收窄。",
        True,
        None,
    ),
    (
        "jjzb202011",
        "2020年1-11月满洲里市主要经济指标",
        "数据发布",
        D(2020, 12, 22),
        D(2020, 12, 18),
        "",
        "data",
        STAT,
        "20.4",
        "发布2020年1-11月全市主要经济指标。",
        "1-11月，全市经济延续恢复态势，社会消费品零售总额降幅进一步收窄。",
        True,
        None,
    ),
    (
        "zfjc2020",
        "满洲里市统计局关于做好2020年统计执法检查工作的通知",
        "主动公开文件",
        D(2020, 5, 15),
        D(2020, 5, 12),
        "满统发〔2020〕9号",
        "notice",
        STAT,
        "20.6",
        "安排2020年统计执法检查的范围、重点、方式和时间，依法查处统计违法行为。",
        "为贯彻落实《中华人民共和国统计法》及其实施条例，防范和惩治统计造假、弄虚作假，决定开展2020年统计执法检查。检查采取“双随机、一公开”方式进行。",
        False,
        None,
    ),
    (
        "fzxc2020",
        "关于开展2020年统计法治宣传教育活动的通知",
        "主动公开文件",
        D(2020, 11, 20),
        D(2020, 11, 18),
        "满统发〔2020〕15号",
        "notice",
        STAT,
        "",
        "部署“12·4”国家宪法日暨统计法治宣传周活动。",
        "以“12·4”国家宪法日为契机，在全市范围内开展统计法治宣传教育活动，普及统计法律知识。",
        False,
        None,
    ),
    (
        "xfr",
        "市统计局开展“12·4”国家宪法日统计法宣传活动",
        "部门信息",
        D(2020, 12, 7),
        D(2020, 12, 4),
        "",
        "other",
        STAT,
        "",
        "市统计局在中苏大街开展国家宪法日统计法律法规宣传活动。",
        "12月4日，市统计局工作人员在中苏大街设立宣传咨询台，向市民发放统计法律法规宣传资料，解答群众咨询。",
        True,
        None,
    ),
    (
        "pcdj",
        "市统计局完成第七次全国人口普查入户登记工作",
        "部门信息",
        D(2020, 12, 11),
        D(2020, 12, 10),
        "",
        "other",
        STAT,
        "",
        "全市第七次全国人口普查入户登记和复查工作顺利完成。",
        "截至12月10日，全市普查员和普查指导员完成普查入户登记和复查工作，进入数据审核和汇总阶段。",
        True,
        None,
    ),
    (
        "yqzl",
        "市统计局开展疫情防控期间统计数据质量核查",
        "部门信息",
        D(2020, 3, 13),
        D(2020, 3, 12),
        "",
        "other",
        STAT,
        "",
        "疫情防控期间，市统计局通过电话和网络方式核查企业统计数据质量。",
        "疫情防控期间，市统计局采取“不见面”方式，通过电话、联网直报平台对规模以上企业报送数据进行核查。",
        True,
        None,
    ),
    (
        "xjmd2019",
        "2019年度全市统计工作先进集体和先进个人名单公示",
        "统计奖励",
        D(2020, 3, 27),
        D(2020, 3, 26),
        "",
        "announcement",
        STAT,
        "",
        "公示2019年度全市统计工作先进集体和先进个人名单，公示期5个工作日。",
        "经各单位推荐、市统计局审核，拟表彰2019年度全市统计工作先进集体和先进个人。公示期间如有异议，请向市统计局综合法规科反映。",
        False,
        None,
    ),
    (
        "cfjd2020",
        "满洲里市统计局行政处罚决定书（满统罚决字〔2020〕1号）",
        "统计处罚",
        D(2020, 8, 14),
        D(2020, 8, 10),
        "满统罚决字〔2020〕1号",
        "decision",
        STAT,
        "20.6",
        "对一家商贸企业提供不真实统计资料的违法行为依法作出警告并处罚款的行政处罚决定。",
        "经查，满洲里市某商贸有限公司在2019年统计年报中提供不真实统计资料，违反了《中华人民共和国统计法》第七条的规定。依据《中华人民共和国统计法》第四十一条，决定给予警告并处罚款。",
        False,
        None,
    ),
    (
        "sjsgk",
        "满洲里市统计局2020年“双随机、一公开”抽查计划",
        "其他",
        D(2020, 4, 17),
        D(2020, 4, 15),
        "",
        "plan",
        STAT,
        "20.6",
        "公布2020年统计执法“双随机、一公开”抽查事项、比例和时间安排。",
        "2020年随机抽取不少于5%的统计调查对象开展检查，检查结果在政府网站公开。",
        False,
        None,
    ),
]

ITEMS_LATER = [
    (
        "nb2024",
        "满洲里市统计局2024年政府信息公开工作年度报告",
        "政府信息公开年度报告",
        D(2025, 1, 20),
        D(2025, 1, 16),
        "",
        "report",
        GOV,
        "20.15",
        "报告2024年本局政府信息公开工作情况。",
        "2024年，本局主动公开政府信息32条，未收到政府信息公开申请。",
        False,
        None,
        "other",
        None,
    ),
    (
        "ys2025",
        "满洲里市统计局2025年部门预算公开",
        "财政信息",
        D(2025, 2, 12),
        D(2025, 2, 10),
        "",
        "report",
        FIN,
        "20.7",
        "公开本局2025年部门收支预算情况。",
        "2025年部门预算收入全部为财政拨款，支出主要用于常规统计调查和经济普查数据开发。",
        False,
        None,
        "other",
        None,
    ),
    (
        "tjgb2024",
        "2024年满洲里市国民经济和社会发展统计公报",
        "数据发布",
        D(2025, 4, 25),
        D(2025, 4, 24),
        "",
        "bulletin",
        STAT,
        "20.4",
        "发布2024年全市国民经济和社会发展主要统计数据。",
        "2024年，全市地区生产总值稳步增长，口岸进出口货运量创历史新高，居民人均可支配收入持续增加。",
        True,
        "docx",
        "other",
        None,
    ),
    (
        "jbjl",
        "满洲里市统计违法举报奖励办法",
        "统计奖励",
        D(2025, 6, 10),
        D(2025, 6, 3),
        "满统规〔2025〕1号",
        "measures",
        STAT,
        "20.1",
        "规定统计违法举报的受理、查处、奖励标准和程序，自2025年7月1日起施行。",
        "为鼓励社会公众举报统计违法行为，根据《中华人民共和国统计法》，制定本办法。举报经查证属实的，给予举报人奖励。",
        False,
        None,
        "normative",
        D(2025, 7, 1),
    ),
    (
        "jjzb202506",
        "2025年1-6月满洲里市主要经济指标",
        "数据发布",
        D(2025, 7, 25),
        D(2025, 7, 23),
        "",
        "data",
        STAT,
        "20.4",
        "发布2025年上半年全市主要经济指标。",
        "上半年，全市经济运行稳中有进，规模以上工业增加值、社会消费品零售总额保持增长。",
        True,
        None,
        "other",
        None,
    ),
    (
        "jjzb202509",
        "2025年1-9月满洲里市主要经济指标",
        "数据发布",
        D(2025, 10, 24),
        D(2025, 10, 22),
        "",
        "data",
        STAT,
        "20.4",
        "发布2025年前三季度全市主要经济指标。",
        "前三季度，全市主要经济指标保持平稳增长。",
        True,
        None,
        "other",
        None,
    ),
    (
        "jpfb",
        "市统计局部署第五次全国经济普查成果开发应用工作",
        "部门信息",
        D(2025, 3, 14),
        D(2025, 3, 13),
        "",
        "other",
        STAT,
        "",
        "市统计局召开会议，部署第五次全国经济普查成果开发应用工作。",
        "会议要求，深入开发利用经济普查成果，为全市经济社会发展提供统计服务。",
        True,
        None,
        "other",
        None,
    ),
    (
        "zfjc2025",
        "2025年满洲里市统计执法检查结果公示",
        "统计处罚",
        D(2026, 1, 15),
        D(2026, 1, 12),
        "",
        "announcement",
        STAT,
        "20.6",
        "公示2025年统计执法“双随机、一公开”检查结果。",
        "2025年共随机抽查统计调查对象30家，发现统计违法行为2起，已依法处理。",
        False,
        None,
        "other",
        None,
    ),
]

INTERPRETATION_BODY = (
    "<h2>一、为什么要开展第七次全国人口普查</h2><p>人口普查是全面查清我国人口数量、结构、分布等方面情况的重大国情国力调查。"
    "第七次全国人口普查将为完善人口发展战略和政策体系、制定经济社会发展规划提供准确统计信息支持。</p>"
    "<h2>二、普查的时间和对象</h2><p>普查标准时点是2020年11月1日零时。普查对象是普查标准时点在我市境内的自然人以及在境外但未定居的中国公民，不包括在我国境内短期停留的境外人员。</p>"
    "<h2>三、普查的主要内容</h2><p>姓名、公民身份号码、性别、年龄、民族、受教育程度、行业、职业、迁移流动、婚姻生育、死亡、住房情况等。</p>"
    "<h2>四、个人信息如何保护</h2><p>人口普查取得的单个普查对象资料严格保密，只能用于人口普查目的，不得作为任何部门和单位对普查对象实施处罚的依据。</p>"
)

TRANSCRIPT = (
    "<p><b>主持人：</b>各位网友大家好，欢迎收看本期在线访谈。今天我们邀请到市统计局的负责同志，和大家聊一聊第七次全国人口普查。</p>"
    "<p><b>卓建明：</b>人口普查十年一次，是一项重大的国情国力调查。普查标准时点是2020年11月1日零时，希望广大市民积极配合普查员入户登记。</p>"
    "<p><b>主持人：</b>这次普查有哪些新变化？</p>"
    "<p><b>高玉臣：</b>这次普查首次采用电子化方式采集数据，普查对象还可以通过互联网自主填报。我们将严格保护个人信息，普查资料不作为任何处罚的依据。</p>"
    "<p><b>主持人：</b>感谢两位嘉宾的解读。</p>"
)

POLICY_BODY = (
    "<h2>一、信息发布审核制度</h2><p>上报政府网站的信息均由各科室负责人报送至综合法规科，由专人对文稿内容进行校对，再由另一名同志审核，经保密审查后报局长签批，方可在政府网站发布。</p>"
    "<h2>二、保密审查制度</h2><p>拟公开的政府信息必须依照《中华人民共和国保守国家秘密法》等规定进行保密审查，逐项核对审查清单并记录审查结论；不能确定是否可以公开的，报保密行政管理部门确定。</p>"
    "<h2>三、公开属性源头认定制度</h2><p>起草科室在拟文时明确公开属性（主动公开、依申请公开、不予公开），拟不公开的须说明理由，随文件一并报批。</p>"
    "<h2>四、动态调整制度</h2><p>对依申请公开、不予公开的信息定期复核，情况发生变化可以公开的，及时转为主动公开。</p>"
    "<h2>五、依申请公开办理制度</h2><p>综合法规科统一登记、受理政府信息公开申请，自收到申请之日起20个工作日内答复。</p>"
)

WORKPLAN_BODY = (
    "<h2>一、加强主动公开</h2><p>围绕第七次全国人口普查、统计数据发布、统计执法等重点工作，及时公开统计信息，做好政策解读和在线访谈。</p>"
    "<h2>二、规范依申请公开</h2><p>严格按照法定程序和时限办理政府信息公开申请。</p>"
    "<h2>三、加强平台建设</h2><p>及时更新政府信息公开指南、公开目录和机构设置信息，办好“满洲里统计微讯”公众号。</p>"
    "<h2>四、强化监督保障</h2><p>落实信息发布审核和保密审查制度，调整政务公开工作领导小组。</p>"
)


def _docx_document(title: str, text: str, owner, agency):
    """A Wagtail document holding a small DOCX (for attachment text extraction in search),
    in the agency's collection."""
    import docx
    from wagtail.documents import get_document_model

    from gongkai.catalogue.services import agency_collection

    Document = get_document_model()
    collection = agency_collection(agency)
    existing = Document.objects.filter(title=title).first()
    if existing:
        if existing.collection_id != collection.pk:  # loaded before agencies had collections
            existing.collection = collection
            existing.save(update_fields=["collection"])
        return existing
    doc = docx.Document()
    doc.add_heading(title, level=1)
    for para in text.split("。"):
        if para.strip():
            doc.add_paragraph(para.strip() + "。")
    buffer = io.BytesIO()
    doc.save(buffer)
    document = Document(title=title, uploaded_by_user=owner, collection=collection)
    document.file.save(f"{title[:20]}.docx", ContentFile(buffer.getvalue()), save=False)
    document.save()
    return document


def _child(parent, model, slug, **fields):
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    if page.live:
        page.save_revision().publish()
    return page


def _publish(page, *, author, secrecy, signer, published_on, channels=()):
    """Run a demo item through review: a revision, a passed 保密审查, publication."""
    revision = page.save_revision(user=author)
    record_review_without_workflow(page=page, user=secrecy, comment="演示数据：保密审查通过")
    with acting_as(signer):
        revision.publish(user=signer, skip_permission_checks=True)
    stamp = timezone.make_aware(datetime.datetime.combine(published_on, datetime.time(9, 30)))
    m.DisclosureItemPage.objects.filter(pk=page.pk).update(
        first_published_at=stamp, last_published_at=stamp
    )
    for channel in channels:
        record_channel(page=page, channel=channel, published_on=published_on)


def _item(catalogue, model, slug, *, categories, ctx, published=True, channels=(), **fields):
    existing = catalogue.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    category_name = fields.pop("category_name", None)
    page = model(slug=slug, live=False, **fields)
    if category_name:
        page.category = categories[category_name]
    catalogue.add_child(instance=page)
    if published:
        _publish(
            page,
            author=ctx.users.get("tjj-handler"),
            secrecy=ctx.users.get("tjj-secrecy"),
            signer=ctx.users.get("tjj-signer"),
            published_on=page.publication_date,
            channels=channels,
        )
        page.refresh_from_db()
    else:
        page.save_revision(user=ctx.users.get("tjj-handler"))
    return page


def _page_tree_root() -> Page:
    """The root of Wagtail's page tree, recreated (with the locale and root collection) if flushed.

    Wagtail's migrations create both; a database emptied by a transactional test
    flush has neither, and the demo must still load there.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    if Collection.get_first_root_node() is None:  # documents need the root collection
        Collection.add_root(name="全部文件")
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="根目录", slug="root"))
    return root


def _city_home(ctx):
    root = _page_tree_root()
    city = ctx.agencies["mzl"]
    home = m.CityHomePage.objects.first()
    if home is None:
        # Replace Wagtail's default welcome page (a plain Page with slug "home").
        for welcome in root.get_children().filter(slug="home"):
            if welcome.specific_class is Page:
                Site.objects.filter(root_page=welcome).update(root_page=root)
                welcome.delete()
        root.refresh_from_db()
        home = m.CityHomePage(
            title=f"{city.name}政府信息公开",
            slug="home",
            intro="<p>满洲里市人民政府及其部门依照《中华人民共和国政府信息公开条例》主动公开政府信息。</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=city.name,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def _agency_site(ctx, city_home, agency, categories):
    from gongkai.catalogue.models import GuidePage

    home = m.AgencyHomePage.objects.filter(agency=agency).first()
    if home is None:
        home = m.AgencyHomePage(
            title=f"{agency.name}政府信息公开",
            slug=agency.slug,
            agency=agency,
            introduction=f"<p>{agency.name}是满洲里市人民政府的工作部门。</p>",
        )
        city_home.add_child(instance=home)
        home.save_revision().publish()
    _child(home, GuidePage, "guide", title="政府信息公开指南", body=GuidePage.default_body(agency))
    _child(home, m.PolicyPage, "policy", title="政府信息公开制度", body=POLICY_BODY)
    _child(home, m.StatutoryContentPage, "statutory", title="法定主动公开内容")
    catalogue = home.get_children().filter(slug="catalogue").first()
    if catalogue is None:
        catalogue = m.CataloguePage(title="政府信息公开目录", slug="catalogue")
        for order, name in enumerate(categories):
            catalogue.categories.add(m.CatalogueCategory(name=name, sort_order=order))
        home.add_child(instance=catalogue)
        catalogue.save_revision().publish()
    catalogue = catalogue.specific
    setup_workflow(agency=agency, home_page=home)
    return home, catalogue


def _tjj_items(ctx, catalogue):
    categories = {c.name: c for c in catalogue.categories.all()}
    common = {"categories": categories, "ctx": ctx}
    census = None
    for row in ITEMS_2020:
        slug, title, cat, pub, written, number, genre, topic, item, summary, body, wechat, att = row
        page = _item(
            catalogue,
            m.DisclosureItemPage,
            slug,
            title=title,
            category_name=cat,
            publication_date=pub,
            written_date=written,
            formed_or_changed_date=written,
            document_number=number,
            genre=genre,
            topic=topic,
            statutory_item=item,
            summary=summary,
            body=f"<p>{body}</p>",
            keywords="统计",
            channels=("wechat",) if wechat else (),
            **common,
        )
        if att and not page.attachments.exists():
            document = _docx_document(
                title, body, ctx.users.get("tjj-office"), ctx.agencies["mzl-tjj"]
            )
            m.ItemAttachment.objects.create(page=page, document=document, title=f"{title}（全文）")
            from gongkai.catalogue.search import index_page

            index_page(page)
        if title == CENSUS_TITLE:
            census = page
    _item(
        catalogue,
        m.InterpretationPage,
        "rkpc-jd",
        title=f"《{CENSUS_TITLE}》政策解读",
        category_name="政策解读",
        publication_date=D(2020, 3, 24),
        written_date=D(2020, 3, 23),
        formed_or_changed_date=D(2020, 3, 23),
        genre="interpretation",
        topic=STAT,
        statutory_item="20.4",
        explained_item=census,
        summary="解读第七次全国人口普查的目的意义、时间对象、主要内容和个人信息保护。",
        body=INTERPRETATION_BODY,
        keywords="人口普查,政策解读",
        channels=("wechat",),
        **common,
    )
    _item(
        catalogue,
        m.InterviewPage,
        "hsdqcrkpc",
        title="话说第七次人口普查",
        category_name="政策解读",
        publication_date=D(2020, 4, 7),
        written_date=D(2020, 4, 7),
        formed_or_changed_date=D(2020, 4, 7),
        genre="interview",
        topic=STAT,
        held_on=D(2020, 4, 7),
        topic_text="话说第七次人口普查",
        guests="卓建明，满洲里市统计局局长\n高玉臣，满洲里市统计局副局长",
        transcript=TRANSCRIPT,
        explained_item=census,
        summary="市统计局负责同志做客在线访谈，讲解人口普查的目的、必要性和各项操作流程。",
        body="<p>2020年4月7日，市统计局在政府网站“在线访谈”栏目开展访谈，倡导广大市民积极配合参与人口普查。</p>",
        keywords="人口普查,在线访谈",
        channels=("wechat",),
        **common,
    )
    _item(
        catalogue,
        m.WorkPlanPage,
        "zwgk-yd-2020",
        title="满洲里市统计局2020年政务公开工作要点",
        category_name="其他",
        publication_date=D(2020, 3, 6),
        written_date=D(2020, 3, 4),
        formed_or_changed_date=D(2020, 3, 4),
        genre="work_points",
        topic=GOV,
        year=2020,
        statutory_item="20.15",
        summary="明确2020年本局主动公开、依申请公开、平台建设和监督保障等方面的工作任务。",
        body=WORKPLAN_BODY,
        keywords="政务公开,工作要点",
        **common,
    )
    for row in ITEMS_LATER:
        (
            slug,
            title,
            cat,
            pub,
            written,
            number,
            genre,
            topic,
            item,
            summary,
            body,
            wechat,
            att,
            doc_type,
            effective,
        ) = row
        formed = written if slug != "jjzb202509" else D(2025, 8, 1)  # one late publication
        page = _item(
            catalogue,
            m.DisclosureItemPage,
            slug,
            title=title,
            category_name=cat,
            publication_date=pub,
            written_date=written,
            formed_or_changed_date=formed,
            document_number=number,
            genre=genre,
            topic=topic,
            statutory_item=item,
            summary=summary,
            body=f"<p>{body}</p>",
            document_type=doc_type,
            effective_date=effective,
            keywords="统计",
            channels=("wechat",) if wechat else (),
            **common,
        )
        if att and not page.attachments.exists():
            document = _docx_document(
                title, body, ctx.users.get("tjj-office"), ctx.agencies["mzl-tjj"]
            )
            m.ItemAttachment.objects.create(page=page, document=document, title=f"{title}（全文）")
            from gongkai.catalogue.search import index_page

            index_page(page)
    # Art. 18: not disclosed proactively, reassessed on a schedule
    _item(
        catalogue,
        m.DisclosureItemPage,
        "zfjc-fa-2020",
        published=False,
        title="满洲里市统计局2020年统计执法检查工作方案",
        category_name="主动公开文件",
        written_date=D(2020, 5, 8),
        formed_or_changed_date=D(2020, 5, 8),
        genre="plan",
        topic=STAT,
        summary="统计执法检查的内部工作安排。",
        disclosure_attribute=m.DisclosureAttribute.WITHHELD,
        attribute_reason="属于内部事务信息（条例第十六条第一款），检查结束后可重新评估。",
        next_reassessment=D(2021, 5, 8),
        **common,
    )
    _item(
        catalogue,
        m.DisclosureItemPage,
        "pcqhf-2020",
        published=False,
        title="第七次全国人口普查普查小区划分资料",
        category_name="其他",
        written_date=D(2020, 8, 20),
        formed_or_changed_date=D(2020, 8, 20),
        genre="data",
        topic=STAT,
        summary="全市普查区、普查小区划分及建筑物标绘资料。",
        disclosure_attribute=m.DisclosureAttribute.ON_APPLICATION,
        attribute_reason="涉及具体门牌地址，仅向有特定需要的申请人提供。",
        next_reassessment=D(2021, 8, 20),
        **common,
    )
    # WeChat (满洲里统计微讯) posts that are not catalogue entries: about 100 in 2020 in total
    agency = ctx.agencies["mzl-tjj"]
    wechat_items = m.ItemChannel.objects.filter(
        page__agency=agency, channel="wechat", published_on__year=2020
    ).count()
    existing = m.ChannelPost.objects.filter(
        agency=agency, channel="wechat", published_on__year=2020
    ).count()
    for n in range(existing, 100 - wechat_items):
        week = n % 50
        m.ChannelPost.objects.create(
            agency=agency,
            channel="wechat",
            account="满洲里统计微讯",
            published_on=D(2020, 1, 6) + datetime.timedelta(days=7 * week + n // 50),
            title=f"统计微讯第{n + 1}期：转发上级统计部门政策文件及统计知识",
        )


def load(ctx) -> None:
    city_home = _city_home(ctx)
    for slug, agency in ctx.agencies.items():
        if agency.kind == agency.Kind.GOVERNMENT:
            continue
        categories = TJJ_CATEGORIES if slug == "mzl-tjj" else DEFAULT_CATEGORIES
        _home, catalogue = _agency_site(ctx, city_home, agency, categories)
        if slug == "mzl-tjj":
            _tjj_items(ctx, catalogue)
    ctx.say("门户：/ 为政府信息公开首页；满洲里市统计局公开目录已载入")
