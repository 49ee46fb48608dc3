"""Art. 20 registers (规章, 规范性文件, 许可, 处罚, 强制, 收费, 采购) and 行政复议 / 行政诉讼 cases.

Table 二 of the annual report is counted from ``Art20Record`` rows (one per document,
matter, decision, fee collection or procurement project, with its dates and amount).
An ``Art20Count`` row (one per agency, year and item) is a hand-entered **override** of
those counts, with its reason; the report lists every override it used. For an agency
with neither, 规章 and 规范性文件 are derived from catalogue records when the catalogue
app provides them (see ``registers.selectors.art20_counts``). Table 四 is counted from
``ReviewCase`` rows, which also carry the answer deadline (``rules.review_deadlines``).
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.audit.models import Audited


class Art20Item(models.TextChoices):
    """The Art. 20 items that table 二 reports, in printed order."""

    REGULATION = "regulation", _("规章")
    NORMATIVE_DOCUMENT = "normative_document", _("（行政）规范性文件")
    LICENSING = "licensing", _("行政许可")
    OTHER_SERVICE = "other_service", _("其他对外管理服务事项")
    PENALTY = "penalty", _("行政处罚")
    ENFORCEMENT = "enforcement", _("行政强制")
    FEE = "fee", _("行政事业性收费")
    PROCUREMENT = "procurement", _("政府集中采购")


#: Which fields of ``Art20Count`` each item uses (the rest stay 0).
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    Art20Item.REGULATION: ("issued", "published", "repealed", "in_force", "published_total"),
    Art20Item.NORMATIVE_DOCUMENT: (
        "issued",
        "published",
        "repealed",
        "in_force",
        "published_total",
    ),
    Art20Item.LICENSING: ("items_last_year", "items_change", "decisions"),
    Art20Item.OTHER_SERVICE: ("items_last_year", "items_change", "decisions"),
    Art20Item.PENALTY: ("items_last_year", "items_change", "decisions"),
    Art20Item.ENFORCEMENT: ("items_last_year", "items_change", "decisions"),
    Art20Item.FEE: ("items_last_year", "items_change", "amount"),
    Art20Item.PROCUREMENT: ("projects", "amount"),
}

_count = dict(default=0, validators=[MinValueValidator(0)])


class Art20Count(Audited, models.Model):
    """A hand-entered override of one Art. 20 item of one agency for one calendar year.

    When present, its figures replace what the agency's ``Art20Record`` rows give for
    that item and year (e.g. years before the register was kept), and the report says so
    with ``reason``. Both national formats are served from the same row: the 2019 format
    prints 新制作 / 新公开 / 对外公开总数量 and 上一年项目数量 / 本年增减 / 处理决定数量;
    the 2021 format prints 制发 / 废止 / 现行有效, 处理决定数量 and the fee amount.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        related_name="art20_counts",
    )
    year = models.PositiveIntegerField(_("年度"), validators=[MinValueValidator(2008)])
    item = models.CharField(_("事项"), max_length=30, choices=Art20Item.choices)
    issued = models.PositiveIntegerField(
        _("本年制发（新制作）件数"), help_text=_("规章、规范性文件"), **_count
    )
    published = models.PositiveIntegerField(
        _("本年新公开数量"), help_text=_("2019年格式"), **_count
    )
    repealed = models.PositiveIntegerField(_("本年废止件数"), help_text=_("2021年格式"), **_count)
    in_force = models.PositiveIntegerField(_("现行有效件数"), help_text=_("2021年格式"), **_count)
    published_total = models.PositiveIntegerField(
        _("对外公开总数量"), help_text=_("2019年格式"), **_count
    )
    items_last_year = models.PositiveIntegerField(_("上一年项目数量"), **_count)
    items_change = models.IntegerField(_("本年增/减"), default=0, help_text=_("减少时填负数"))
    decisions = models.PositiveIntegerField(_("本年处理决定数量"), **_count)
    projects = models.PositiveIntegerField(_("采购项目数量"), **_count)
    amount = models.DecimalField(
        _("金额（万元）"),
        max_digits=14,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("行政事业性收费：本年收费金额；政府集中采购：采购总金额。单位：万元"),
    )
    reason = models.CharField(
        _("手工覆盖理由"),
        max_length=200,
        help_text=_(
            "本行数字将替代按登记记录统计的数字，年度报告会注明为手工覆盖。如：登记簿启用前的年度"
        ),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("法定主动公开事项统计（手工覆盖）")
        verbose_name_plural = _("法定主动公开事项统计（手工覆盖）")
        ordering = ["agency", "-year", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "item"], name="art20count_unique_item_per_year"
            )
        ]
        indexes = [models.Index(fields=["year", "agency"])]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.get_item_display()}"


#: Items whose records are documents (制发 / 废止 / 现行有效).
DOCUMENT_ITEMS = (Art20Item.REGULATION, Art20Item.NORMATIVE_DOCUMENT)
#: Items whose dated records are 处理决定 (counted in 本年处理决定数量).
DECISION_ITEMS = (
    Art20Item.LICENSING,
    Art20Item.OTHER_SERVICE,
    Art20Item.PENALTY,
    Art20Item.ENFORCEMENT,
)


class Art20Record(Audited, models.Model):
    """One entry of an Art. 20 register, from which table 二 is counted.

    What a record is depends on the item and on which date it carries:

    * 规章, 规范性文件: a document, ``issued_on`` (制发) and, once repealed, ``repealed_on``
      (废止). Counted: 本年制发 (issued in the year), 本年废止 (repealed in the year),
      现行有效 (issued by 31 December and not repealed by then); the 2019 format's 新公开
      and 对外公开总数量 are taken as 制发 and 现行有效.
    * 许可, 其他对外管理服务, 处罚, 强制: a 处理决定 (``decided_on``) counted in 本年处理决定数量
      of its year; or a listed matter (事项, ``issued_on`` 设立 / ``repealed_on`` 取消) counted in
      the 2019 format's 上一年项目数量 (in force on 31 December of the year before) and
      本年增/减 (set up minus abolished in the year).
    * 行政事业性收费: a collection (``decided_on`` with ``amount``), summed into 本年收费金额;
      or a fee item (事项) as above.
    * 政府集中采购: a project (``decided_on`` the purchase date, ``amount``), counted in
      采购项目数量 and summed into 采购总金额.

    Amounts are in 万元, as the report prints them.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        related_name="art20_records",
    )
    kind = models.CharField(_("事项"), max_length=30, choices=Art20Item.choices)
    title = models.CharField(_("名称"), max_length=200)
    number = models.CharField(_("文号/编号"), max_length=80, blank=True)
    issued_on = models.DateField(
        _("制发（设立）日期"),
        null=True,
        blank=True,
        help_text=_("规章、规范性文件的制发日期；许可、处罚等事项或收费项目的设立日期"),
    )
    repealed_on = models.DateField(
        _("废止（取消）日期"), null=True, blank=True, help_text=_("文件废止或事项取消的日期")
    )
    decided_on = models.DateField(
        _("决定（收费、采购）日期"),
        null=True,
        blank=True,
        help_text=_("处理决定的作出日期；收费的收取日期；政府集中采购项目的采购日期"),
    )
    amount = models.DecimalField(
        _("金额（万元）"),
        max_digits=14,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("收费金额或采购金额，单位：万元"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("法定主动公开事项登记")
        verbose_name_plural = _("法定主动公开事项登记")
        ordering = ["agency", "kind", "-decided_on", "-issued_on"]
        indexes = [
            models.Index(fields=["agency", "kind"]),
            models.Index(fields=["agency", "decided_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number or self.title}"

    @property
    def is_dated_entry(self) -> bool:
        """A decision, collection or project (counted in the year of ``decided_on``)."""
        return self.decided_on is not None

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        kind = self.kind
        if kind in DOCUMENT_ITEMS:
            if self.issued_on is None:
                errors["issued_on"] = _("规章、规范性文件须填写制发日期")
            if self.decided_on is not None:
                errors["decided_on"] = _("规章、规范性文件不填写决定日期")
        elif kind == Art20Item.PROCUREMENT:
            if self.decided_on is None:
                errors["decided_on"] = _("政府集中采购项目须填写采购日期")
            if self.issued_on or self.repealed_on:
                errors["issued_on"] = _("政府集中采购项目不填写制发、废止日期")
        elif kind:
            if (self.decided_on is None) == (self.issued_on is None):
                errors["decided_on"] = _(
                    "处理决定（收费）填写决定日期；事项（收费项目）填写设立日期；二者填其一"
                )
            elif self.decided_on is not None and self.repealed_on is not None:
                errors["repealed_on"] = _("处理决定不填写取消日期")
        if self.repealed_on and self.issued_on and self.repealed_on < self.issued_on:
            errors["repealed_on"] = _("废止日期不能早于制发日期")
        if self.repealed_on and not self.issued_on and "issued_on" not in errors:
            errors["issued_on"] = _("填写废止日期时须填写制发日期")
        if self.amount and not (
            kind in (Art20Item.FEE, Art20Item.PROCUREMENT) and self.decided_on is not None
        ):
            errors["amount"] = _("只有收费和政府集中采购项目填写金额")
        if errors:
            raise ValidationError(errors)


class ReviewCase(Audited, models.Model):
    """A 行政复议 or 行政诉讼 case in which the agency's disclosure work is challenged.

    Counted in table 四 of the annual report (Art. 50(三)): cases filed (立案/受理) in the
    year, with their result as it stood on 31 December (a case decided later is 尚未审结
    in that year's report, and is not counted again the year it is decided).

    Its clock: the day the agency received the copy of the application or complaint
    (``copy_received_on``) starts the answer period of ``rules.review_deadlines`` (复议:
    10 working days, 5 under the simple procedure; 诉讼: 15 days); ``answered_on`` records
    the 书面答复 / 答辩状 submitted; ``decided_date`` and ``result`` the decision or judgment.
    Open deadlines are listed by ``selectors.open_deadlines`` for the daily reminders.
    """

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("行政复议")
        LITIGATION_DIRECT = "litigation_direct", _("行政诉讼（未经复议直接起诉）")
        LITIGATION_AFTER = "litigation_after", _("行政诉讼（复议后起诉）")

    class Result(models.TextChoices):
        UPHELD = "upheld", _("结果维持")
        CORRECTED = "corrected", _("结果纠正")
        OTHER = "other", _("其他结果")
        PENDING = "pending", _("尚未审结")

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("被申请人/被告机关"),
        on_delete=models.CASCADE,
        related_name="review_cases",
    )
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    case_number = models.CharField(_("案号"), max_length=80, blank=True)
    body = models.CharField(
        _("复议机关/受理法院"), max_length=120, blank=True, help_text=_("如：满洲里市人民政府")
    )
    applicant_name = models.CharField(_("申请人/原告"), max_length=120, blank=True)
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("关联申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_cases",
        help_text=_("案件涉及本系统中的政府信息公开申请时选择"),
    )
    tracking_number = models.CharField(
        _("关联申请编号"),
        max_length=40,
        blank=True,
        help_text=_("填写申请编号；本系统中有该申请时自动关联"),
    )
    filed_date = models.DateField(_("立案（受理）日期"))
    simple_procedure = models.BooleanField(
        _("适用简易程序"),
        default=False,
        help_text=_(
            "仅限行政复议：政府信息公开案件可以适用简易程序（行政复议法第五十三条），"
            "书面答复期限为五个工作日（第五十四条）"
        ),
    )
    copy_received_on = models.DateField(
        _("收到申请书副本（起诉状副本）日期"),
        null=True,
        blank=True,
        help_text=_(
            "收到行政复议申请书副本或起诉状副本的日期，答复（答辩）期限自次日起算："
            "行政复议十个工作日（简易程序五个工作日），行政诉讼十五日"
        ),
    )
    answered_on = models.DateField(_("提交书面答复（答辩状）日期"), null=True, blank=True)
    decided_date = models.DateField(_("审结日期"), null=True, blank=True)
    result = models.CharField(
        _("结果"), max_length=20, choices=Result.choices, default=Result.PENDING
    )
    note = models.TextField(_("备注"), blank=True)

    audit_masked = ("applicant_name",)

    class Meta:
        verbose_name = _("行政复议、行政诉讼案件")
        verbose_name_plural = _("行政复议、行政诉讼案件")
        ordering = ["agency", "-filed_date"]
        indexes = [models.Index(fields=["agency", "filed_date"])]

    def __str__(self) -> str:
        label = self.case_number or self.filed_date.isoformat()
        return f"{self.get_kind_display()} {label}"

    def _find_application(self):
        """The agency's application with this tracking number, if the system holds it."""
        from django.apps import apps

        try:
            Application = apps.get_model("applications", "Application")
        except LookupError:
            return None
        from gongkai.applications.selectors import canonical_tracking_numbers
        from gongkai.rules.tracking import TrackingNumberError

        try:
            numbers = canonical_tracking_numbers(self.tracking_number)
        except TrackingNumberError:
            numbers = [self.tracking_number.strip()]
        return Application.objects.filter(
            agency_id=self.agency_id, tracking_number__in=numbers
        ).first()

    @property
    def is_litigation(self) -> bool:
        return self.kind != self.Kind.RECONSIDERATION

    def answer_rule(self):
        """The statutory answer period for this case (``rules.review_deadlines``)."""
        from gongkai.rules.review_deadlines import answer_rule

        return answer_rule(litigation=self.is_litigation, simple_procedure=self.simple_procedure)

    def answer_due(self, cal=None):
        """The last day for the 书面答复 / 答辩状, or None before the copy is received."""
        if self.copy_received_on is None:
            return None
        from gongkai.rules.review_deadlines import answer_due

        if cal is None:
            from gongkai.workdays import calendar

            cal = calendar()
        return answer_due(self.answer_rule(), self.copy_received_on, cal)

    def answer_due_display(self) -> str:
        """The answer's last day for lists: the day, and whether it is met, open or missed."""
        due = self.answer_due()
        if due is None:
            return "—"
        if self.answered_on is not None:
            state = _("已答复") if self.answered_on <= due else _("逾期答复")
        else:
            from django.utils import timezone

            state = _("已逾期") if timezone.localdate() > due else _("未答复")
        return f"{due.isoformat()}（{state}）"

    def result_on(self, day) -> str:
        """The result as it stood on ``day``: pending until decided."""
        if self.decided_date is None or self.decided_date > day or self.result == "":
            return self.Result.PENDING
        return self.result

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.application_id and not self.tracking_number:
            self.tracking_number = self.application.tracking_number
        elif self.tracking_number and not self.application_id and self.agency_id:
            self.application = self._find_application()
        if self.application_id and self.agency_id and self.application.agency_id != self.agency_id:
            raise ValidationError({"application": _("关联申请不属于该机关")})

        if self.decided_date and self.decided_date < self.filed_date:
            raise ValidationError({"decided_date": _("审结日期不能早于立案日期")})
        if self.result != self.Result.PENDING and self.decided_date is None:
            raise ValidationError({"decided_date": _("已审结的案件须填写审结日期")})
        if self.simple_procedure and self.is_litigation:
            raise ValidationError({"simple_procedure": _("简易程序仅适用于行政复议案件")})
        if self.answered_on and self.copy_received_on is None:
            raise ValidationError(
                {"copy_received_on": _("填写答复（答辩）日期时须填写收到副本日期")}
            )
        if self.answered_on and self.answered_on < self.copy_received_on:
            raise ValidationError({"answered_on": _("答复（答辩）日期不能早于收到副本日期")})
