"""Applicant types and reply outcomes, and the annual-report row each outcome is counted in.

The closing outcome of an application maps one to one onto a row of table 三 of the
annual report (国办公开办函〔2019〕60号 / 〔2021〕30号), so the report is a GROUP BY and
never a hand count. Row keys are those of the ``gongkai report check --json`` contract.

Citations (``Outcome.article``), checked against the 条例's text (domain-rules §1.3-1.4):

* Art. 36 items (一)-(七) for the outcomes the article names; Art. 37 for 部分公开; Art. 38
  for 需要另行制作; Art. 35 for 大量反复申请; Art. 39 ¶1 for 信访举报投诉 and Art. 39 ¶2 for
  公开出版物; Art. 30 for 补正 (逾期不补正 and, as agencies commonly cite it, 补正后仍不明确).
* 不予处理 5 (要求行政机关确认或重新出具已获取信息) cites nothing: Art. 39 covers only
  信访举报投诉 (¶1) and 公开出版物 (¶2), and no explanatory note of the 2021 format giving
  another basis is on record (domain-rules §6), so no article is printed.
* 36(七) (工商、不动产登记资料 etc., report row 三(三)8 属于行政查询事项) is a notice to
  proceed under the special law, not a 不予公开 decision under Art. 36(三): its letter
  carries the ordinary remedy clause (复议 or 诉讼), not the 复议前置 one, because 行政复议法
  Art. 23 ¶1(四) requires 复议 first only where the agency "不予公开" [D].
"""

from dataclasses import dataclass
from enum import StrEnum


class ApplicantType(StrEnum):
    """The seven columns of table 三 (the last is the total, not a type)."""

    NATURAL_PERSON = "natural_person"  # 自然人
    COMMERCIAL = "commercial"  # 商业企业
    RESEARCH = "research"  # 科研机构
    PUBLIC_INTEREST = "public_interest"  # 社会公益组织
    LEGAL_SERVICES = "legal_services"  # 法律服务机构
    OTHER = "other"  # 其他


APPLICANT_TYPE_LABELS: dict[ApplicantType, str] = {
    ApplicantType.NATURAL_PERSON: "自然人",
    ApplicantType.COMMERCIAL: "商业企业",
    ApplicantType.RESEARCH: "科研机构",
    ApplicantType.PUBLIC_INTEREST: "社会公益组织",
    ApplicantType.LEGAL_SERVICES: "法律服务机构",
    ApplicantType.OTHER: "其他",
}

#: Column order of every application row: six applicant types, then 总计.
COLUMNS: tuple[ApplicantType, ...] = tuple(ApplicantType)
COLUMN_LABELS: tuple[str, ...] = (*APPLICANT_TYPE_LABELS.values(), "总计")


@dataclass(frozen=True)
class Outcome:
    """One closing outcome of an application.

    :param key: the table-三 row key of the report contract (``result.refuse.4``)
    :param label: the row label as printed in the 2021 format
    :param article: the provision of the 条例 the reply rests on (Art. 36 item, Art. 30, ...)
    :param letter: the usual kind of reply letter
    :param disclosed: whether information (or part of it) is provided
    :param ground: for 不予公开, the legal ground (Arts. 14-16)
    :param review_first: whether the letter's remedy clause says 行政复议 must come first
        (行政复议法, 2023 revision, Art. 23 ¶1(四): "申请政府信息公开，行政机关不予公开";
        Art. 23 ¶2 obliges the agency to say so in the decision)

    ``article`` is the one home of the citation a reply letter prints for its outcome; an
    outcome the 条例 gives no basis for cites nothing (empty) rather than a wrong article.
    """

    key: str
    label: str
    article: str
    letter: str
    disclosed: bool = False
    ground: str = ""
    review_first: bool = False


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("result.open", "予以公开", "第三十六条第（二）项", "答复书", True),
    Outcome(
        "result.open.already",
        "予以公开（已主动公开，告知获取途径）",
        "第三十六条第（一）项",
        "告知书",
        True,
    ),
    Outcome("result.partial", "部分公开", "第三十七条", "答复书", True, review_first=True),
    Outcome(
        "result.refuse.1",
        "不予公开：属于国家秘密",
        "第三十六条第（三）项",
        "不予公开告知书",
        ground="第十四条（国家秘密）",
        review_first=True,
    ),
    Outcome(
        "result.refuse.2",
        "不予公开：其他法律行政法规禁止公开",
        "第三十六条第（三）项",
        "不予公开告知书",
        ground="第十四条（法律、行政法规禁止公开）",
        review_first=True,
    ),
    Outcome(
        "result.refuse.3",
        "不予公开：危及“三安全一稳定”",
        "第三十六条第（三）项",
        "不予公开告知书",
        ground="第十四条（危及国家安全、公共安全、经济安全、社会稳定）",
        review_first=True,
    ),
    Outcome(
        "result.refuse.4",
        "不予公开：保护第三方合法权益",
        "第三十六条第（三）项",
        "不予公开告知书",
        ground="第十五条（商业秘密、个人隐私等第三方合法权益）",
        review_first=True,
    ),
    Outcome(
        "result.refuse.5",
        "不予公开：属于三类内部事务信息",
        "第三十六条第（三）项",
        "不予公开告知书",
        ground="第十六条第一款（内部事务信息）",
        review_first=True,
    ),
    Outcome(
        "result.refuse.6",
        "不予公开：属于四类过程性信息",
        "第三十六条第（三）项",
        "不予公开告知书",
        ground="第十六条第二款（过程性信息）",
        review_first=True,
    ),
    Outcome(
        "result.refuse.7",
        "不予公开：属于行政执法案卷",
        "第三十六条第（三）项",
        "不予公开告知书",
        ground="第十六条第二款（行政执法案卷信息）",
        review_first=True,
    ),
    Outcome(
        "result.refuse.8",
        "不予公开：属于行政查询事项",
        "第三十六条第（七）项",
        "告知书",
    ),
    Outcome(
        "result.unable.1",
        "无法提供：本机关不掌握相关政府信息",
        "第三十六条第（四）项",
        "信息不存在告知书",
    ),
    Outcome(
        "result.unable.1.not_responsible",
        "无法提供：不属于本机关负责公开",
        "第三十六条第（五）项",
        "非本机关告知书",
    ),
    Outcome("result.unable.2", "无法提供：没有现成信息需要另行制作", "第三十八条", "告知书"),
    Outcome("result.unable.3", "无法提供：补正后申请内容仍不明确", "第三十条", "告知书"),
    Outcome("result.no_process.1", "不予处理：信访举报投诉类申请", "第三十九条第一款", "告知书"),
    Outcome("result.no_process.2", "不予处理：重复申请", "第三十六条第（六）项", "告知书"),
    Outcome("result.no_process.3", "不予处理：要求提供公开出版物", "第三十九条第二款", "告知书"),
    Outcome("result.no_process.4", "不予处理：无正当理由大量反复申请", "第三十五条", "告知书"),
    Outcome(
        "result.no_process.5",
        "不予处理：要求行政机关确认或重新出具已获取信息",
        "",
        "告知书",
    ),
    Outcome("result.other.1", "其他处理：申请人无正当理由逾期不补正", "第三十条", "告知书"),
    Outcome(
        "result.other.2",
        "其他处理：申请人逾期未按收费通知要求缴纳费用",
        "《政府信息公开信息处理费管理办法》",
        "告知书",
    ),
    Outcome("result.other.3", "其他处理：其他", "", "告知书"),
)

OUTCOMES_BY_KEY: dict[str, Outcome] = {o.key: o for o in OUTCOMES}

#: Row keys of table 三 in each format, in printed order.
RESULT_ROWS_2021: tuple[str, ...] = (
    "result.open",
    "result.partial",
    *(f"result.refuse.{i}" for i in range(1, 9)),
    *(f"result.unable.{i}" for i in range(1, 4)),
    *(f"result.no_process.{i}" for i in range(1, 6)),
    *(f"result.other.{i}" for i in range(1, 4)),
)
RESULT_ROWS_2019: tuple[str, ...] = (*RESULT_ROWS_2021[:-3], "result.other")


def report_row(outcome_key: str, report_format: str) -> str:
    """The table-三 row an outcome is counted in, for a report format ("2019" or "2021").

    Art. 36(一) (already published) counts as 予以公开 and Art. 36(五) (not this
    agency's information) as 无法提供 1, as agencies commonly report them. In the
    2019 format the three 其他处理 sub-rows are one row.
    """
    outcome = OUTCOMES_BY_KEY[outcome_key]  # KeyError names an unknown outcome
    key = outcome.key
    if key == "result.open.already":
        key = "result.open"
    elif key == "result.unable.1.not_responsible":
        key = "result.unable.1"
    if report_format == "2019" and key.startswith("result.other."):
        key = "result.other"
    return key


def format_for_year(year: int) -> str:
    """The national format in force for a report year: 2019 for 2019-2020, 2021 from 2021."""
    return "2019" if year <= 2020 else "2021"
