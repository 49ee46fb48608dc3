"""A generator of realistic Chinese government text for the search benchmark and recall tests.

Plain Python. Documents mix ~370 common administrative words with generated place, project
and organisation names (the long tail), sampled with a Zipf-like law into 300-800 character
texts with titles, as in performance-notes §B. Queries are 1-3 terms, each term half a common
word and half a tail name. Everything is deterministic for a given seed.
"""

import datetime
import random

COMMON = """
政府 信息公开 人民政府 统计局 财政局 教育局 通知 公告 意见 办法 规定 方案 报告 工作 要点 会议 精神
贯彻落实 国务院 自治区 市委 市政府 部门 单位 机关 办公室 领导小组 统计 调查 普查 人口 经济 发展
社会 民生 就业 教育 医疗 卫生 养老 社会保障 住房 补贴 扶贫 乡村振兴 生态 环境保护 安全生产 食品药品
疫情防控 应急预案 突发事件 行政许可 行政处罚 行政强制 收费 采购 预算 决算 三公经费 项目 建设 规划
专项规划 区域规划 固定资产投资 工业 农业 服务业 口岸 贸易 进出口 货运量 旅游 消费 零售 价格 指数
居民 收入 可支配收入 支出 增长 下降 同比 环比 季度 年度 上半年 前三季度 全年 数据 发布 公报 解读
政策 措施 实施 监督 检查 执法 整改 考核 评估 审查 保密 审核 签发 公开 目录 指南 年报 申请 答复
办理 受理 登记 期限 工作日 依法 依规 规范 标准 程序 条件 依据 结果 情况 问题 改进 加强 推进 落实
完善 健全 建立 机制 制度 体系 能力 水平 质量 效率 服务 群众 企业 市场主体 营商环境 优化 改革 创新
数字 政务 网站 新媒体 微信公众号 平台 系统 建设 运行 维护 管理 使用 培训 宣传 教育活动 法治 法律
法规 规章 规范性文件 文件 清理 废止 失效 有效 修订 制定 出台 印发 转发 报送 上报 下发 组织 协调
配合 联系 电话 地址 邮编 时间 地点 人员 干部 职工 党员 党建 党风廉政 作风 纪律 学习 教育 整治
专项行动 排查 隐患 防范 风险 化解 矛盾 纠纷 信访 投诉 举报 咨询 回应 关切 舆情 新闻发布会 访谈
在线 互动 交流 意见建议 征集 听证 论证 决策 参与 公众 社会 各界 广泛 知晓 重要 重点 领域 事项
全市 各区 街道 社区 乡镇 村 城乡 基层 一线 窗口 大厅 服务中心 一网通办 最多跑一次 证明 材料 精简
审批 备案 核准 许可证 资质 资格 考试 招聘 录用 公务员 事业单位 岗位 名额 报名 资格审查 面试 体检
公示 名单 表彰 奖励 先进集体 先进个人 荣誉 称号 评选 推荐 结果公示 异议 反映 核实 处理 决定书
处罚决定 罚款 警告 没收 违法所得 责令 改正 限期 陈述 申辩 复议 诉讼 权利 义务 责任 追究 问责
""".split()

_SYLLABLES = (
    "青永信丰金河新安兴华东胜龙泉宝山长乐临江平原红旗向阳建设和平光明北湖南岭西城东港春晖"
    "满洲里扎赉诺尔呼伦贝尔海拉尔新巴尔虎陈巴尔虎鄂温克阿荣莫力达瓦根河额尔古纳牙克石扎兰屯"
)
_SUFFIX_PLACE = ["区", "县", "镇", "街道", "社区", "村", "嘎查", "苏木"]
_SUFFIX_ORG = [
    "医院",
    "中学",
    "小学",
    "卫生院",
    "有限公司",
    "合作社",
    "服务站",
    "管理所",
    "派出所",
    "水厂",
]
_SUFFIX_PROJECT = [
    "改造工程",
    "建设项目",
    "提升工程",
    "综合整治",
    "供热管网",
    "棚户区改造",
    "道路工程",
]


def _name(rng: random.Random) -> str:
    stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
    kind = rng.random()
    if kind < 0.45:
        return stem + rng.choice(_SUFFIX_PLACE)
    if kind < 0.8:
        return stem + rng.choice(_SUFFIX_ORG)
    return stem + rng.choice(_SUFFIX_PROJECT)


class Corpus:
    """Deterministic documents and queries."""

    def __init__(self, seed: int = 20201231, tail_names: int = 6240):
        self.rng = random.Random(seed)
        names = set()
        while len(names) < tail_names:
            names.add(_name(self.rng))
        self.tail = sorted(names)
        self.rng.shuffle(self.tail)
        self.vocab = COMMON + self.tail
        # Zipf(1.05) weights over the vocabulary: common words first
        self.weights = [1.0 / (rank**1.05) for rank in range(1, len(self.vocab) + 1)]
        self._cum = []
        total = 0.0
        for w in self.weights:
            total += w
            self._cum.append(total)

    def _word(self) -> str:
        return self.rng.choices(self.vocab, cum_weights=self._cum, k=1)[0]

    def document(self, n: int) -> dict:
        rng = self.rng
        length = rng.randint(300, 800)
        words = rng.choices(self.vocab, cum_weights=self._cum, k=length // 2 + 8)
        parts: list[str] = []
        size = i = 0
        while size < length and i < len(words):
            k = rng.randint(4, 12)
            sentence = "".join(words[i : i + k]) + rng.choice("，。；。")
            i += k
            parts.append(sentence)
            size += len(sentence)
        title = "".join(words[-rng.randint(3, 6) :])
        published = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 4000))
        return {
            "n": n,
            "title": title[:60],
            "text": "".join(parts)[:length],
            "published_on": published,
            "agency_id": rng.randint(1, 6),
            "validity": "valid" if rng.random() < 0.9 else "repealed",
        }

    def documents(self, count: int):
        for n in range(count):
            yield self.document(n)

    def queries(self, count: int = 200, seed: int = 7) -> list[list[str]]:
        rng = random.Random(seed)
        out = []
        for _ in range(count):
            terms = []
            for _t in range(rng.randint(1, 3)):
                if rng.random() < 0.5:
                    terms.append(rng.choice(COMMON[:150]))
                else:
                    terms.append(rng.choice(self.tail[:3000]))
            out.append(terms)
        return out
