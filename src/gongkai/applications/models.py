"""依申请公开 records: applications, their append-only event log, letters, released files, inquiries.

A case is a row plus its events. The row keeps what the applicant gave us and a
few *cached* derived columns (state, received date, reply due date, the year the
case was answered in) so worklists and the annual-report GROUP BY are fast; they
are recomputed from the events by ``services`` after every action and never
edited by hand. Business rules live in ``services``; models hold fields,
constraints and small properties only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.audit.models import Audited
from gongkai.rules import clock as rules_clock
from gongkai.rules.identity import mask_id, mask_phone
from gongkai.rules.outcomes import APPLICANT_TYPE_LABELS, OUTCOMES, ApplicantType

APPLICANT_TYPE_CHOICES = [(t.value, APPLICANT_TYPE_LABELS[t]) for t in ApplicantType]
OUTCOME_CHOICES = [(o.key, o.label) for o in OUTCOMES]


class Channel(models.TextChoices):
    """How the application arrived (Art. 31 decides the received date per channel)."""

    IN_PERSON = "in_person", _("当面提交")
    ORAL = "oral", _("口头提出")
    MAIL = "mail", _("邮寄（需签收）")
    POST_PLAIN = "post_plain", _("平常信函")
    ONLINE = "online", _("互联网（在线申请）")
    FAX = "fax", _("传真")


#: Channels whose received date is the day receipt is confirmed with the applicant (Art. 31;
#: the rule's home is ``rules.clock``).
CONFIRMATION_CHANNELS = frozenset(Channel(c) for c in rules_clock.CONFIRMATION_CHANNELS)


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    FOREIGN_PR = "foreign_pr", _("外国人永久居留身份证")
    OTHER = "other", _("其他有效身份证件")


class ProvisionForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子数据")
    INSPECTION = "inspection", _("查阅")


class ReceiptMethod(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("自行领取")
    ONLINE = "online", _("网上获取")


class State(models.TextChoices):
    """Workflow state of a case. Transitions are in ``services.TRANSITIONS``."""

    AWAITING_CONFIRMATION = "awaiting_confirmation", _("待确认收到")
    RECEIVED = "received", _("已收到（待受理）")
    ACCEPTED = "accepted", _("已受理（待分办）")
    ROUTED = "routed", _("已分办（待签收）")
    IN_PROGRESS = "in_progress", _("办理中")
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")
    CONSULTING = "consulting", _("征求意见中")
    AWAITING_FEE = "awaiting_fee", _("待缴费")
    REPLY_DRAFTED = "reply_drafted", _("答复待审核")
    REVIEWED = "reviewed", _("已审核（待签发）")
    SIGNED = "signed", _("已签发（待送达）")
    DELIVERED = "delivered", _("已送达（待归档）")
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")


#: States in which the case is finished (no clock, no worklist risk).
FINISHED_STATES = frozenset({State.DELIVERED, State.CLOSED, State.WITHDRAWN})


#: The longest 特征性描述 and 用途 the public form, the staff form and the API accept (characters):
#: enough for a precise description (Art. 29 (二)), short enough to read; stated on the form.
DESCRIPTION_MAX_LENGTH = 2000
PURPOSE_MAX_LENGTH = 2000


class AgencyApplicationSettings(Audited, models.Model):
    """Per-agency settings of the applications app: numbering patterns and the extension approver."""

    agency = models.OneToOneField(
        "agencies.Agency",
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        related_name="application_settings",
    )
    tracking_pattern = models.CharField(
        _("申请编号格式"),
        max_length=80,
        default="{short}〔{year}〕第{seq:04d}号",
        help_text=_(
            "可用占位符：{short} 机关简称，{code} 字母代码，{year} 年份，{seq} 流水号；"
            "如 {short}〔{year}〕第{seq:04d}号 或 {code}-{year}-{seq:04d}"
        ),
    )
    letter_pattern = models.CharField(
        _("文书文号格式"),
        max_length=80,
        default="{short}公{kind}〔{year}〕{seq}号",
        help_text=_(
            "可用占位符：{short} 机关简称，{kind} 文书代字（复、补、延、征、费、回），{year}，{seq}"
        ),
    )
    letter_code = models.CharField(
        _("字母代码"), max_length=12, blank=True, help_text=_("如 TJJ，用于 {code}")
    )
    correction_period_workdays = models.PositiveSmallIntegerField(
        _("补正期限（工作日）"), default=15
    )
    reminder_workdays = models.PositiveSmallIntegerField(
        _("到期提醒（工作日）"),
        default=3,
        help_text=_(
            "答复期限、补正、征求意见、缴费、说明理由等期限届满前多少个工作日起每日提醒承办人员"
        ),
    )
    provisional_note = models.CharField(
        _("暂定期限的说明"),
        max_length=200,
        default="（该期限按《全国年节及纪念日放假办法》推算，如国务院公布的节假日安排有调整，以调整后计算的期限为准）",
        help_text=_("文书中的期限涉及尚未公布节假日安排的年份时，紧随日期写明的说明"),
    )
    organisation_addressee = models.CharField(
        _("文书对法人或其他组织的称谓"),
        max_length=8,
        choices=[("你单位", _("你单位")), ("贵单位", _("贵单位"))],
        default="你单位",
        help_text=_("告知书、答复书等文书称呼申请人的用语；自然人申请人一律称“您”"),
    )
    extension_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("政府信息公开工作机构负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "批准延期答复、确定延迟答复的负责人（第三十三条、第三十五条），须为本机关的科室负责人、"
            "签发人或机关管理员；留空时由本机关政府信息公开工作机构的科室负责人批准，"
            "没有的由签发人或机关管理员批准；申请延期的人本人不能批准"
        ),
    )

    class Meta:
        verbose_name = _("依申请公开设置")
        verbose_name_plural = _("依申请公开设置")

    def __str__(self) -> str:
        return f"{self.agency} 依申请公开设置"

    def clean(self):
        from django.core.exceptions import ValidationError

        from gongkai.agencies.models import Membership, Role

        if (
            self.extension_approver_id
            and not Membership.objects.filter(
                user_id=self.extension_approver_id,
                agency_id=self.agency_id,
                role__in=[Role.UNIT_HEAD, Role.SIGNER, Role.AGENCY_ADMIN],
                user__is_active=True,
            ).exists()
        ):
            raise ValidationError(
                {"extension_approver": _("须为本机关在职的科室负责人、签发人或机关管理员")}
            )

    def pattern_values(self, year: int, seq: int, **extra) -> dict:
        """The placeholders of the numbering patterns for this agency, a year and a sequence."""
        return {
            "short": self.agency.display_short_name,
            "code": self.letter_code or self.agency.slug.split("-")[-1].upper(),
            "year": year,
            "seq": seq,
            **extra,
        }

    def tracking_number(self, year: int, seq: int) -> str:
        """The canonical (printed) tracking number of the ``seq``-th case of ``year``."""
        return self.tracking_pattern.format(**self.pattern_values(year, seq))


class Sequence(models.Model):
    """A per-agency, per-year counter (tracking numbers, letter numbers). Locked when incremented."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=20)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "name"], name="sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}/{self.name}={self.last}"


class Application(Audited, models.Model):
    """One 政府信息公开申请."""

    audit_masked = ("id_number", "phone", "email", "address", "query_code_hash")
    audit_exclude = (
        "version",
        "reply_due",
        "correction_notice_due",
        "correction_deadline",
        "pause_from",
        "pause_until",
        "next_window_closes",
        "provisional",
        "received_year",
        "replied_year",
        "updated_at",
        "form_token",
    )

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    unit = models.ForeignKey(
        "agencies.Unit",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    tracking_number = models.CharField(_("申请编号"), max_length=60)
    tracking_year = models.PositiveSmallIntegerField(_("编号年度"))
    query_code_hash = models.CharField(_("查询码（摘要）"), max_length=128, blank=True)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    # --- applicant ----------------------------------------------------------------
    applicant_type = models.CharField(
        _("申请人类型"), max_length=20, choices=APPLICANT_TYPE_CHOICES
    )
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=120)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)

    # --- request ------------------------------------------------------------------
    info_title = models.CharField(_("所需信息名称"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=120, blank=True)
    description = models.TextField(_("所需信息的特征性描述"), blank=True)
    purpose = models.TextField(_("用途（选填）"), blank=True)
    provision_form = models.CharField(
        _("信息提供形式"), max_length=20, choices=ProvisionForm.choices
    )
    receipt_method = models.CharField(
        _("获取信息方式"), max_length=20, choices=ReceiptMethod.choices
    )

    # --- intake -------------------------------------------------------------------
    channel = models.CharField(_("申请渠道"), max_length=20, choices=Channel.choices)
    submitted_on = models.DateField(_("提交日期"))
    received_on = models.DateField(
        _("收到申请日期"), null=True, blank=True, help_text=_("依第三十一条确定")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported = models.BooleanField(_("历史导入"), default=False)

    # --- cached, derived from the events and the calendar (applications.clock.store) --
    # Only dates that do not depend on the day they are read: the live clock state
    # (overdue, due soon, paused) is computed from them at read time
    # (``selectors.with_live_clock``). They change with an event (every action refreshes
    # them) or with the working-day calendar (``services.recompute_open_cases`` runs on
    # every calendar change and, as a check, daily).
    state = models.CharField(_("状态"), max_length=30, choices=State.choices, db_index=True)
    correction_notice_due = models.DateField(_("补正告知截止日"), null=True, blank=True)
    reply_due = models.DateField(
        _("答复期限"),
        null=True,
        blank=True,
        help_text=_(
            "征求意见或缴费期间为最迟的答复期限；依第三十五条确定延迟答复的，为延迟后的期限"
        ),
    )
    correction_deadline = models.DateField(_("补正期限"), null=True, blank=True)
    pause_from = models.DateField(_("暂停计时自"), null=True, blank=True)
    pause_until = models.DateField(_("暂停计时至（最迟）"), null=True, blank=True)
    next_window_closes = models.DateField(_("最近届满的其他期限"), null=True, blank=True)
    provisional = models.BooleanField(_("期限为暂定"), default=False)
    received_year = models.PositiveSmallIntegerField(null=True, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    replied_year = models.PositiveSmallIntegerField(null=True, blank=True)
    extension_pending = models.BooleanField(_("延期待批"), default=False)
    secrecy_cleared = models.BooleanField(
        _("已通过保密审查"),
        default=False,
        help_text=_("当前答复草稿已通过保密审查（第十七条）；重新拟写答复后须重新审查"),
    )

    # --- outcome ------------------------------------------------------------------
    outcome = models.CharField(_("办理结果"), max_length=40, choices=OUTCOME_CHOICES, blank=True)
    reply = models.JSONField(
        _("答复内容"),
        default=dict,
        blank=True,
        help_text=_("办理结果、依据条款、不予公开理由、部分公开时不予公开的内容及理由"),
    )
    delivery_method = models.CharField(_("送达方式"), max_length=40, blank=True)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    postal_tracking = models.CharField(_("邮件单号"), max_length=60, blank=True)

    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "tracking_number"], name="application_tracking_unique"
            )
        ]
        indexes = [
            # Covering index of the annual-report GROUP BY (selectors.report_counts).
            models.Index(
                fields=["agency", "received_year", "replied_year", "applicant_type", "outcome"],
                name="application_report_cov",
            ),
            # The few cases answered after the year they were received in (or not yet):
            # the carry-over part of the report query reads only this partial index.
            models.Index(
                fields=["agency", "received_year", "replied_year", "applicant_type", "outcome"],
                name="application_report_carry",
                condition=models.Q(replied_year__isnull=True)
                | models.Q(replied_year__gt=models.F("received_year")),
            ),
            models.Index(fields=["agency", "state", "reply_due"], name="application_worklist"),
            # The live clock: open cases by due date (overdue, due soon), city-wide.
            models.Index(
                fields=["reply_due", "agency"],
                name="application_open_due",
                condition=~models.Q(state__in=["delivered", "closed", "withdrawn"]),
            ),
            models.Index(fields=["tracking_number"], name="application_tracking"),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def is_person(self) -> bool:
        return self.applicant_type == ApplicantType.NATURAL_PERSON

    @property
    def masked_id_number(self) -> str:
        return mask_id(self.id_number) if self.id_number else ""

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def needs_confirmation(self) -> bool:
        return self.received_on is None and self.channel in CONFIRMATION_CHANNELS


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("登记")
    RECEIPT_CONFIRMED = "receipt_confirmed", _("确认收到")
    ACCEPTED = "accepted", _("受理")
    ROUTED = "routed", _("分办")
    CLAIMED = "claimed", _("签收")
    RETURNED = "returned", _("退回")
    CORRECTION_REQUESTED = "correction_requested", _("告知补正")
    CORRECTION_RECEIVED = "correction_received", _("收到补正")
    CORRECTION_LAPSED = "correction_lapsed", _("逾期未补正")
    CONSULTATION_SENT = "consultation_sent", _("征求意见")
    CONSULTATION_CLOSED = "consultation_closed", _("征求意见结束")
    EXTENSION_REQUESTED = "extension_requested", _("申请延期")
    EXTENSION_APPROVED = "extension_approved", _("批准延期")
    EXTENSION_REJECTED = "extension_rejected", _("不批准延期")
    FEE_NOTICE = "fee_notice", _("收费通知")
    FEE_PAID = "fee_paid", _("已缴费")
    FEE_LAPSED = "fee_lapsed", _("逾期未缴费")
    FEE_NOTICE_RECEIVED = "fee_notice_received", _("收费通知送达")
    REASONS_REQUESTED = "reasons_requested", _("要求说明理由")
    REASONS_RECEIVED = "reasons_received", _("收到理由")
    DELAY_SET = "delay_set", _("确定延迟答复")
    SECRECY_REVIEWED = "secrecy_reviewed", _("保密审查")
    REPLY_DRAFTED = "reply_drafted", _("拟写答复")
    REVIEW_APPROVED = "review_approved", _("审核通过")
    REVIEW_REJECTED = "review_rejected", _("审核退回")
    SIGNED_OFF = "signed_off", _("签发")
    DELIVERED = "delivered", _("送达")
    CLOSED = "closed", _("办结归档")
    WITHDRAWN = "withdrawn", _("申请人撤回")
    REOPENED = "reopened", _("重新办理")
    IMPORTED = "imported", _("历史导入")
    NOTE = "note", _("备注")


#: Events the applicant sees (kind and date only, never notes) on the status page.
PUBLIC_EVENT_KINDS = frozenset(
    {
        EventKind.REGISTERED,
        EventKind.RECEIPT_CONFIRMED,
        EventKind.ACCEPTED,
        EventKind.CORRECTION_REQUESTED,
        EventKind.CORRECTION_RECEIVED,
        EventKind.CORRECTION_LAPSED,
        EventKind.CONSULTATION_SENT,
        EventKind.CONSULTATION_CLOSED,
        EventKind.EXTENSION_APPROVED,
        EventKind.FEE_NOTICE,
        EventKind.FEE_PAID,
        EventKind.FEE_LAPSED,
        EventKind.REASONS_REQUESTED,
        EventKind.REASONS_RECEIVED,
        EventKind.DELAY_SET,
        EventKind.SIGNED_OFF,
        EventKind.DELIVERED,
        EventKind.CLOSED,
        EventKind.WITHDRAWN,
        EventKind.REOPENED,
    }
)


class EventLogIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an application event."""


class ApplicationEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise EventLogIsAppendOnly("application events cannot be updated")

    def delete(self):
        raise EventLogIsAppendOnly("application events cannot be deleted")


class ApplicationEvent(models.Model):
    """One thing that happened to a case. Append-only; the clock is derived from these."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("事件"), max_length=30, choices=EventKind.choices)
    on = models.DateField(_("日期"), help_text=_("事件生效的日期（如签收日、补正收到日）"))
    at = models.DateTimeField(_("记录时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人名称"), max_length=150, blank=True)
    data = models.JSONField(_("内容"), default=dict, blank=True)

    objects = ApplicationEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理事件")
        verbose_name_plural = _("办理事件")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"])]

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()} {self.on}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise EventLogIsAppendOnly("application events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EventLogIsAppendOnly("application events cannot be deleted")

    def details(self) -> list[tuple[str, str]]:
        """The recorded data as (label, text) pairs for the timeline (``event_details``)."""
        from gongkai.applications.event_details import details

        return details(self.data)


def _upload_to(instance, filename: str) -> str:
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}/{filename}"


class Attachment(Audited, models.Model):
    """A file the applicant (or the registrar) attached: ID proof, authorisation letter."""

    class Kind(models.TextChoices):
        ID_PROOF = "id_proof", _("身份证明")
        AUTHORISATION = "authorisation", _("授权委托书")
        OTHER = "other", _("其他材料")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("材料类型"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to=_upload_to)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=60)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self) -> str:
        return self.original_name

    def audit_agency_id(self):
        return self.application.agency_id


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", _("登记回执")
    CORRECTION = "correction", _("补正告知书")
    EXTENSION = "extension", _("延期答复告知书")
    CONSULTATION = "consultation", _("征求意见书")
    FEE = "fee", _("收费通知书")
    REASONS = "reasons", _("说明理由通知书")
    DELAY = "delay", _("延迟答复告知书")
    REPLY = "reply", _("答复书")


def _letter_upload_to(instance, filename: str) -> str:
    return f"letters/{instance.agency_id}/{instance.year}/{uuid.uuid4().hex}/{filename}"


class LetterIsFrozen(Exception):
    """Raised when an issued letter would be changed."""


class Letter(Audited, models.Model):
    """A letter of a case: an editable draft until issued; the issued files never change."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已出具")

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField(_("文书类型"), max_length=20, choices=LetterKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    number = models.CharField(_("文号"), max_length=80, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    recipient = models.CharField(_("主送"), max_length=200)
    body = models.TextField(_("正文"), help_text=_("每段一行；出具后不可修改"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    issued_at = models.DateTimeField(_("出具时间"), null=True, blank=True)
    docx = models.FileField(_("DOCX"), upload_to=_letter_upload_to, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=_letter_upload_to, blank=True)
    #: ``gongkai.pdf.fingerprint()`` of the stored PDF: it is made again when that changes
    #: (e.g. a PDF first made on a machine without its CJK font).
    pdf_made_with = models.CharField(_("PDF 生成方式"), max_length=200, blank=True, editable=False)
    to_applicant = models.BooleanField(_("送达申请人"), default=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number"],
                condition=~models.Q(number=""),
                name="letter_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            stored = Letter.objects.filter(pk=self.pk).values("status").first()
            if stored and stored["status"] == self.Status.ISSUED:
                raise LetterIsFrozen("issued letters cannot be changed")
        super().save(*args, **kwargs)

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED


class ReleasedFile(Audited, models.Model):
    """Information provided to the applicant (the released documents), downloadable by them."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="released_files"
    )
    file = models.FileField(_("文件"), upload_to=_upload_to)
    name = models.CharField(_("名称"), max_length=200)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("提供的信息")
        verbose_name_plural = _("提供的信息")

    def __str__(self) -> str:
        return self.name

    def audit_agency_id(self):
        return self.application.agency_id


class Inquiry(Audited, models.Model):
    """A 咨询 (市长信箱, phone...): not an application; logged, routed, answered and counted."""

    audit_masked = ("contact",)

    class Channel(models.TextChoices):
        MAYOR_MAILBOX = "mayor_mailbox", _("市长信箱")
        PHONE = "phone", _("电话")
        IN_PERSON = "in_person", _("现场")
        ONLINE = "online", _("网上咨询")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        LOGGED = "logged", _("已登记")
        ROUTED = "routed", _("已转办")
        ANSWERED = "answered", _("已答复")

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "agencies.Unit",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    asker = models.CharField(_("咨询人"), max_length=80, blank=True)
    contact = models.CharField(_("联系方式"), max_length=80, blank=True)
    question = models.TextField(_("咨询内容"))
    received_on = models.DateField(_("收到日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.LOGGED
    )
    answer = models.TextField(_("答复内容"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("咨询")
        verbose_name_plural = _("咨询")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["agency", "received_on"], name="inquiry_agency_date")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_on} {self.question[:20]}"
