"""Request and response shapes of the API (pydantic, through django-ninja)."""

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from gongkai.applications.models import DESCRIPTION_MAX_LENGTH, PURPOSE_MAX_LENGTH


class FieldError(Schema):
    field: str = Field(description="出错的字段（请求体或查询参数中的名称）")
    message: str = Field(description="中文说明")


class ErrorOut(Schema):
    detail: str = Field(description="中文说明")
    errors: list[FieldError] = Field(default_factory=list)


# --- agencies ----------------------------------------------------------------------------


class AgencyRef(Schema):
    slug: str
    name: str


class AgencyOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: str
    parent: str | None = Field(description="上级机关的标识")


# --- catalogue -----------------------------------------------------------------------------


class ItemOut(Schema):
    id: int
    title: str
    url: str | None
    index_number: str | None = Field(description="索引号")
    agency: AgencyRef | None
    publisher: str = Field(description="发布机构")
    category: str | None = Field(description="目录类别")
    topic: str = Field(description="主题分类")
    genre: str = Field(description="体裁分类（代码）")
    genre_label: str
    document_type: str
    document_number: str = Field(description="文号")
    written_date: datetime.date | None = Field(description="成文日期")
    publication_date: datetime.date | None = Field(description="发布日期")
    validity: str = Field(description="有效性：valid / expired / repealed")
    effective_date: datetime.date | None
    invalid_date: datetime.date | None
    keywords: str
    summary: str = Field(description="内容概述")
    statutory_item: str = Field(description="法定主动公开内容（条例第二十条各项）")


class AttachmentOut(Schema):
    title: str
    url: str


class ChannelOut(Schema):
    channel: str
    published_on: datetime.date | None
    url: str


class ItemDetailOut(ItemOut):
    body: str = Field(description="正文（HTML）")
    attachments: list[AttachmentOut]
    channels: list[ChannelOut]


class ItemPage(Schema):
    count: int = Field(description="符合条件的条目总数（全文检索时可能为上限值）")
    page: int
    page_size: int
    items: list[ItemOut]


# --- reports -------------------------------------------------------------------------------


class ReportOut(Schema):
    agency: AgencyRef
    year: int
    scope: str = Field(description="agency 本机关 / consolidated 汇总")
    format: str = Field(description="报告格式：2019 或 2021")
    title: str
    published_at: datetime.datetime | None
    url: str = Field(description="门户网站上的报告页面")
    json_url: str = Field(description="本接口中的报告数据（合同 JSON）")


class ReportContract(Schema):
    """The ``gongkai report check --json`` shape (docs: architecture, contracts)."""

    agency: str | None
    year: int | None
    format: str
    applications: dict[str, list[int | None]]
    review_litigation: list[int | None]
    proactive: dict[str, list[Any]]
    proactive_units: dict[str, str] = Field(default_factory=dict)
    problems: list[dict[str, Any]]


# --- statistics ----------------------------------------------------------------------------


class OutcomeCount(Schema):
    label: str
    count: int


class AgencyStats(Schema):
    agency: AgencyRef
    year: int
    source: Literal["published_report", "records"] = Field(
        description="published_report：取自已发布的年度报告；records：按办理记录汇总"
    )
    received: int = Field(description="本年新收申请数")
    carried_in: int = Field(description="上年结转")
    answered: int = Field(description="本年办结（答复）数")
    carried_out: int = Field(description="结转下年")
    answered_with_due: int = Field(description="本年答复且有答复期限的件数（按办理记录）")
    on_time: int = Field(description="其中按期答复的件数")
    on_time_share: float | None = Field(description="按期答复率（%）")
    outcomes: list[OutcomeCount]


class StatsOut(Schema):
    year: int
    agencies: list[AgencyStats]


# --- applications --------------------------------------------------------------------------

ApplicantType = Literal[
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other",
]


class ApplicationIn(Schema):
    """An application on behalf of the applicant (Art. 29 contents), validated like the public form."""

    agency: str = Field(max_length=60, description="受理机关的标识（见 /api/agencies）")
    idempotency_key: str = Field(
        min_length=1,
        max_length=100,
        description="调用方生成的唯一键：同一客户端以同一键重复提交只产生一件申请",
    )
    applicant_type: ApplicantType
    applicant_name: str = Field(max_length=120)
    id_type: Literal["", "resident_id", "passport", "hk_macao", "taiwan", "foreign_pr", "other"] = (
        ""
    )
    id_number: str = Field("", max_length=40)
    credit_code: str = Field("", max_length=30)
    contact_person: str = Field("", max_length=60)
    phone: str = Field(max_length=40)
    email: str = Field("", max_length=254)
    address: str = Field(max_length=200)
    postcode: str = Field("", max_length=10)
    info_title: str = Field(max_length=300)
    doc_number: str = Field("", max_length=120)
    description: str = Field("", max_length=DESCRIPTION_MAX_LENGTH)
    purpose: str = Field("", max_length=PURPOSE_MAX_LENGTH)
    provision_form: Literal["paper", "electronic", "inspection"]
    receipt_method: Literal["post", "email", "pickup", "online"]


class SubmitOut(Schema):
    created: bool = Field(description="false：该幂等键此前已提交，返回原申请")
    tracking_number: str
    query_code: str | None = Field(description="查询码；只在首次提交的应答中出现")
    agency: AgencyRef
    state: str
    state_label: str
    submitted_on: datetime.date


class StatusIn(Schema):
    tracking_number: str = Field(min_length=1, max_length=60)
    query_code: str = Field(min_length=1, max_length=20)


class EventOut(Schema):
    kind: str
    label: str
    on: datetime.date


class LetterOut(Schema):
    title: str
    number: str
    issued_on: datetime.date | None


class ApplicantOut(Schema):
    name: str = Field(description="申请人姓名（公民已脱敏）")
    id_number: str = Field(description="证件号码（已脱敏）")
    phone: str = Field(description="联系电话（已脱敏）")


class StatusOut(Schema):
    tracking_number: str
    agency: AgencyRef
    state: str
    state_label: str
    stage: str = Field(description="面向申请人的办理阶段说明")
    submitted_on: datetime.date
    received_on: datetime.date | None
    reply_due: datetime.date | None
    replied_on: datetime.date | None
    outcome: str
    outcome_label: str
    applicant: ApplicantOut
    events: list[EventOut]
    letters: list[LetterOut]
